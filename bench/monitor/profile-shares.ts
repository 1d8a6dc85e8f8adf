/** Where the monitor's main thread spent a profiled window: receive, decode, ingest, evaluate, GC. */
import { readFileSync } from "node:fs";
import { summarize } from "../lib/cpuprofile-summary.js";

export interface ProfileShares {
  profiledMs: number;
  /** Profiled time not idle. */
  busyMs: number;
  groups: Array<{ label: string; ms: number }>;
}

/**
 * Functions of the tsc output as V8 names them (file:line of the .js), by inclusive time,
 * or by self time where a caller's inclusive time would also hold its consumers' work.
 * zeromq.js's native receive() shows as self time of Receiver.frames, which calls it, and
 * of a native frame V8 labels "Proxy" (the addon's callback); frames() does nothing else.
 */
const GROUPS: ReadonlyArray<readonly [string, "self" | "total", RegExp]> = [
  ["zeromq.js receive() (native: one JS Buffer per frame)", "self", /^(frames receiver\.js:\d+|Proxy)$/],
  ["MessageDecoder.decode (main header JSON, header cache)", "total", /^decode decode\.js:/],
  ["Ingest.handle (per-channel counters)", "total", /^handle ingest\.js:/],
  ["Monitor.evaluate (rules, sources, alerts)", "total", /^evaluate monitor\.js:/],
  ["REST: recorded-state polls, catalog (DispatcherClient)", "total", /^(channelStates|liveChannels) dispatcher-client\.js:/],
  ["garbage collector", "total", /^\(garbage collector\)$/],
  ["(program): native work outside JS", "total", /^\(program\)$/],
];

export function profileShares(path: string): ProfileShares {
  const { totalMs, functions } = summarize(JSON.parse(readFileSync(path, "utf8")) as Parameters<typeof summarize>[0]);
  const idle = functions.find((f) => f.name === "(idle)")?.totalMs ?? 0;
  return {
    profiledMs: totalMs,
    busyMs: totalMs - idle,
    groups: GROUPS.map(([label, time, pattern]) => ({
      label,
      ms: functions.filter((f) => pattern.test(f.name)).reduce((sum, f) => sum + (time === "self" ? f.selfMs : f.totalMs), 0),
    })),
  };
}
