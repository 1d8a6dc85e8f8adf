/**
 * The one way the UI polls: loads now and again `intervalMs` after each answer settles (never
 * two requests at once), only while the tab is visible and `enabled`. Keeps the last good
 * answer and, apart from it, the last failure; an answer that comes after unmount or after
 * `key` changed is dropped. `stale` turns true on a failure or when no answer came for three
 * intervals (a hung server, a hidden tab): views then grey what they show and say UNKNOWN.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { usePageVisible } from "./page-visible.js";

export interface Poll<T> {
  data: T | null;
  /** Set while the latest attempt failed; cleared by the next success. */
  error: Error | null;
  /** When `data` was fetched (ms since the epoch), null before the first success. */
  updatedAt: number | null;
  /** True while `data` cannot be taken as current: the last attempt failed, or none succeeded for 3 intervals. */
  stale: boolean;
  /** Load again now (after a write); while a request runs, right after it. */
  refresh: () => void;
}

/** Pause after an answer: fixed, or chosen from the last answer (e.g. slower for images or after an error). */
export type PollInterval<T> = number | ((data: T | null, error: Error | null) => number);

/** Without an answer for this many intervals, data counts as stale. */
const STALE_INTERVALS = 3;

interface State<T> {
  /** The key these data belong to: after a key change, nothing of the old key is shown. */
  key: string;
  data: T | null;
  error: Error | null;
  updatedAt: number | null;
  late: boolean;
}

export function usePoll<T>(load: () => Promise<T>, intervalMs: PollInterval<T>, key: string, enabled = true): Poll<T> {
  const [state, setState] = useState<State<T>>({ key, data: null, error: null, updatedAt: null, late: false });
  const visible = usePageVisible();
  const loadRef = useRef(load);
  loadRef.current = load;
  const intervalRef = useRef(intervalMs);
  intervalRef.current = intervalMs;
  const keyRef = useRef(key);
  keyRef.current = key;
  const mounted = useRef(true);
  /** The request in flight (at most one), and a wish to load again right after it. */
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  /** Wakes the running loop early (refresh); null while no loop waits. */
  const wake = useRef<(() => void) | null>(null);
  /** The last settled attempt, to choose the next pause from. */
  const last = useRef<{ data: T | null; error: Error | null }>({ data: null, error: null });
  const lastDelay = useRef(2000);

  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  /** One request; its answer lands only if the component and the key are still the same. */
  const attempt = useCallback((): Promise<void> => {
    if (inFlight.current) {
      again.current = true;
      return inFlight.current;
    }
    const forKey = keyRef.current;
    const current = () => mounted.current && keyRef.current === forKey;
    const settled = loadRef
      .current()
      .then(
        (data) => {
          if (!current()) return;
          last.current = { data, error: null };
          setState({ key: forKey, data, error: null, updatedAt: Date.now(), late: false });
        },
        (err: unknown) => {
          if (!current()) return;
          const error = err instanceof Error ? err : new Error(String(err));
          last.current = { ...last.current, error };
          setState((s) => (s.key === forKey ? { ...s, error } : { key: forKey, data: null, error, updatedAt: null, late: false }));
        },
      )
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = settled;
    return settled;
  }, []);

  const running = enabled && visible;
  useEffect(() => {
    if (!running) return;
    let stopped = false;
    let timer: number | undefined;
    last.current = { data: null, error: null };
    const loop = async (): Promise<void> => {
      wake.current = null;
      clearTimeout(timer);
      // One at a time: a request still running from before (another key, a refresh) is waited for.
      if (inFlight.current) await inFlight.current;
      if (stopped) return;
      again.current = false;
      await attempt();
      if (stopped) return;
      if (again.current) return void loop();
      const i = intervalRef.current;
      lastDelay.current = typeof i === "number" ? i : i(last.current.data, last.current.error);
      timer = window.setTimeout(() => void loop(), lastDelay.current);
      wake.current = () => void loop();
    };
    void loop();
    return () => {
      stopped = true;
      wake.current = null;
      clearTimeout(timer);
    };
  }, [running, key, attempt]);

  // No answer for STALE_INTERVALS intervals: late, until the next one.
  useEffect(() => {
    const at = state.updatedAt;
    if (at === null || state.late) return;
    const span = STALE_INTERVALS * Math.max(lastDelay.current, 1000);
    const t = setTimeout(() => setState((s) => (s.updatedAt === at ? { ...s, late: true } : s)), Math.max(0, at + span - Date.now()));
    return () => clearTimeout(t);
  }, [state.updatedAt, state.late]);

  const refresh = useCallback(() => {
    if (wake.current) wake.current();
    else if (inFlight.current) again.current = true;
    else if (mounted.current) void attempt();
  }, [attempt]);

  if (state.key !== key) return { data: null, error: null, updatedAt: null, stale: false, refresh };
  return { data: state.data, error: state.error, updatedAt: state.updatedAt, stale: state.error !== null || state.late, refresh };
}
