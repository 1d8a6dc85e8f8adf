/** Small hooks: re-render on a store signal, or on a clock. */
import { useEffect, useReducer, useState } from "preact/hooks";
import type { ChannelEntry, ChannelStore } from "./live/channel-store.js";
import type { Signal } from "./live/signal.js";

/** A reducer that only counts: dispatching it re-renders. */
export const bump = (n: number): number => n + 1;

export function useSignal(signal: Signal): void {
  const [, force] = useReducer<number, void>(bump, 0);
  useEffect(() => signal.subscribe(force), [signal]);
}

export function useChannel(store: ChannelStore, name: string): ChannelEntry | undefined {
  const [, force] = useReducer<number, void>(bump, 0);
  useEffect(() => store.subscribeChannel(name, force), [store, name]);
  return store.get(name);
}

/**
 * One timer per period for the whole page: hundreds of tiles ticking on their own timers
 * would each cause a render and a layout at a different moment of the second.
 */
const tickers = new Map<number, { listeners: Set<() => void>; timer: ReturnType<typeof setInterval> }>();

export function onTick(ms: number, listener: () => void): () => void {
  let ticker = tickers.get(ms);
  if (!ticker) {
    const listeners = new Set<() => void>();
    ticker = { listeners, timer: setInterval(() => listeners.forEach((l) => l()), ms) };
    tickers.set(ms, ticker);
  }
  ticker.listeners.add(listener);
  const mine = ticker;
  return () => {
    mine.listeners.delete(listener);
    if (mine.listeners.size === 0) {
      clearInterval(mine.timer);
      tickers.delete(ms);
    }
  };
}

/** Date.now(), refreshed every `ms` while `enabled` (calm tiles do not tick). */
export function useNow(ms: number, enabled = true): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => (enabled ? onTick(ms, () => setNow(Date.now())) : undefined), [ms, enabled]);
  return enabled ? now : Date.now();
}
