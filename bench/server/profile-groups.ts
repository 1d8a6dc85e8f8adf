/** Where the server's main thread spent a profiled window: live push, REST, ingest, evaluate, GC. */
import { profileShares, type ProfileGroupSpec, type ProfileShares } from "../lib/cpuprofile-summary.js";

/**
 * Functions of the tsc output as V8 names them (name file.js:line), inclusive unless "self".
 * Rows starting with "·" are parts of the row above them. JSON.stringify is a builtin: its
 * time is the self time of its caller.
 */
const GROUPS: ProfileGroupSpec = [
  ["LiveHub.push (a tick: every channel's status and signature, then each client's delta)", "total", /^push live-hub\.js:/],
  ["· Monitor.statuses (every watched channel, once per tick)", "total", /^statuses monitor\.js:/],
  ["· LiveHub.summaries (per subscription and tick with changes: Monitor.summary of the set)", "total", /^summaries live-hub\.js:/],
  ["· LiveHub.channelsOf (per subscription and tick with changes: the set's names)", "total", /^channelsOf live-hub\.js:/],
  ["· presentChannel (per subscription and changed channel)", "total", /^presentChannel present\.js:/],
  ["· LiveHub.deltaBody (per subscription and tick: built and serialized once)", "total", /^deltaBody live-hub\.js:/],
  ["· · JSON.stringify (self time of LiveHub.deltaBody)", "self", /^deltaBody live-hub\.js:/],
  ["· ws send (per client: byteLength, frame, socket write)", "total", /^send websocket\.js:/],
  ["LiveHub.heartbeat", "total", /^heartbeat live-hub\.js:/],
  ["LiveHub.sendSnapshot (subscribes)", "total", /^(sendSnapshot|snapshotBody) live-hub\.js:/],
  ["Ingest.handle", "total", /^handle ingest\.js:/],
  ["Monitor.evaluate", "total", /^evaluate monitor\.js:/],
  ["garbage collector", "total", /^\(garbage collector\)$/],
  ["(program): native work outside JS", "total", /^\(program\)$/],
];

export type ProfileGroups = ProfileShares;

export function profileGroups(path: string): ProfileGroups {
  return profileShares(path, GROUPS);
}
