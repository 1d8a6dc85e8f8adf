/**
 * Channels grouped by their source IOC. When every watched channel of a source has no
 * data, the source is down: each channel's `no_data` becomes one `source_down` reason
 * naming the source, so the panel can show the source once instead of 200 times.
 */
import { REASON_LEVELS, levelOf, worstLevel, type Level, type Reason } from "./status.js";

export interface SourceStatus {
  source: string;
  status: Level;
  channels: number;
  /** Channels per level. */
  summary: Record<Level, number>;
  reasons: Reason[];
}

/**
 * Rewrites no_data into source_down where a whole source (of 2+ watched channels) is silent.
 * `groups` holds slots per source, `reasons` the fresh reasons per slot.
 */
export function applySourceDown(groups: ReadonlyMap<string, readonly number[]>, reasons: (Reason[] | undefined)[]): void {
  for (const [source, slots] of groups) {
    if (slots.length < 2 || !slots.every((slot) => reasons[slot]!.some((r) => r.code === "no_data"))) continue;
    const since = Math.min(...slots.map((slot) => reasons[slot]!.find((r) => r.code === "no_data")!.since));
    for (const slot of slots) {
      reasons[slot] = reasons[slot]!.map((r) =>
        r.code === "no_data" ? { code: "source_down", message: `source ${source} down: all ${slots.length} watched channels silent`, since } : r,
      );
    }
  }
}

/** A source's aggregate: the reasons of each of its watched channels. */
export function summarizeSource(source: string, members: readonly (readonly Reason[])[]): SourceStatus {
  const summary: Record<Level, number> = { ok: 0, warning: 0, unknown: 0, error: 0 };
  let status: Level = "ok";
  const reasons = new Map<string, Reason>();
  for (const memberReasons of members) {
    const level = levelOf(memberReasons);
    summary[level]++;
    status = worstLevel(status, level);
    for (const r of memberReasons) {
      // Source-level facts, shown once: the IOC is down or disconnected.
      if ((r.code === "source_down" || r.code === "source_disconnected") && !reasons.has(r.code)) reasons.set(r.code, r);
    }
  }
  if (members.length === 0) status = "unknown";
  return { source, status, channels: members.length, summary, reasons: [...reasons.values()].sort((a, b) => (REASON_LEVELS[a.code] === "error" ? -1 : 0) - (REASON_LEVELS[b.code] === "error" ? -1 : 0)) };
}
