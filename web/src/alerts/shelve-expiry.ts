/** The shelve form's expiry choices, and the check of a chosen end time. */
export const SHELVE_PRESETS: ReadonlyArray<{ key: string; label: string; ms: number }> = [
  { key: "30m", label: "30 min", ms: 30 * 60_000 },
  { key: "2h", label: "2 h", ms: 2 * 3_600_000 },
  { key: "8h", label: "8 h", ms: 8 * 3_600_000 },
];

/** A shelve is a known, temporary exception: a week at most, then someone looks again. */
export const SHELVE_MAX_MS = 7 * 24 * 3_600_000;

/** The end time in ms, or a message saying what is wrong with the choice. */
export function shelveUntil(preset: string, dateTimeLocal: string, now: number): { until: number } | { error: string } {
  const p = SHELVE_PRESETS.find((x) => x.key === preset);
  if (p) return { until: now + p.ms };
  if (dateTimeLocal === "") return { error: "choose an end date and time" };
  // <input type=datetime-local> gives local wall time without a zone: Date reads it as local.
  const until = new Date(dateTimeLocal).getTime();
  if (!Number.isFinite(until)) return { error: `"${dateTimeLocal}" is not a date and time` };
  if (until <= now + 60_000) return { error: "the end must lie at least a minute in the future" };
  if (until - now > SHELVE_MAX_MS) return { error: "a shelve lasts at most 7 days" };
  return { until };
}

/** A Date as the value of <input type=datetime-local> (local time, minutes). */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
