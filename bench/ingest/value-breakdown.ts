/**
 * Diagnostic program (not run by main.ts): where value() spends its time, with each stage
 * of the decoder timed alone on the benchmark's frames. The stages are internal to
 * src/bsread, so this follows their signatures; run main.ts first (it writes the frames).
 *
 *   node --import tsx bench/ingest/value-breakdown.ts
 */
import { join } from "node:path";
import { MessageDecoder, bitshuffleLz4Decompress } from "../../src/bsread/index.js";
import { bitUnshuffleBlock } from "../../src/bsread/bitshuffle.js";
import { lz4DecompressInto } from "../../src/bsread/lz4-decompress.js";
import { convertValue } from "../../src/bsread/value-conversion.js";
import { readFramesFile } from "./frames-file.js";
import { BUILD_DIR } from "./paths.js";
import { nsPerOperation } from "./time-loop.js";

const us = (ns: number): string => (ns / 1000).toFixed(1);

/** Time of the LZ4 blocks alone in a bitshuffle_lz4 frame (12-byte header, then u32 BE length + block each). */
function lz4BlocksNs(frame: Uint8Array, decodedBytes: number): number {
  const blockBytes = ((frame[8]! << 24) | (frame[9]! << 16) | (frame[10]! << 8) | frame[11]!) >>> 0;
  const work = new Uint8Array(blockBytes);
  return nsPerOperation(() => {
    let ip = 12;
    for (let done = 0; done + blockBytes <= decodedBytes; done += blockBytes) {
      const n = ((frame[ip]! << 24) | (frame[ip + 1]! << 16) | (frame[ip + 2]! << 8) | frame[ip + 3]!) >>> 0;
      lz4DecompressInto(frame, ip + 4, ip + 4 + n, work, 0, blockBytes);
      ip += 4 + n;
    }
    return 1;
  });
}

function arrayBreakdown(id: "b" | "c", elementSize: number, type: "float64" | "uint16", shape: number[]): void {
  const frames = readFramesFile(join(BUILD_DIR, `${id}.frames`));
  const message = new MessageDecoder().decode(frames);
  const frame = frames[2]!;
  const decoded = bitshuffleLz4Decompress(frame, elementSize);
  const blockBytes = 8192;
  const blocks = Math.floor(decoded.length / blockBytes);
  const shuffled = new Uint8Array(blockBytes);
  const out = new Uint8Array(blockBytes);
  const stages = {
    "value()": nsPerOperation(() => (message.value(0), 1)),
    bitshuffleLz4Decompress: nsPerOperation(() => (bitshuffleLz4Decompress(frame, elementSize), 1)),
    "  of which LZ4 blocks": lz4BlocksNs(frame, decoded.length),
    "  of which bit-unshuffle": nsPerOperation(() => {
      for (let b = 0; b < blocks; b++) bitUnshuffleBlock(shuffled, 0, out, 0, blockBytes / elementSize, elementSize);
      return 1;
    }),
    "  of which output allocation": nsPerOperation(() => (new Uint8Array(decoded.length), 1)),
    convertValue: nsPerOperation(() => (convertValue(decoded, type, shape, true), 1)),
  };
  console.log(`${id}: ${type} [${shape.join(", ")}], ${frame.length} → ${decoded.length} bytes; µs per call:`);
  for (const [stage, ns] of Object.entries(stages)) console.log(`  ${stage.padEnd(30)} ${us(ns)}`);
}

function scalarBreakdown(): void {
  const frames = readFramesFile(join(BUILD_DIR, "a.frames"));
  const message = new MessageDecoder().decode(frames);
  const n = message.channelCount;
  const sink = new Float64Array(n);
  const frame = frames[2]!;
  const each = (read: (i: number) => number) => () => {
    for (let i = 0; i < n; i++) sink[i] = read(i);
    return n;
  };
  const stages = {
    "value()": nsPerOperation(each((i) => message.value(i) as number)),
    convertValue: nsPerOperation(each(() => convertValue(frame, "float64", [1], true) as number)),
    "new DataView + getFloat64": nsPerOperation(each(() => new DataView(frame.buffer, frame.byteOffset, 8).getFloat64(0, true))),
    "Buffer.readDoubleLE": nsPerOperation(each((i) => frames[2 + 2 * i]!.readDoubleLE(0))),
  };
  console.log("a: float64 scalar; ns per call:");
  for (const [stage, ns] of Object.entries(stages)) console.log(`  ${stage.padEnd(30)} ${ns.toFixed(0)}`);
}

scalarBreakdown();
arrayBreakdown("b", 8, "float64", [2048]);
arrayBreakdown("c", 2, "uint16", [1024, 1024]);
