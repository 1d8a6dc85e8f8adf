/**
 * The monitor engine alone, in one process, without a network (run by main.ts with
 * --expose-gc): N watched channels fed from Workload pulse by pulse on a fake clock, rules
 * evaluated every 200 ms of it, as MonitorRuntime does. Prints one JSON line
 * (EvaluateResult): evaluate() time per cycle, decode+ingest time per pulse, status and
 * reason counts, and the heap growth per watched channel.
 *
 *   node --expose-gc bench/.build/js/bench/monitor/evaluate-program.js --channels N
 *     [--cycles 100] [--fill-seconds 12] [--hour] [--profile FILE]
 *
 * --hour also fills one hour of per-second history before the last memory figure: one
 * message per pulse-second for 3,600 s (the 99 pulses between count as skipped), then
 * --fill-seconds at the full rate again so the rules see a normal last window.
 * --profile writes a CPU profile of the evaluation cycles only.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { MessageDecoder } from "../../src/bsread/index.js";
import { ChannelTable } from "../../src/monitor/channel-table.js";
import { DEFAULT_TIMING, HISTORY_SECONDS } from "../../src/monitor/defaults.js";
import { MemoryEventSink } from "../../src/monitor/events.js";
import { Monitor } from "../../src/monitor/monitor.js";
import { startCpuProfile } from "../lib/profiler.js";
import { distribution, type Distribution } from "../lib/stats.js";
import { BACKEND, Workload, type Role } from "./workload.js";

const { values: cli } = parseArgs({
  options: {
    channels: { type: "string", default: "1000" },
    cycles: { type: "string", default: "100" },
    "fill-seconds": { type: "string", default: "12" },
    hour: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    profile: { type: "string" },
  },
});

const PULSES_PER_CYCLE = DEFAULT_TIMING.evaluateMs / 10;
const PULSES_PER_POLL = DEFAULT_TIMING.recordedPollMs / 10;

export interface MemoryFigure {
  /** Growth of heapUsed + external (typed arrays' memory is external) over the baseline, per watched channel. */
  bytesPerChannel: number;
  heapBytesPerChannel: number;
  externalBytesPerChannel: number;
}

export interface EvaluateResult {
  channels: number;
  roles: Record<Role, number>;
  evaluateMs: Distribution;
  /** MessageDecoder.decode + Monitor.ingestMessage, per message (one per pulse). */
  ingestMs: Distribution;
  summary: Record<string, number>;
  reasons: Record<string, number>;
  sources: number;
  events: number;
  sounding: number;
  fillSeconds: number;
  /** After fill-seconds at the full rate (before the timed cycles). */
  memory: MemoryFigure;
  eventsAtFill: number;
  /** After one more hour of per-second history (--hour). */
  memoryAfterHour: MemoryFigure | undefined;
  hourFillSeconds: number | undefined;
  /** Events in the in-memory log (bounded at 100,000) when memoryAfterHour was taken. */
  eventsAfterHour: number | undefined;
  bytesPerSlot: number;
  tableCapacity: number;
  /** The machine's 1-minute load average before and after the timed cycles (2 = both cores busy). */
  loadAverage: number[];
}

if (!globalThis.gc) throw new Error("run with node --expose-gc");
const gc = globalThis.gc;

function memory(): { heap: number; external: number } {
  // Twice: the first full collection may leave finalizable objects for the second.
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
}

function perChannel(base: { heap: number; external: number }, n: number): MemoryFigure {
  const now = memory();
  const heap = (now.heap - base.heap) / n;
  const external = (now.external - base.external) / n;
  return { bytesPerChannel: heap + external, heapBytesPerChannel: heap, externalBytesPerChannel: external };
}

const n = Number(cli.channels);
const workload = new Workload(n, Number(cli.seed));
const base = memory();

const events = new MemoryEventSink();
const monitor = new Monitor({ events });
// The stream's decoder belongs to the monitor's state (it holds the parsed data header).
const decoder = new MessageDecoder();
const catalogNames = workload.catalog.map((c) => c.name);
let pulse = workload.startPulse;
const t0 = workload.arrival(pulse);
monitor.setCatalog(BACKEND, workload.catalog);
monitor.setRestHealth(BACKEND, true, undefined, t0);
monitor.setFeedConnected(BACKEND, "dispatcher", true, undefined, t0);
monitor.watch("bench", workload.watchSpecs, t0);

/** One pulse: the message in, and the timers of MonitorRuntime on the fake clock. Returns the ingest time. */
function step(evaluate: boolean): number {
  pulse++;
  const now = workload.arrival(pulse);
  const frames = workload.frames(pulse);
  const start = performance.now();
  monitor.ingestMessage(BACKEND, "dispatcher", decoder.decode(frames), now);
  const ingestMs = performance.now() - start;
  if (pulse % PULSES_PER_POLL === 0) monitor.setRecorded(workload.recordedStates(now), catalogNames, now);
  if (evaluate && pulse % PULSES_PER_CYCLE === 0) monitor.evaluate(now);
  return ingestMs;
}

const fillPulses = Number(cli["fill-seconds"]) * 100;
for (let i = 0; i < fillPulses; i++) step(true);
const memoryAfterFill = perChannel(base, n);
const eventsAtFill = events.size;

const evaluateMs: number[] = [];
const ingestMs: number[] = [];
const loadAverage = [loadavg()[0]!];
const profile = cli.profile ? await startCpuProfile() : undefined;
for (let c = 0; c < Number(cli.cycles); c++) {
  let ingest = 0;
  for (let i = 0; i < PULSES_PER_CYCLE; i++) ingest += step(false);
  ingestMs.push(ingest / PULSES_PER_CYCLE);
  const start = performance.now();
  monitor.evaluate(workload.arrival(pulse));
  evaluateMs.push(performance.now() - start);
}
await profile?.stop(cli.profile!);
loadAverage.push(loadavg()[0]!);

const now = workload.arrival(pulse);
const summary: Record<string, number> = { ...monitor.summary(undefined).summary };
const reasons: Record<string, number> = {};
for (const s of monitor.statuses(undefined, now)) for (const r of s.reasons) reasons[r.code] = (reasons[r.code] ?? 0) + 1;
const figures = { summary, reasons, sources: monitor.sources().length, events: events.size, sounding: monitor.sounding().length };

let memoryAfterHour: MemoryFigure | undefined;
let hourFillSeconds: number | undefined;
if (cli.hour) {
  const start = performance.now();
  // One message per pulse-second writes every second of every slot's hour of counters.
  for (let s = 0; s < HISTORY_SECONDS; s++) {
    pulse += 99;
    step(false);
  }
  for (let i = 0; i < fillPulses; i++) step(true);
  hourFillSeconds = (performance.now() - start) / 1000;
  memoryAfterHour = perChannel(base, n);
}

// The table's capacity is private; a benchmark may look (bracket access is type-checked).
const tableCapacity = monitor["table"]["capacity"];
const result: EvaluateResult = {
  channels: n,
  roles: workload.roleCounts(),
  evaluateMs: distribution(evaluateMs),
  ingestMs: distribution(ingestMs),
  ...figures,
  fillSeconds: Number(cli["fill-seconds"]),
  memory: memoryAfterFill,
  eventsAtFill,
  memoryAfterHour,
  hourFillSeconds,
  eventsAfterHour: cli.hour ? events.size : undefined,
  bytesPerSlot: ChannelTable.bytesPerSlot(),
  tableCapacity,
  loadAverage,
};
console.log(JSON.stringify(result));
