/**
 * Tile text updates spread over animation frames. A 4 Hz delta changes the text of dozens
 * of tiles on screen at once (a reason's seconds, a rate), and every abnormal tile's age
 * ticks in the same second; rendered together, their style, layout and paint make one long
 * frame. Here each frame renders at most MAX_PER_FRAME tiles, the rest wait a frame or a
 * few (a text that is 50 ms late is not seen; a frame of 200 ms is). A level change does not
 * wait: the tile renders it at once (usePacedChannel).
 */
import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import type { ChannelEntry, ChannelStore } from "../live/channel-store.js";
import type { Level } from "../types.js";
import { bump, onTick } from "../hooks.js";
import { FrameQueue } from "./frame-queue.js";

const MAX_PER_FRAME = 24;

const renders = new FrameQueue((done) => done < MAX_PER_FRAME);

/** Runs `job` in a coming frame; a key queued again keeps its place (one render covers both). */
export function pace(key: object, job: () => void): void {
  renders.add(key, job);
}

export function unpace(key: object): void {
  renders.remove(key);
}

/**
 * The channel's entry, re-rendered on its changes: at once when its level changed (the
 * colour must not wait), paced otherwise.
 */
export function usePacedChannel(store: ChannelStore, name: string): ChannelEntry | undefined {
  const [, force] = useReducer<number, void>(bump, 0);
  const shown = useRef<Level | undefined>(undefined);
  shown.current = store.level(name);
  useEffect(() => {
    const key = {};
    const unsubscribe = store.subscribeChannel(name, () => {
      if (store.level(name) !== shown.current) {
        unpace(key);
        force();
      } else pace(key, force);
    });
    return () => {
      unsubscribe();
      unpace(key);
    };
  }, [store, name]);
  return store.get(name);
}

/** Date.now(), refreshed about every second (paced, on the page's shared 1 s tick) while `enabled`: calm tiles do not tick. */
export function usePacedSecond(enabled: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!enabled) return;
    const key = {};
    const stop = onTick(1000, () => pace(key, () => setNow(Date.now())));
    return () => {
      stop();
      unpace(key);
    };
  }, [enabled]);
  return enabled ? now : Date.now();
}
