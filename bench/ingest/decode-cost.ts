/**
 * Program: the decoder's own cost without ZeroMQ, on the same frames the sender streams.
 * Per message: header-only and full decode (µs), and value() per channel (ns per call) for
 * a float64 scalar, a 2048-element bitshuffle_lz4 float64 waveform and the 1024×1024
 * uint16 bitshuffle_lz4 image. Prints one JSON line (DecodeCostResult). Run by main.ts.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MessageDecoder, type DecodedMessage } from "../../src/bsread/index.js";
import { readFramesFile } from "./frames-file.js";
import { ChannelState, fullDecode, headerOnly, summarize } from "./ingest-work.js";
import { CASE_IDS, type CaseId } from "./messages.js";
import { nsPerOperation, type TimeLoopOptions } from "./time-loop.js";

export interface MessageCost {
  case: CaseId;
  headerOnlyUs: number;
  fullDecodeUs: number;
}

export interface ValueCost {
  case: CaseId;
  what: string;
  nsPerCall: number;
  /** Bytes value() returns per call (decoded), and reads (as received). */
  decodedBytes: number;
  receivedBytes: number;
}

export interface DecodeCostResult {
  messages: MessageCost[];
  values: ValueCost[];
}

const { values: cli } = parseArgs({
  options: { dir: { type: "string" }, "duration-ms": { type: "string", default: "1000" } },
});
if (!cli.dir) throw new Error("--dir (where main.ts wrote the .frames files) is required");
const timing: TimeLoopOptions = { durationMs: Number(cli["duration-ms"]) };

const VALUE_TARGETS: Record<CaseId, string> = {
  a: "float64 scalar",
  b: "2048 float64 bitshuffle_lz4",
  c: "1024×1024 uint16 bitshuffle_lz4",
};

function messageCost(id: CaseId, frames: readonly Uint8Array[]): MessageCost {
  const decoder = new MessageDecoder();
  const state = new ChannelState();
  const perMessage = (work: (m: DecodedMessage, s: ChannelState) => void): number =>
    nsPerOperation(() => {
      work(decoder.decode(frames), state);
      return 1;
    }, timing) / 1000;
  return { case: id, headerOnlyUs: perMessage(headerOnly), fullDecodeUs: perMessage(fullDecode) };
}

/** value() over every channel of the message: they are all of the case's one kind. */
function valueCost(id: CaseId, frames: readonly Uint8Array[]): ValueCost {
  const message = new MessageDecoder().decode(frames);
  const n = message.channelCount;
  const sink = new Float64Array(n);
  const nsPerCall = nsPerOperation(() => {
    for (let i = 0; i < n; i++) sink[i] = summarize(message.value(i));
    return n;
  }, timing);
  const decoded = message.value(0);
  const decodedBytes = typeof decoded === "object" && decoded !== null ? decoded.byteLength : 8;
  return { case: id, what: VALUE_TARGETS[id], nsPerCall, decodedBytes, receivedBytes: message.byteLength(0) };
}

const result: DecodeCostResult = { messages: [], values: [] };
for (const id of CASE_IDS) {
  const frames = readFramesFile(join(cli.dir, `${id}.frames`));
  result.messages.push(messageCost(id, frames));
  result.values.push(valueCost(id, frames));
}
console.log(JSON.stringify(result));
