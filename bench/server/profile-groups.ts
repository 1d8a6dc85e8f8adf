/** Where the server's main thread spent a profiled window: live push, REST, ingest, evaluate, GC. */
import { readFileSync } from "node:fs";
import { summarize } from "../lib/cpuprofile-summary.js";

export interface ProfileGroups {
  profiledMs: number;
  busyMs: number;
  groups: Array<{ label: string; ms: number }>;
}

/**
 * Functions of the tsc output as V8 names them (name file.js:line), inclusive unless "self".
 * Rows starting with "·" are parts of the row above them. JSON.stringify is a builtin: its
 * time is the self time of its caller.
 */
const GROUPS: ReadonlyArray<readonly [string, "self" | "total", RegExp]> = [
  ["LiveHub.push (a tick: every channel's status and signature, then each client's delta)", "total", /^push live-hub\.js:/],
  ["· Monitor.statuses (every watched channel, once per tick)", "total", /^statuses monitor\.js:/],
  ["· LiveHub.summaries (per client and tick with changes: Monitor.summary of the set)", "total", /^summaries live-hub\.js:/],
  ["· LiveHub.channelsOf (per client and tick with changes: the set's names)", "total", /^channelsOf live-hub\.js:/],
  ["· presentChannel (per client and changed channel)", "total", /^presentChannel present\.js:/],
  ["· LiveHub.send (per client and message)", "total", /^send live-hub\.js:/],
  ["· · JSON.stringify (self time of LiveHub.send)", "self", /^send live-hub\.js:/],
  ["· · ws send (byteLength, frame, socket write)", "total", /^send websocket\.js:/],
  ["LiveHub.heartbeat", "total", /^heartbeat live-hub\.js:/],
  ["LiveHub.sendSnapshot (subscribes)", "total", /^sendSnapshot live-hub\.js:/],
  ["Ingest.handle", "total", /^handle ingest\.js:/],
  ["Monitor.evaluate", "total", /^evaluate monitor\.js:/],
  ["garbage collector", "total", /^\(garbage collector\)$/],
  ["(program): native work outside JS", "total", /^\(program\)$/],
];

export function profileGroups(path: string): ProfileGroups {
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
