/** GET /runs and GET /runs/{id}/report as the runs pages read them (src/server/present.ts). */
export interface RunRow {
  id: string;
  set: string;
  name: string | null;
  startPulseId: number;
  stopPulseId: number | null;
  createdAt: string | null;
  stoppedAt: string | null;
  /** Number of channels. */
  channels: number;
}

export interface ChannelCoverage {
  name: string;
  expected: number;
  received: number;
  /** Percent rounded down to 2 decimals; null when nothing was due yet. */
  coverage: number | null;
  /** Inclusive [first, last] pulse id ranges. */
  missing: Array<[number, number]>;
  truncated?: boolean;
}

export interface RunReport extends Omit<RunRow, "channels"> {
  accountedUpTo: number | null;
  complete: boolean;
  channels: ChannelCoverage[];
}

export type RunState = "running" | "finishing" | "done" | "stopped";

/** Running until stopped; stopped but not yet accounted up to its stop pulse: finishing; without its report: stopped. */
export function runState(run: RunRow, report: RunReport | undefined): RunState {
  if (run.stoppedAt === null && run.stopPulseId === null) return "running";
  if (!report) return "stopped";
  return report.complete ? "done" : "finishing";
}

/** The figures a list row shows: overall coverage, the worst channel, channels with gaps. */
export function coverageSummary(report: RunReport): { overall: number | null; worst: ChannelCoverage | null; withGaps: number; missing: number } {
  let expected = 0;
  let received = 0;
  let worst: ChannelCoverage | null = null;
  let withGaps = 0;
  for (const c of report.channels) {
    expected += c.expected;
    received += c.received;
    if (c.expected > c.received) withGaps++;
    if (c.coverage !== null && (worst === null || worst.coverage === null || c.coverage < worst.coverage)) worst = c;
  }
  // Rounded down like the server's per-channel figure: a gap never rounds away to 100 %.
  const overall = expected === 0 ? null : Math.floor((10_000 * received) / expected) / 100;
  return { overall, worst, withGaps, missing: expected - received };
}

export function formatCoverage(c: number | null): string {
  return c === null ? "—" : `${c.toFixed(2)} %`;
}
