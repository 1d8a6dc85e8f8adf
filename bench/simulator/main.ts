/**
 * bench/simulator: can the emulator keep SwissFEL's 100 Hz pulse clock, on one core,
 * while it serves big streams? Per case the emulator runs in its own process pinned to
 * core 0 and serves one or more dispatcher output streams; a C receiver per stream
 * (libzmq, pinned to core 1, so it is never the limit) records every message's pulse id
 * and arrival time. Over one window: pulses emitted, messages delivered, pulses skipped or
 * lost, lateness and drift against the wall clock, and the emulator's CPU use. See
 * bench/RESULTS.md.
 *
 * usage: npm run bench -- simulator [--cases 1k,5k,10k,1k-lz4,mixed] [--catalog 20000]
 *          [--warmup-ms 2000] [--duration-ms 10000] [--hwm 1000] [--cpu-prof]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { DispatcherClient } from "../../src/dispatcher/dispatcher-client.js";
import { machineInfo } from "../ingest/machine.js";
import { compileProject } from "../lib/compiled.js";
import { pinnedCommand, threadCoresBetween, threadCpu } from "../lib/cpu.js";
import { EmulatorProcess, emulatorWindow, type EmulatorWindow } from "../lib/emulator-process.js";
import { compileC, ensureLibzmq } from "../lib/native.js";
import { REPO_ROOT, buildDir } from "../lib/paths.js";
import { ChildProcessHandle, lastJsonLine } from "../lib/process.js";
import { CASES, pickChannels, type SimulatorCase } from "./cases.js";
import { delivery, type Delivery, type MessageRecord } from "./delivery.js";
import { formatReport } from "./report.js";

const { values: cli } = parseArgs({
  options: {
    cases: { type: "string", default: CASES.map((c) => c.id).join(",") },
    catalog: { type: "string", default: "20000" },
    "warmup-ms": { type: "string", default: "2000" },
    "duration-ms": { type: "string", default: "10000" },
    hwm: { type: "string", default: "1000" },
    "cpu-prof": { type: "boolean", default: false },
  },
});

const BUILD_DIR = buildDir("simulator");
const PROFILE_DIR = join(BUILD_DIR, "profiles");
const EMULATOR_CORE = 0;
const RECEIVER_CORE = 1;
const warmupMs = Number(cli["warmup-ms"]);
const durationMs = Number(cli["duration-ms"]);
const catalogSize = Number(cli.catalog);

export interface StreamResult {
  backend: string;
  compression: string;
  channels: number;
  delivery: Delivery;
  /** CPU of the C receiver over the window: far below 1 means it did not set the pace. */
  receiverCores: number;
}

export interface CaseResult {
  id: string;
  title: string;
  emulator: EmulatorWindow;
  streams: StreamResult[];
  emulatorPinnedTo: number | undefined;
  receiverPinnedTo: number | undefined;
  /** The machine's 1-minute load average at the window's start and end (2 = both cores busy). */
  loadAverage: number[];
}

async function runCase(receiverBinary: string, c: SimulatorCase): Promise<CaseResult> {
  const emulator = await EmulatorProcess.start({ channels: catalogSize, core: EMULATOR_CORE, maxSeconds: 300 });
  const receivers: ChildProcessHandle[] = [];
  try {
    const opened = [];
    for (const spec of c.streams) {
      const client = new DispatcherClient(emulator.backendUrl(spec.backend));
      const names = pickChannels(await client.liveChannels(), spec);
      const { address } = await client.openStream(
        names.map((name) => ({ name })),
        { compression: spec.compression },
      );
      opened.push({ spec, address, channels: names.length });
    }
    // Receivers run until stopped after the window (which is cut out of their records);
    // the limit only keeps them from outliving a failed run.
    const runMs = warmupMs + durationMs + 120_000;
    let receiverPinnedTo: number | undefined;
    for (const s of opened) {
      const pinned = pinnedCommand(RECEIVER_CORE, receiverBinary, [s.address, String(runMs), cli.hwm]);
      receiverPinnedTo = pinned.pinnedTo;
      receivers.push(new ChildProcessHandle(pinned.command, pinned.args));
    }
    for (const r of receivers) await r.firstLine(30_000);
    await sleep(warmupMs);
    const load = [loadavg()[0]!];
    // The receivers' CPU on this process's clock: a busy emulator answers snapshots late.
    const receiversBefore = { at: Date.now(), threads: receivers.map((r) => threadCpu(r.pid!)) };
    const before = await emulator.snapshot(true);
    if (cli["cpu-prof"]) await emulator.startProfile();
    await sleep(durationMs);
    if (cli["cpu-prof"]) await emulator.stopProfile(join(PROFILE_DIR, `emulator-${c.id}.cpuprofile`));
    const after = await emulator.snapshot();
    const seconds = (Date.now() - receiversBefore.at) / 1000;
    const receiverCores = receivers.map((r, i) =>
      Object.values(threadCoresBetween(receiversBefore.threads[i]!, threadCpu(r.pid!), seconds)).reduce((a, b) => a + b, 0),
    );
    load.push(loadavg()[0]!);
    const streams: StreamResult[] = [];
    for (const [i, r] of receivers.entries()) {
      // SIGTERM ends the receive; the receiver then prints what it recorded.
      const { records } = lastJsonLine(await r.stop(30_000)) as { records: MessageRecord[] };
      const s = opened[i]!;
      streams.push({
        backend: s.spec.backend,
        compression: s.spec.compression,
        channels: s.channels,
        delivery: delivery(records, before.cpu.wallMs, after.cpu.wallMs),
        receiverCores: receiverCores[i]!,
      });
    }
    return { id: c.id, title: c.title, emulator: emulatorWindow(before, after), streams, emulatorPinnedTo: emulator.pinnedTo, receiverPinnedTo, loadAverage: load };
  } finally {
    for (const r of receivers) await r.stop();
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const selected = cli.cases.split(",").map((id) => {
    const c = CASES.find((x) => x.id === id);
    if (!c) throw new Error(`unknown case "${id}" (${CASES.map((x) => x.id).join(", ")})`);
    return c;
  });
  console.error("simulator: building the C receiver (installs libzmq3-dev if missing)");
  const libzmq = await ensureLibzmq();
  mkdirSync(PROFILE_DIR, { recursive: true });
  console.error("simulator: compiling the project with tsc (the emulator runs from its output)");
  compileProject();
  const receiver = await compileC(join(REPO_ROOT, "bench", "simulator", "c", "pulse-receiver.c"), join(BUILD_DIR, "pulse-receiver"), ["-lzmq"]);
  const results: CaseResult[] = [];
  for (const c of selected) {
    console.error(`simulator: case ${c.id} (${c.title})`);
    const r = await runCase(receiver, c);
    const d = r.streams[0]!.delivery;
    console.error(`  ${r.emulator.pulsesPerSec.toFixed(1)} pulses/s, ${d.messagesPerSec.toFixed(1)} msgs/s delivered, CPU ${r.emulator.cpu.cores.toFixed(2)} cores`);
    results.push(r);
  }
  const machine = machineInfo(libzmq);
  const settings = { catalog: catalogSize, warmupMs, durationMs, receiveHighWaterMark: Number(cli.hwm) };
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const jsonPath = join(BUILD_DIR, `results-${stamp}.json`);
  writeFileSync(jsonPath, JSON.stringify({ machine, settings, results }, null, 2));
  console.log(formatReport(machine, settings, results));
  console.error(`simulator: raw results in ${relative(REPO_ROOT, jsonPath)}`);
  if (cli["cpu-prof"]) console.error(`simulator: emulator CPU profiles in ${relative(REPO_ROOT, PROFILE_DIR)}`);
}

await main();
