/**
 * Loads something now and every `intervalMs`, keeping the last good answer and, apart from
 * it, the last failure: a view shows both, so old data never passes for current.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export interface Poll<T> {
  data: T | null;
  /** Set while the latest attempt failed; cleared by the next success. */
  error: Error | null;
  /** When `data` was fetched (ms since the epoch), null before the first success. */
  updatedAt: number | null;
  /** Load again now (after a write). */
  refresh: () => void;
}

export function usePoll<T>(load: () => Promise<T>, intervalMs: number, key: string, enabled = true): Poll<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; updatedAt: number | null }>({ data: null, error: null, updatedAt: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  // Each attempt has a number; an answer older than the newest one started is dropped.
  const attempt = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++attempt.current;
    loadRef.current().then(
      (data) => {
        if (mine === attempt.current) setState({ data, error: null, updatedAt: Date.now() });
      },
      (err: unknown) => {
        if (mine === attempt.current) setState((s) => ({ ...s, error: err instanceof Error ? err : new Error(String(err)) }));
      },
    );
  }, []);

  const loadedKey = useRef<string | null>(null);
  useEffect(() => {
    if (loadedKey.current !== key) {
      // A new key (another filter) starts clean: the old key's rows are not this view's.
      if (loadedKey.current !== null) setState({ data: null, error: null, updatedAt: null });
      loadedKey.current = key;
      refresh();
    }
    if (!enabled) return;
    const t = setInterval(refresh, intervalMs);
    return () => clearInterval(t);
  }, [key, intervalMs, enabled, refresh]);

  return { ...state, refresh };
}
