/** Where the monitor's main thread spent a profiled window: receive, decode, ingest, evaluate, GC. */
import { profileShares, type ProfileGroupSpec, type ProfileShares } from "../lib/cpuprofile-summary.js";

/**
 * Functions of the tsc output as V8 names them (file:line of the .js), by inclusive time,
 * or by self time where a caller's inclusive time would also hold its consumers' work.
 * zeromq.js's native receive() shows as self time of Receiver.frames, which calls it, and
 * of a native frame V8 labels "Proxy" (the addon's callback); frames() does nothing else.
 */
const GROUPS: ProfileGroupSpec = [
  ["zeromq.js receive() (native: one JS Buffer per frame)", "self", /^(frames receiver\.js:\d+|Proxy)$/],
  ["MessageDecoder.decode (main header JSON, header cache)", "total", /^decode decode\.js:/],
  ["Ingest.handle (per-channel counters)", "total", /^handle ingest\.js:/],
  ["Monitor.evaluate (rules, sources, alerts)", "total", /^evaluate monitor\.js:/],
  ["REST: recorded-state polls, catalog (DispatcherClient)", "total", /^(channelStates|liveChannels) dispatcher-client\.js:/],
  ["garbage collector", "total", /^\(garbage collector\)$/],
  ["(program): native work outside JS", "total", /^\(program\)$/],
];

export type { ProfileShares };

/** The monitor's profile, grouped. */
export function monitorProfileShares(path: string): ProfileShares {
  return profileShares(path, GROUPS);
}
