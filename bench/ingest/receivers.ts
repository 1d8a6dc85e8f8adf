/**
 * The receivers the ingest benchmark compares, each run as its own process against the C
 * sender: libzmq's limit (C), zeromq.js's bare loop, and the project's Receiver doing
 * header-only or full ingest.
 */
import { join, relative } from "node:path";
import { tsNodeArgs } from "../lib/process.js";
import { INGEST_DIR, REPO_ROOT } from "./paths.js";

export type ReceiverId = "libzmq" | "zeromqjs" | "header" | "full";

export interface ReceiverSpec {
  id: ReceiverId;
  label: string;
}

export const RECEIVERS: readonly ReceiverSpec[] = [
  { id: "libzmq", label: "libzmq, C zmq_msg_recv loop (the limit)" },
  { id: "zeromqjs", label: "zeromq.js bare `await receive()` loop" },
  { id: "header", label: "Receiver, header-only ingest" },
  { id: "full", label: "Receiver, full decode (+ value() per channel)" },
];

export interface ReceiveSettings {
  endpoint: string;
  warmupMs: number;
  durationMs: number;
  highWaterMark: number;
  /** Extra node flags for the JavaScript receivers (e.g. --cpu-prof). */
  nodeFlags: readonly string[];
}

/** The command line that runs one receiver. */
export function receiverCommand(id: ReceiverId, cReceiver: string, s: ReceiveSettings): { command: string; args: string[] } {
  const common = [String(s.warmupMs), String(s.durationMs), String(s.highWaterMark)];
  if (id === "libzmq") return { command: cReceiver, args: [s.endpoint, ...common] };
  const script = relative(REPO_ROOT, join(INGEST_DIR, id === "zeromqjs" ? "receive-bare.ts" : "receive-ingest.ts"));
  const args = ["--endpoint", s.endpoint, "--warmup-ms", common[0]!, "--duration-ms", common[1]!, "--hwm", common[2]!];
  if (id === "header" || id === "full") args.push("--variant", id);
  return { command: process.execPath, args: tsNodeArgs(script, args, s.nodeFlags) };
}
