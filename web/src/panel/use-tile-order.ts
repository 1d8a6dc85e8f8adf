/**
 * The tiles' order, re-sorted at most once a MOVE_EVERY_MS. A worst-first wall moves nearly
 * every tile when one channel changes level (each later tile shifts by one place); with
 * levels changing every second that would move the whole wall on every delta. A tile still
 * re-colours at once (it renders its own level); only its place waits, and the first change
 * after a quiet second moves at once. A new set of names, a new sort or grouping, or the link
 * going up or down re-orders at once.
 */
import { useEffect, useMemo, useReducer, useRef } from "preact/hooks";
import { bump } from "../hooks.js";
import type { ChannelStore } from "../live/channel-store.js";
import { orderTiles, type SortMode, type TileGroup } from "./order.js";

export const MOVE_EVERY_MS = 1000;

interface Last {
  at: number;
  names: readonly string[];
  live: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export function useTileOrder(store: ChannelStore, sort: SortMode, bySource: boolean): TileGroup[] {
  const [version, again] = useReducer<number, void>(bump, 0);
  const last = useRef<Last>({ at: -Infinity, names: store.names, live: store.live, timer: undefined });
  useEffect(() => {
    const s = last.current;
    const now = () => {
      clearTimeout(s.timer);
      s.timer = undefined;
      again();
    };
    const unsubscribe = store.structure.subscribe(() => {
      if (s.names !== store.names || s.live !== store.live) return now();
      if (s.timer !== undefined) return; // a re-order is already due
      const wait = s.at + MOVE_EVERY_MS - performance.now();
      if (wait <= 0) now();
      else s.timer = setTimeout(now, wait);
    });
    return () => {
      unsubscribe();
      clearTimeout(s.timer);
      s.timer = undefined;
    };
  }, [store]);
  return useMemo(() => {
    const s = last.current;
    s.at = performance.now();
    s.names = store.names;
    s.live = store.live;
    return orderTiles(store, sort, bySource);
    // version: the store changed in place (levels, names); the subscription says when to look again.
  }, [store, sort, bySource, version]);
}
