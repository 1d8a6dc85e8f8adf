/** The JSON the server sends (src/server/present.ts, live-hub.ts), as the UI reads it. */
export type Level = "ok" | "warning" | "error" | "unknown";

export interface Reason {
  code: string;
  message: string;
  since: string | null;
}

export interface AlertGap {
  firstPulse: number | null;
  lastPulse: number | null;
  firstTime: string | null;
  lastTime: string | null;
  missing: number | null;
}

export interface Alert {
  state: "none" | "active" | "recovered";
  acknowledged: boolean;
  silenced: boolean;
  level?: Level;
  raisedAt?: string | null;
  ackBy?: string;
  ackAt?: string | null;
  gap?: AlertGap;
  shelved?: { until: string | null; reason: string; by: string; remainingMs: number };
}

export interface Metrics {
  expectedHz: number;
  rateHz: number | null;
  missingPercent: number | null;
  lastValueAgeMs: number | null;
  lastValuePulse: number | null;
}

export interface Channel {
  name: string;
  status: Level;
  reasons: Reason[];
  metrics: Metrics;
  alert: Alert;
  source: string | null;
  backend: string | null;
}

export interface Summary {
  ok: number;
  warning: number;
  error: number;
  unknown: number;
}

export interface SetSummary {
  summary: Summary;
  overall: Level;
  watched: boolean;
}

export type LiveMessage =
  | { type: "snapshot"; seq: number; generatedAt: string; summaries: Record<string, SetSummary>; channels: Channel[] }
  | { type: "delta"; seq: number; generatedAt: string; summaries: Record<string, SetSummary>; channels: Channel[] }
  | { type: "heartbeat"; seq: number; time: string }
  | { type: "error"; error: { code: string; message: string } };

export const LEVELS: readonly Level[] = ["error", "warning", "unknown", "ok"];

/** Worst first: what an operator must see first. */
export const LEVEL_RANK: Record<Level, number> = { error: 0, warning: 1, unknown: 2, ok: 3 };
