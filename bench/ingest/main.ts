/**
 * bench/ingest: messages/s and MB/s of bsread ingest over ZeroMQ loopback, for (a) 1000
 * scalars, (b) 10 compressed waveforms, (c) one compressed image, each compared in the
 * same run with libzmq's raw receive rate of the same frames (C receiver) and zeromq.js's
 * bare receive loop; then the decoder's cost without ZeroMQ. See bench/RESULTS.md.
 *
 * usage: npm run bench -- ingest [--cases a,b,c] [--receivers libzmq,zeromqjs,header,full]
 *          [--rounds 3] [--warmup-ms 1000] [--duration-ms 2000] [--hwm 100] [--cpu-prof]
 *          [--no-decode-cost]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { ChildProcessHandle, lastJsonLine, runProcess, tsNodeArgs } from "../lib/process.js";
import { buildNativeTools, type NativeTools } from "./build.js";
import type { DecodeCostResult } from "./decode-cost.js";
import { writeFramesFile } from "./frames-file.js";
import { machineInfo } from "./machine.js";
import { CASE_IDS, encodeCase, ingestCase, type CaseId } from "./messages.js";
import type { ReceiveResult } from "./rate-meter.js";
import { BUILD_DIR, INGEST_DIR, REPO_ROOT } from "./paths.js";
import { RECEIVERS, receiverCommand, type ReceiveSettings, type ReceiverId } from "./receivers.js";
import { formatReport, type CaseInfo, type Measurement } from "./report.js";

const { values: cli } = parseArgs({
  options: {
    cases: { type: "string", default: CASE_IDS.join(",") },
    receivers: { type: "string", default: RECEIVERS.map((r) => r.id).join(",") },
    "warmup-ms": { type: "string", default: "1000" },
    "duration-ms": { type: "string", default: "2000" },
    rounds: { type: "string", default: "3" },
    hwm: { type: "string", default: "100" },
    "cpu-prof": { type: "boolean", default: false },
    "no-decode-cost": { type: "boolean", default: false },
  },
});

function pick<T extends string>(list: string, allowed: readonly T[], what: string): T[] {
  return list.split(",").map((item) => {
    if (!(allowed as readonly string[]).includes(item)) throw new Error(`unknown ${what} "${item}" (${allowed.join(", ")})`);
    return item as T;
  });
}

const cases = pick(cli.cases, CASE_IDS, "case");
const receivers = pick(
  cli.receivers,
  RECEIVERS.map((r) => r.id),
  "receiver",
);
const warmupMs = Number(cli["warmup-ms"]);
const durationMs = Number(cli["duration-ms"]);
const highWaterMark = Number(cli.hwm);
const rounds = Number(cli.rounds);
const profileDir = join(BUILD_DIR, "profiles");

interface SenderStats {
  sent: number;
  seconds: number;
  waitedSeconds: number;
  cpuSeconds: number;
}

/** One receiver against a fresh C sender; the sender is stopped (by pid) whatever happens. */
async function measure(tools: NativeTools, info: CaseInfo, receiver: ReceiverId, round: number): Promise<Measurement> {
  const sender = new ChildProcessHandle(tools.sender, [info.framesPath]);
  try {
    const endpoint = await sender.firstLine(10_000);
    const nodeFlags = cli["cpu-prof"]
      ? ["--cpu-prof", "--cpu-prof-dir", profileDir, "--cpu-prof-name", `${info.id}-${receiver}-${round}.cpuprofile`]
      : [];
    const settings: ReceiveSettings = { endpoint, warmupMs, durationMs, highWaterMark, nodeFlags };
    const { command, args } = receiverCommand(receiver, tools.receiver, settings);
    const run = await runProcess(command, args, { cwd: REPO_ROOT, timeoutMs: warmupMs + durationMs + 60_000 });
    const received = lastJsonLine(run) as ReceiveResult;
    const senderRun = await sender.stop();
    const sent = lastJsonLine(senderRun) as SenderStats;
    if (received.frames !== received.messages * info.frames || received.bytes !== received.messages * info.bytes) {
      throw new Error(`${receiver} on case ${info.id}: received frames/bytes do not add up to whole messages`);
    }
    return {
      case: info.id,
      receiver,
      round,
      ...received,
      msgsPerSec: received.messages / received.seconds,
      mbPerSec: received.bytes / received.seconds / 1e6,
      senderWaited: sent.seconds > 0 ? sent.waitedSeconds / sent.seconds : 0,
      senderCpu: sent.seconds > 0 ? sent.cpuSeconds / sent.seconds : 0,
    };
  } finally {
    await sender.stop();
  }
}

function prepareCase(id: CaseId): CaseInfo {
  const frames = encodeCase(id);
  const framesPath = join(BUILD_DIR, `${id}.frames`);
  writeFramesFile(framesPath, frames);
  const bytes = frames.reduce((sum, f) => sum + f.length, 0);
  return { id, title: ingestCase(id).title, framesPath, frames: frames.length, bytes, dataHeaderBytes: frames[1]!.length };
}

async function decodeCost(): Promise<DecodeCostResult> {
  const script = relative(REPO_ROOT, join(INGEST_DIR, "decode-cost.ts"));
  const run = await runProcess(process.execPath, tsNodeArgs(script, ["--dir", BUILD_DIR]), { cwd: REPO_ROOT, timeoutMs: 300_000 });
  return lastJsonLine(run) as DecodeCostResult;
}

async function main(): Promise<void> {
  console.error("ingest: building the C sender and receiver (installs libzmq3-dev if missing)");
  const tools = await buildNativeTools();
  mkdirSync(BUILD_DIR, { recursive: true });
  if (cli["cpu-prof"]) mkdirSync(profileDir, { recursive: true });
  const infos = cases.map(prepareCase);
  const measurements: Measurement[] = [];
  // Rounds interleave the receivers, so each is compared with a libzmq limit measured
  // seconds before it: a shared machine's load changes slower than that.
  for (const info of infos) {
    for (let round = 1; round <= rounds; round++) {
      for (const receiver of receivers) {
        console.error(`ingest: case ${info.id}, round ${round}, ${receiver}`);
        const m = await measure(tools, info, receiver, round);
        console.error(`  ${m.msgsPerSec.toFixed(1)} msgs/s, ${m.mbPerSec.toFixed(1)} MB/s`);
        measurements.push(m);
      }
    }
  }
  let decoder: DecodeCostResult | undefined;
  if (!cli["no-decode-cost"]) {
    console.error("ingest: decoder cost without ZeroMQ");
    decoder = await decodeCost();
  }
  const machine = machineInfo(tools.libzmqVersion);
  const settings = { warmupMs, durationMs, highWaterMark, rounds };
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const jsonPath = join(BUILD_DIR, `results-${stamp}.json`);
  writeFileSync(jsonPath, JSON.stringify({ machine, settings, cases: infos, measurements, decoder }, null, 2));
  console.log(formatReport({ machine, settings, cases: infos, measurements, decoder }));
  console.error(`ingest: raw results in ${relative(REPO_ROOT, jsonPath)}`);
  if (cli["cpu-prof"]) console.error(`ingest: CPU profiles in ${relative(REPO_ROOT, profileDir)}`);
}

await main();
