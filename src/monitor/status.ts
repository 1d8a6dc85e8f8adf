/** The status model of DESIGN.md §3: levels, reason codes, reasons. */

export const LEVELS = ["ok", "warning", "unknown", "error"] as const;
export type Level = (typeof LEVELS)[number];

/** Severity for "worst of": ok < warning < unknown < error. */
export const LEVEL_RANK: Readonly<Record<Level, number>> = { ok: 0, warning: 1, unknown: 2, error: 3 };

export function worstLevel(a: Level, b: Level): Level {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

export const REASON_LEVELS = {
  upstream_unreachable: "unknown",
  starting: "unknown",
  not_configured: "error",
  not_recording: "error",
  source_disconnected: "error",
  stream_refused: "error",
  no_data: "error",
  source_down: "error",
  rate_low: "warning",
  missing_values: "warning",
  pulse_gaps: "warning",
  record_lag: "warning",
  shape_changed: "warning",
  type_changed: "warning",
  decode_error: "warning",
  time_skew: "warning",
} as const satisfies Record<string, Level>;

export type ReasonCode = keyof typeof REASON_LEVELS;
export const REASON_CODES = Object.keys(REASON_LEVELS) as ReasonCode[];

export interface Reason {
  code: ReasonCode;
  /** One line for a human. */
  message: string;
  /** ms since the epoch when this reason began (kept while the reason persists). */
  since: number;
}

export function levelOf(reasons: readonly Pick<Reason, "code">[]): Level {
  let level: Level = "ok";
  for (const r of reasons) level = worstLevel(level, REASON_LEVELS[r.code]);
  return level;
}
