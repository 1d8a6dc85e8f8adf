/** The monitor benchmark's results as the Markdown tables bench/RESULTS.md keeps. */
import { fixed, int, loads, percent, table } from "../lib/markdown.js";
import type { EvaluateResult, MemoryFigure } from "./evaluate-program.js";
import type { ProfileShares } from "./profile-shares.js";
import type { RuntimeResult } from "./runtime-program.js";

/** DESIGN.md §9: rules for 10,000 channels in < 20 ms per cycle; ≤ 20 KB per watched channel. */
export const EVALUATE_TARGET_MS = 20;
export const BYTES_TARGET = 20 * 1024;
/** MonitorRuntime's defaults: evaluate every 200 ms, one message per pulse at 100 Hz. */
const EVALUATIONS_PER_SEC = 5;
const PULSE_HZ = 100;

const counts = (summary: Record<string, number>): string => `${int(summary.ok ?? 0)} / ${int(summary.warning ?? 0)} / ${int(summary.error ?? 0)} / ${int(summary.unknown ?? 0)}`;
const histogram = (h: Record<string, number>): string =>
  Object.entries(h)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(", ") || "none";
const kb = (bytes: number): string => fixed(bytes / 1024, 1);

function evaluateTable(results: readonly EvaluateResult[]): string {
  return table(
    ["watched channels", "evaluate ms min", "median", "p95", "max", "median ÷ 20 ms", "cores at 5 evaluations/s", "decode + ingest ms per message (median)", "cores at 100 Hz", "ok / warning / error / unknown", "reasons", "events logged", "machine load (1 min)"],
    results.map((r) => [
      int(r.channels),
      fixed(r.evaluateMs.min, 2),
      fixed(r.evaluateMs.median, 2),
      fixed(r.evaluateMs.p95, 2),
      fixed(r.evaluateMs.max, 1),
      percent(r.evaluateMs.median / EVALUATE_TARGET_MS),
      fixed((r.evaluateMs.median * EVALUATIONS_PER_SEC) / 1000, 3),
      fixed(r.ingestMs.median, 3),
      fixed((r.ingestMs.median * PULSE_HZ) / 1000, 3),
      counts(r.summary),
      histogram(r.reasons),
      int(r.events),
      loads(r.loadAverage),
    ]),
  );
}

function memoryRow(r: EvaluateResult, m: MemoryFigure, when: string): string[] {
  const table = (r.bytesPerSlot * r.tableCapacity) / r.channels;
  return [
    int(r.channels),
    when,
    kb(m.bytesPerChannel),
    kb(m.externalBytesPerChannel),
    kb(m.heapBytesPerChannel),
    int(r.bytesPerSlot),
    int(r.tableCapacity),
    kb(table),
    percent(m.bytesPerChannel / BYTES_TARGET),
  ];
}

function memoryTable(results: readonly EvaluateResult[]): string {
  return table(
    ["watched channels", "after (events logged)", "KiB per channel (heap + external)", "of it typed arrays (external)", "of it JS heap", "bytesPerSlot()", "table capacity (slots)", "bytesPerSlot × capacity ÷ channels, KiB", "of 20 KiB"],
    results.flatMap((r) => {
      const rows = [memoryRow(r, r.memory, `${r.fillSeconds} s at 100 Hz (${int(r.eventsAtFill)} events logged)`)];
      if (r.memoryAfterHour) {
        rows.push(memoryRow(r, r.memoryAfterHour, `+ 1 h of per-second history + ${r.fillSeconds} s at 100 Hz (${int(r.eventsAfterHour ?? NaN)} events logged; ${fixed(r.hourFillSeconds ?? NaN, 0)} s to fill)`));
      }
      return rows;
    }),
  );
}

function runtimeTable(r: RuntimeResult): string {
  const e = r.emulator;
  const stream = e.streams[0];
  return table(
    ["watched channels", "msgs/s ingested", "of 100 Hz", "monitor CPU (cores)", "JS main thread", "ZeroMQ I/O", "event loop busy", "evaluate ms median / p95 / max", "ok / warning / error / unknown at the end", "skipped due pulses", "emulator pulses/s, skipped, max late ms", "emulator CPU (cores)", "machine load (1 min)"],
    [
      [
        int(r.channels),
        fixed(r.messagesPerSec, 1),
        percent(r.messagesPerSec / PULSE_HZ, 1),
        fixed(r.cpu.cores, 3),
        fixed(r.threads.node ?? NaN, 3),
        fixed(Object.entries(r.threads).reduce((s, [name, c]) => s + (name.startsWith("ZMQbg") ? c : 0), 0), 3),
        percent(r.cpu.eventLoopUtilization),
        `${fixed(r.evaluateMs.median, 2)} / ${fixed(r.evaluateMs.p95, 2)} / ${fixed(r.evaluateMs.max, 1)}`,
        counts(r.summary),
        int(r.skippedPulses),
        `${fixed(e.pulsesPerSec, 1)}, ${int(e.skipped)}, ${fixed(e.maxLateMs, 0)}${stream ? ` (stream ${fixed(stream.messagesPerSec, 1)} msgs/s)` : ""}`,
        fixed(e.cpu.cores, 2),
        loads(r.loadAverage),
      ],
    ],
  );
}

function profileTable(p: ProfileShares): string {
  return table(
    ["main thread, by function (inclusive)", "ms", "of busy time", "cores"],
    p.groups.map((g) => [g.label, int(g.ms), percent(g.ms / p.busyMs, 1), fixed(g.ms / p.profiledMs, 3)]),
  );
}

export function formatReport(evaluations: readonly EvaluateResult[], runtime: RuntimeResult | undefined, profile: ProfileShares | undefined, pinning: string): string {
  const parts: string[] = [];
  if (evaluations.length > 0) {
    parts.push("Evaluation (one process, no network, fake clock; 20 pulses ingested between evaluations):", "", evaluateTable(evaluations), "");
    parts.push("Memory per watched channel (growth of heapUsed + external after gc, over a baseline taken after the workload's inputs were built):", "", memoryTable(evaluations), "");
  }
  if (runtime) {
    parts.push(
      `End to end (${pinning}): MonitorRuntime watching ${int(runtime.channels)} channels (${histogram(runtime.kinds)}); window ${fixed(runtime.seconds, 1)} s, after ${fixed(runtime.settleMs / 1000, 1)} s to all ok${runtime.allOkAtStart ? "" : " (NOT all ok when the window began)"}; reasons at the end: ${histogram(runtime.reasons)}; reversals ${runtime.reversals}, protocol errors ${runtime.protocolErrors}.`,
      "",
      runtimeTable(runtime),
      "",
    );
  }
  if (profile) parts.push(`CPU profile of the monitor's main thread over the window (${int(profile.profiledMs)} ms, ${percent(profile.busyMs / profile.profiledMs)} busy):`, "", profileTable(profile), "");
  return parts.join("\n");
}
