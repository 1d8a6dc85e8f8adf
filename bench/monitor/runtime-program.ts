/**
 * End to end: a MonitorRuntime watching N channels of the emulator (its own process)
 * through the dispatcher API and one output stream, as `channelwatch` runs it. Run by
 * main.ts, pinned to the core the emulator does not use. Waits until every channel is ok
 * (or --settle-ms passes), then measures one window: this process's CPU, messages
 * ingested, evaluate() time per cycle, the status counts at its end, and the emulator's
 * side (snapshots through --control). Prints one JSON line (RuntimeResult).
 *
 *   node bench/.build/js/bench/monitor/runtime-program.js --dispatcher URL --control URL
 *     [--channels 2000] [--settle-ms 30000] [--duration-ms 20000] [--profile FILE]
 */
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { DispatcherClient } from "../../src/dispatcher/dispatcher-client.js";
import { MonitorRuntime } from "../../src/monitor/monitor-runtime.js";
import { cpuBetween, cpuSample, threadCoresBetween, threadCpu, type CpuUse, type ThreadCpu } from "../lib/cpu.js";
import { emulatorWindow, fetchEmulatorSnapshot, type EmulatorWindow } from "../lib/emulator-process.js";
import { startCpuProfile, type RunningProfile } from "../lib/profiler.js";
import { distribution, type Distribution } from "../lib/stats.js";

const { values: cli } = parseArgs({
  options: {
    dispatcher: { type: "string" },
    control: { type: "string" },
    channels: { type: "string", default: "2000" },
    "settle-ms": { type: "string", default: "30000" },
    "duration-ms": { type: "string", default: "20000" },
    profile: { type: "string" },
  },
});
if (!cli.dispatcher || !cli.control) throw new Error("--dispatcher and --control are required");
const dispatcher = cli.dispatcher;
const control = cli.control;

export interface RuntimeResult {
  channels: number;
  kinds: Record<string, number>;
  /** From watch() to every channel ok (or the settle limit). */
  settleMs: number;
  allOkAtStart: boolean;
  seconds: number;
  cpu: CpuUse;
  threads: ThreadCpu;
  messagesPerSec: number;
  reversals: number;
  protocolErrors: number;
  evaluateMs: Distribution;
  summary: Record<string, number>;
  reasons: Record<string, number>;
  /** Due pulses the stream skipped, summed over channels (each channel's last window). */
  skippedPulses: number;
  emulator: EmulatorWindow;
  /** The machine's 1-minute load average at the window's start and end (2 = both cores busy). */
  loadAverage: number[];
}

const client = new DispatcherClient(dispatcher);
const backend = client.backend;
// Catalog order: the dispatcher's mix of scalars, waveforms, strings and rates.
const watched = (await client.liveChannels()).slice(0, Number(cli.channels));
const kinds: Record<string, number> = {};
for (const c of watched) {
  const kind = c.shape.length > 1 ? "image" : c.shape[0]! > 1 ? "waveform" : c.type === "string" ? "string" : "scalar";
  const key = `${kind} @ ${100 / c.modulo} Hz`;
  kinds[key] = (kinds[key] ?? 0) + 1;
}

const runtime = new MonitorRuntime({ dispatchers: [dispatcher] });
const monitor = runtime.monitor;
// Time each evaluation the runtime's timer makes (the instance's method, wrapped).
const evaluate = monitor.evaluate.bind(monitor);
const evaluateMs: number[] = [];
let timing = false;
monitor.evaluate = (now: number): string[] => {
  const start = performance.now();
  const changed = evaluate(now);
  if (timing) evaluateMs.push(performance.now() - start);
  return changed;
};

const feed = () => monitor.feedStates().find((f) => f.id === backend);
const allOk = (): boolean => monitor.summary(undefined).summary.ok === watched.length;

runtime.start();
const watchedAt = Date.now();
runtime.watch("bench", watched.map((c) => ({ name: c.name })));
const settleLimit = watchedAt + Number(cli["settle-ms"]);
while (!allOk() && Date.now() < settleLimit) await sleep(250);
const settleMs = Date.now() - watchedAt;
const allOkAtStart = allOk();

const loadAverage = [loadavg()[0]!];
const emulatorBefore = await fetchEmulatorSnapshot(control, true);
const cpuBefore = cpuSample();
const threadsBefore = threadCpu(process.pid);
const messagesBefore = feed()?.messages ?? 0;
const reversalsBefore = feed()?.reversals ?? 0;
const protocolBefore = feed()?.protocolErrors ?? 0;
const profile: RunningProfile | undefined = cli.profile ? await startCpuProfile() : undefined;
timing = true;
await sleep(Number(cli["duration-ms"]));
timing = false;
await profile?.stop(cli.profile!);
const cpuAfter = cpuSample();
const threadsAfter = threadCpu(process.pid);
const emulatorAfter = await fetchEmulatorSnapshot(control);
const cpu = cpuBetween(cpuBefore, cpuAfter);

const now = Date.now();
const reasons: Record<string, number> = {};
let skippedPulses = 0;
for (const s of monitor.statuses(undefined, now)) {
  for (const r of s.reasons) reasons[r.code] = (reasons[r.code] ?? 0) + 1;
  skippedPulses += s.metrics.skippedPulses;
}
const f = feed();
const result: RuntimeResult = {
  channels: watched.length,
  kinds,
  settleMs,
  allOkAtStart,
  seconds: cpu.seconds,
  cpu,
  threads: threadCoresBetween(threadsBefore, threadsAfter, cpu.seconds),
  messagesPerSec: ((f?.messages ?? 0) - messagesBefore) / cpu.seconds,
  reversals: (f?.reversals ?? 0) - reversalsBefore,
  protocolErrors: (f?.protocolErrors ?? 0) - protocolBefore,
  evaluateMs: distribution(evaluateMs),
  summary: { ...monitor.summary(undefined).summary },
  reasons,
  skippedPulses,
  emulator: emulatorWindow(emulatorBefore, emulatorAfter),
  loadAverage: [...loadAverage, loadavg()[0]!],
};
await runtime.stop();
console.log(JSON.stringify(result));
// ZeroMQ's context may keep the loop alive for a moment after the sockets close.
process.exit(0);
