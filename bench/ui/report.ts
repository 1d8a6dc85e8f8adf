/** bench/ui's figures per window and its Markdown report (bench/RESULTS.md). */
import type { FunctionTime } from "../lib/cpuprofile-summary.js";
import { fixed, int, loads, percent, table } from "../lib/markdown.js";
import { distribution, quantile, type Distribution } from "../lib/stats.js";
import type { BundleFile } from "./bundle-size.js";
import type { DeltaWindow } from "./delta-meter.js";
import type { ProbeWindow } from "./page-probe.js";
import type { TraceSummary } from "./trace-summary.js";

export interface WindowFigures {
  seconds: number;
  fps: number;
  longestFrameGapMs: number;
  p99FrameGapMs: number;
  /** Frames that came more than 50 ms after the previous one. */
  slowFrames: number;
  longTasks: number;
  longestTaskMs: number;
  longTaskMs: number;
  /** Share of the window the renderer's main thread was busy, and on what (CDP Performance metrics). */
  busyShare: number;
  scriptShare: number;
  styleShare: number;
  layoutShare: number;
  deltasPerSecond: number;
  channelsPerDelta: Distribution;
  /** Messages the page's WebSocket received per second (deltas + heartbeats). */
  pageMessagesPerSecond: number;
  bytesPerSecond: number;
  heapUsedBytes: number;
  nodes: number;
  loadAverage: number;
}

export interface ViewportResult {
  viewport: string;
  minutes: number;
  windows: WindowFigures[];
  heapStartBytes: number;
  heapEndBytes: number;
  nodesStart: number;
  nodesEnd: number;
  /** The summary banner at the end: what the load did to the set. */
  banner: string;
  /** The emulator's 100 Hz clock over the measurement: pulses it had to skip show as pulse_gaps on every channel. */
  emulatorPulses: { emitted: number; skipped: number };
  screenshot: string;
  profile?: { path: string; totalMs: number; top: FunctionTime[] };
  trace?: TraceSummary & { path: string };
}

export interface UiBenchResult {
  settings: Record<string, string | boolean | undefined>;
  commit: string;
  pinning: string;
  chromium: string;
  channels: number;
  load: { stopped: number; step: number; everyMs: number; rotations: number; errors: string[] };
  viewports: ViewportResult[];
  bundle: BundleFile[];
}

export function windowFigures(probe: ProbeWindow, load: DeltaWindow, before: Record<string, number>, after: Record<string, number>, loadAverage: number): WindowFigures {
  const seconds = (probe.to - probe.from) / 1000;
  const share = (metric: string): number => ((after[metric] ?? 0) - (before[metric] ?? 0)) / seconds;
  return {
    seconds,
    fps: probe.frames / seconds,
    longestFrameGapMs: Math.max(0, ...probe.frameGaps),
    p99FrameGapMs: quantile(probe.frameGaps, 0.99),
    slowFrames: probe.frameGaps.filter((g) => g > 50).length,
    longTasks: probe.longTasks.length,
    longestTaskMs: Math.max(0, ...probe.longTasks.map((t) => t.duration)),
    longTaskMs: probe.longTasks.reduce((s, t) => s + t.duration, 0),
    busyShare: share("TaskDuration"),
    scriptShare: share("ScriptDuration"),
    styleShare: share("RecalcStyleDuration"),
    layoutShare: share("LayoutDuration"),
    deltasPerSecond: load.deltas / load.seconds,
    channelsPerDelta: distribution(load.channelsPerDelta),
    pageMessagesPerSecond: probe.wsMessages / seconds,
    bytesPerSecond: load.bytes / load.seconds,
    heapUsedBytes: after.JSHeapUsedSize ?? NaN,
    nodes: after.Nodes ?? NaN,
    loadAverage,
  };
}

const mib = (bytes: number): string => `${fixed(bytes / 2 ** 20, 1)} MiB`;
const kib = (bytes: number): string => `${fixed(bytes / 1024, 1)} KiB`;

function summaryRow(v: ViewportResult, channels: number): string[] {
  const w = v.windows;
  const seconds = w.reduce((s, x) => s + x.seconds, 0);
  const frames = w.reduce((s, x) => s + x.fps * x.seconds, 0);
  const deltas = w.reduce((s, x) => s + x.deltasPerSecond * x.seconds, 0);
  const perDelta = w.reduce((s, x) => s + x.channelsPerDelta.mean * x.deltasPerSecond * x.seconds, 0) / deltas;
  const longTasks = w.reduce((s, x) => s + x.longTasks, 0);
  const longest = Math.max(0, ...w.map((x) => x.longestTaskMs));
  const busy = w.reduce((s, x) => s + x.busyShare * x.seconds, 0) / seconds;
  const script = w.reduce((s, x) => s + x.scriptShare * x.seconds, 0) / seconds;
  const styleLayout = w.reduce((s, x) => s + (x.styleShare + x.layoutShare) * x.seconds, 0) / seconds;
  return [
    v.viewport,
    `${fixed(seconds / 60, 1)} min`,
    `${fixed(deltas / seconds, 2)}/s × ${int(perDelta)} (${percent(perDelta / channels)}) , max ${int(Math.max(...w.map((x) => x.channelsPerDelta.max)))}`,
    `${int(longTasks)} / ${int(longest)} ms`,
    fixed(frames / seconds, 1),
    `${int(Math.max(...w.map((x) => x.longestFrameGapMs)))} ms`,
    `${percent(busy)} (script ${percent(script)}, style+layout ${percent(styleLayout)})`,
    `${mib(v.heapStartBytes)} → ${mib(v.heapEndBytes)}`,
    `${int(v.nodesStart)} → ${int(v.nodesEnd)}`,
    loads(w.map((x) => x.loadAverage)),
  ];
}

export function formatReport(r: UiBenchResult): string {
  const out: string[] = [];
  out.push(`bench/ui: ${r.channels} tiles, /panel/SET?${String(r.settings.query)}, commit ${r.commit}, Chromium ${r.chromium}; ${r.pinning}.`);
  if (r.settings["inject-css"]) out.push(`WHAT-IF RUN, not the shipped UI: extra CSS injected: \`${String(r.settings["inject-css"])}\``);
  out.push(
    `Load: ${r.load.stopped} channels stopped at any time (channel_stop), ${r.load.step} of them back and ${r.load.step} others stopped every ${r.load.everyMs} ms (${r.load.rotations} rotations${r.load.errors.length ? `, errors: ${r.load.errors.join("; ")}` : ""}).`,
  );
  out.push("");
  out.push(
    table(
      ["viewport", "measured", "deltas × channels per delta (share of tiles)", "long tasks / longest", "frames/s", "longest frame gap", "main thread busy", "JS heap after GC, start → end", "DOM nodes", "load average"],
      r.viewports.map((v) => summaryRow(v, r.channels)),
    ),
  );
  for (const v of r.viewports) {
    out.push("");
    out.push(`Per window, ${v.viewport} (banner at the end: "${v.banner}"; the emulator skipped ${int(v.emulatorPulses.skipped)} of ${int(v.emulatorPulses.emitted + v.emulatorPulses.skipped)} pulses):`);
    out.push("");
    out.push(
      table(
        ["#", "s", "deltas/s", "channels/delta p50 / max", "page msgs/s", "KiB/s", "long tasks", "longest", "fps", "frame gap p99 / max", "busy", "heap", "load"],
        v.windows.map((w, i) => [
          String(i + 1),
          fixed(w.seconds, 0),
          fixed(w.deltasPerSecond, 2),
          `${int(w.channelsPerDelta.median)} / ${int(w.channelsPerDelta.max)}`,
          fixed(w.pageMessagesPerSecond, 2),
          int(w.bytesPerSecond / 1024),
          int(w.longTasks),
          `${int(w.longestTaskMs)} ms`,
          fixed(w.fps, 1),
          `${int(w.p99FrameGapMs)} / ${int(w.longestFrameGapMs)} ms`,
          percent(w.busyShare),
          mib(w.heapUsedBytes),
          fixed(w.loadAverage, 1),
        ]),
      ),
    );
    if (v.profile) {
      out.push("");
      out.push(`Page CPU profile (${v.profile.path}, ${fixed(v.profile.totalMs, 0)} ms), self time:`);
      out.push("");
      out.push(table(["function", "self ms", "total ms"], v.profile.top.map((f) => [f.name, fixed(f.selfMs, 0), fixed(f.totalMs, 0)])));
    }
    if (v.trace) {
      const t = v.trace;
      out.push("");
      out.push(`Main-thread trace (${t.path}): ${fixed(t.seconds, 1)} s, ${int(t.tasks)} tasks, ${int(t.longTasks)} over 50 ms, longest ${int(t.longestTaskMs)} ms; self time by kind:`);
      out.push("");
      out.push(table(["trace event", "self ms", "of it in long tasks"], t.self.slice(0, 15).map((e) => [e.name, int(e.ms), int(e.inLongTasksMs)])));
      out.push("");
      out.push(`By thread (CPU) time: the main thread used ${int(t.cpu.msPerSecond)} ms of CPU per second; ${int(t.cpu.longTasks)} tasks over 50 ms of CPU, longest ${int(t.cpu.longestTaskMs)} ms.`);
      const l = t.layout;
      out.push("");
      out.push(`Layout passes: ${int(l.count)}, of them ${int(l.documentRooted)} of the whole document (${int(l.documentMs)} ms) and ${int(l.count - l.documentRooted)} of a part (${int(l.partialMs)} ms); dirty objects per pass p50 ${int(l.dirtyObjectsP50)}.`);
      if (l.invalidations.length > 0) {
        out.push("");
        out.push(table(["layout invalidated because", "element", "times"], l.invalidations.map((i) => [i.reason, i.node, int(i.count)])));
      }
    }
  }
  out.push("");
  const total = r.bundle.reduce((s, f) => s + f.bytes, 0);
  const gz = r.bundle.reduce((s, f) => s + f.gzipBytes, 0);
  out.push(table(["bundle file", "raw", "gzip -9"], [...r.bundle.map((f) => [f.file, kib(f.bytes), kib(f.gzipBytes)]), ["total", kib(total), kib(gz)]]));
  return out.join("\n");
}
