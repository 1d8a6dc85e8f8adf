/**
 * `node --import tsx bench/lib/cpuprofile-summary.ts FILE.cpuprofile [TOP]`: where the
 * time of a `node --cpu-prof` profile went, as self and inclusive time per function
 * (summed over every place it was called from), so a benchmark's analysis can cite it.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

function label(frame: CallFrame): string {
  const name = frame.functionName || "(anonymous)";
  if (!frame.url) return name;
  return `${name} ${basename(frame.url.replace(/\?.*$/, ""))}:${frame.lineNumber + 1}`;
}

export function summarize(profile: CpuProfile): { totalMs: number; functions: FunctionTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // A sample's time is the delta to the next sample.
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  });
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const name = label(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    // Inclusive: once per function on the stack, however often it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = label(byId.get(at)!.callFrame);
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + us);
    }
  }
  const functions = [...total.keys()].map((name) => ({
    name,
    selfMs: (self.get(name) ?? 0) / 1000,
    totalMs: (total.get(name) ?? 0) / 1000,
  }));
  return { totalMs: (profile.endTime - profile.startTime) / 1000, functions };
}

function main(argv: readonly string[]): void {
  const [file, topArg = "15", ...rest] = argv;
  const top = Number(topArg);
  if (!file || !Number.isInteger(top) || rest.length > 0) throw new Error("usage: cpuprofile-summary FILE.cpuprofile [TOP]");
  const { totalMs, functions } = summarize(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  const pct = (ms: number): string => `${((ms / totalMs) * 100).toFixed(1).padStart(5)} %`;
  console.log(`${file}: ${totalMs.toFixed(0)} ms profiled`);
  console.log("\nself time:");
  for (const f of [...functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(`  ${pct(f.selfMs)}  ${f.name}`);
  console.log("\ninclusive time:");
  for (const f of [...functions].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(`  ${pct(f.totalMs)}  ${f.name}`);
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) main(process.argv.slice(2));

/** Named groups of profile functions: label, inclusive ("total") or "self" time, name pattern. */
export type ProfileGroupSpec = ReadonlyArray<readonly [label: string, time: "self" | "total", pattern: RegExp]>;

export interface ProfileShares {
  profiledMs: number;
  /** Profiled time not idle. */
  busyMs: number;
  groups: Array<{ label: string; ms: number }>;
}

/** Time per group in a .cpuprofile file. */
export function profileShares(path: string, groups: ProfileGroupSpec): ProfileShares {
  const { totalMs, functions } = summarize(JSON.parse(readFileSync(path, "utf8")) as Parameters<typeof summarize>[0]);
  const idle = functions.find((f) => f.name === "(idle)")?.totalMs ?? 0;
  return {
    profiledMs: totalMs,
    busyMs: totalMs - idle,
    groups: groups.map(([label, time, pattern]) => ({
      label,
      ms: functions.filter((f) => pattern.test(f.name)).reduce((sum, f) => sum + (time === "self" ? f.selfMs : f.totalMs), 0),
    })),
  };
}
