/** Small hooks: re-render on a store signal, or on a clock. */
import { useEffect, useReducer, useState } from "preact/hooks";
import type { ChannelEntry, ChannelStore } from "./live/channel-store.js";
import type { Signal } from "./live/signal.js";

const bump = (n: number): number => n + 1;

export function useSignal(signal: Signal): void {
  const [, force] = useReducer<number, void>(bump, 0);
  useEffect(() => signal.subscribe(force), [signal]);
}

export function useChannel(store: ChannelStore, name: string): ChannelEntry | undefined {
  const [, force] = useReducer<number, void>(bump, 0);
  useEffect(() => store.subscribeChannel(name, force), [store, name]);
  return store.get(name);
}

/** Date.now(), refreshed every `ms` while `enabled` (calm tiles do not tick). */
export function useNow(ms: number, enabled = true): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!enabled) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms, enabled]);
  return enabled ? now : Date.now();
}
