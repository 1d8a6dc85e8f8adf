/**
 * Where the page's main thread spends its time, from a Chromium trace (devtools.timeline
 * categories, as DevTools' Performance panel records): self time per event name on the
 * renderer's main thread (script, style recalculation, layout, paint, GC, ...), and the
 * same inside tasks longer than 50 ms only — what makes the long tasks long.
 */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: without the time the thread waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    beginData?: { dirtyObjects?: number; totalObjects?: number };
    data?: { url?: string; functionName?: string; nodeName?: string; reason?: string };
    endData?: { layoutRoots?: Array<{ nodeName?: string }> };
  };
}

/** Layout passes by root: the whole document, or a part of it (a relayout boundary such as a tile). */
export interface LayoutRoots {
  count: number;
  documentRooted: number;
  documentMs: number;
  partialMs: number;
  /** Dirty layout objects per pass, median. */
  dirtyObjectsP50: number;
  /** With invalidation tracking (bench --invalidations): why layout was invalidated, most first. */
  invalidations: Array<{ reason: string; node: string; count: number }>;
}

export interface TraceSummary {
  seconds: number;
  tasks: number;
  longTasks: number;
  longestTaskMs: number;
  /**
   * The same by thread (CPU) time, which a loaded machine inflates less: main-thread CPU ms
   * per second, tasks over 50 ms of CPU, the longest task's CPU ms.
   */
  cpu: { msPerSecond: number; longTasks: number; longestTaskMs: number };
  /** Self ms per event name, over all tasks and over long tasks only, most first. */
  self: Array<{ name: string; ms: number; inLongTasksMs: number }>;
  layout: LayoutRoots;
}

function layoutRoots(slices: readonly TraceEvent[]): LayoutRoots {
  const layouts = slices.filter((e) => e.name === "Layout");
  const rooted = (e: TraceEvent) => e.args?.endData?.layoutRoots?.some((r) => r.nodeName === "#document") ?? false;
  const dirty = layouts.map((e) => e.args?.beginData?.dirtyObjects ?? 0).sort((a, b) => a - b);
  const ms = (list: TraceEvent[]) => list.reduce((sum, e) => sum + e.dur! / 1000, 0);
  return {
    count: layouts.length,
    documentRooted: layouts.filter(rooted).length,
    documentMs: ms(layouts.filter(rooted)),
    partialMs: ms(layouts.filter((e) => !rooted(e))),
    dirtyObjectsP50: dirty[Math.floor(dirty.length / 2)] ?? 0,
    invalidations: [],
  };
}

/** LayoutInvalidationTracking events by reason and element (its tag and first class). */
function invalidationReasons(events: readonly TraceEvent[]): LayoutRoots["invalidations"] {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.name !== "LayoutInvalidationTracking") continue;
    const node = (e.args?.data?.nodeName ?? "?").replace(/^(\S+ class='[^ ']*).*$/, "$1'");
    const key = `${e.args?.data?.reason ?? "?"}\u0000${node}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => {
    const [reason, node] = key.split("\u0000") as [string, string];
    return { reason, node, count };
  }).sort((a, b) => b.count - a.count).slice(0, 15);
}

const LONG_TASK_US = 50_000;

export function summarizeTrace(json: string): TraceSummary {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
  // The renderer's main thread: the busiest CrRendererMain (the page's, not an extension's).
  const mains = events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`);
  const busy = new Map<string, number>();
  for (const e of events) if (e.ph === "X" && e.dur && mains.includes(`${e.pid}:${e.tid}`)) busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const slices = events.filter((e) => e.ph === "X" && e.dur !== undefined && `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);

  const self = new Map<string, { ms: number; inLongTasksMs: number }>();
  const stack: Array<{ e: TraceEvent; childUs: number }> = [];
  let task: TraceEvent | undefined;
  let tasks = 0;
  let longTasks = 0;
  let longest = 0;
  const close = (until: number): void => {
    while (stack.length && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= until) {
      const top = stack.pop()!;
      const ownUs = top.e.dur! - top.childUs;
      const entry = self.get(top.e.name) ?? { ms: 0, inLongTasksMs: 0 };
      entry.ms += ownUs / 1000;
      if (task && task.dur! > LONG_TASK_US) entry.inLongTasksMs += ownUs / 1000;
      self.set(top.e.name, entry);
      if (stack.length) stack[stack.length - 1]!.childUs += top.e.dur!;
    }
  };
  let cpuUs = 0;
  let cpuLong = 0;
  let cpuLongest = 0;
  for (const e of slices) {
    close(e.ts);
    if (stack.length === 0) {
      const t = e.tdur ?? e.dur!;
      cpuUs += t;
      if (t > LONG_TASK_US) cpuLong++;
      cpuLongest = Math.max(cpuLongest, t);
      // A top-level slice is a task (RunTask / ThreadControllerImpl::RunTask).
      task = e;
      tasks++;
      if (e.dur! > LONG_TASK_US) longTasks++;
      longest = Math.max(longest, e.dur!);
    }
    stack.push({ e, childUs: 0 });
  }
  close(Infinity);
  const first = slices[0]?.ts ?? 0;
  const last = slices.reduce((m, e) => Math.max(m, e.ts + e.dur!), first);
  return {
    seconds: (last - first) / 1e6,
    tasks,
    longTasks,
    longestTaskMs: longest / 1000,
    cpu: { msPerSecond: last > first ? cpuUs / 1000 / ((last - first) / 1e6) : 0, longTasks: cpuLong, longestTaskMs: cpuLongest / 1000 },
    self: [...self].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.inLongTasksMs - a.inLongTasksMs || b.ms - a.ms),
    layout: { ...layoutRoots(slices), invalidations: invalidationReasons(events) },
  };
}
