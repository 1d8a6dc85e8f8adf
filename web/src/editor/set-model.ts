/** A channel set as the editor holds it (src/server/schemas.ts SetBody), and what "unsaved" means. */

export interface Thresholds {
  warmupMs?: number;
  staleMinMs?: number;
  staleFactor?: number;
  rateLowFraction?: number;
  missingValuesFraction?: number;
  recordLagMs?: number;
  timeSkewMs?: number;
  alertOnWarning?: boolean;
}

export type NumericThreshold = Exclude<keyof Thresholds, "alertOnWarning">;

export interface ChannelSpec {
  name: string;
  thresholds?: Thresholds;
  type?: string;
  shape?: number[];
}

/** A saved set as GET /sets/{name} (and each entry of /versions) answers it. */
export interface SavedSet {
  name: string;
  description: string;
  owner: string;
  tags: string[];
  version: number;
  channels: ChannelSpec[];
  createdAt: string | null;
  updatedAt: string | null;
  updatedBy: string;
  watched?: boolean;
}

/** What the user edits; saved as a new version. */
export interface Draft {
  name: string;
  description: string;
  owner: string;
  /** As typed: comma separated. */
  tags: string;
  channels: ChannelSpec[];
}

export const SET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_CHANNELS = 20_000;

export const TYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64", "string"] as const;

/** The per-channel overrides of src/monitor/defaults.ts, with the server's limits (schemas.ts). */
export const THRESHOLD_FIELDS: ReadonlyArray<{ key: NumericThreshold; label: string; unit: string; min: number; max: number; step: number; integer: boolean; fallback: number; help: string }> = [
  { key: "warmupMs", label: "Warm-up", unit: "ms", min: 0, max: 3_600_000, step: 100, integer: true, fallback: 3000, help: "shows starting this long after watching begins" },
  { key: "staleMinMs", label: "No data after", unit: "ms", min: 0, max: 3_600_000, step: 100, integer: true, fallback: 500, help: "no_data after at least this long without a value" },
  { key: "staleFactor", label: "Stale factor", unit: "× period", min: 1, max: 10_000, step: 1, integer: false, fallback: 20, help: "no_data after this many expected periods without a value" },
  { key: "rateLowFraction", label: "Rate low below", unit: "of expected", min: 0, max: 1, step: 0.01, integer: false, fallback: 0.9, help: "rate_low below this fraction of the expected rate" },
  { key: "missingValuesFraction", label: "Missing values above", unit: "fraction", min: 0, max: 1, step: 0.001, integer: false, fallback: 0.01, help: "missing_values above this fraction of empty values" },
  { key: "recordLagMs", label: "Record lag", unit: "ms", min: 0, max: 86_400_000, step: 100, integer: true, fallback: 5000, help: "record_lag when the recorded event is older than this" },
  { key: "timeSkewMs", label: "Time skew", unit: "ms", min: 0, max: 86_400_000, step: 100, integer: true, fallback: 10_000, help: "time_skew when a timestamp is this far from its pulse" },
];

export function emptyDraft(): Draft {
  return { name: "", description: "", owner: "", tags: "", channels: [] };
}

export function draftOf(set: Pick<SavedSet, "name" | "description" | "owner" | "tags" | "channels">): Draft {
  return { name: set.name, description: set.description ?? "", owner: set.owner ?? "", tags: (set.tags ?? []).join(", "), channels: set.channels.map((c) => ({ ...c })) };
}

export function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((t) => t.trim()).filter((t) => t !== ""))];
}

/** Drops empty overrides, so "no override" is one shape (an absent key). */
export function cleanSpec(c: ChannelSpec): ChannelSpec {
  const out: ChannelSpec = { name: c.name };
  if (c.type) out.type = c.type;
  if (c.shape && c.shape.length > 0) out.shape = c.shape;
  if (c.thresholds) {
    const t = Object.fromEntries(Object.entries(c.thresholds).filter(([, v]) => v !== undefined)) as Thresholds;
    if (Object.keys(t).length > 0) out.thresholds = t;
  }
  return out;
}

/** The body of POST /sets and (with version) PUT /sets/{name}. */
export function bodyOf(d: Draft) {
  // No owner: the server records whoever saves (the token's name).
  return { name: d.name, description: d.description, ...(d.owner.trim() !== "" && { owner: d.owner.trim() }), tags: parseTags(d.tags), channels: d.channels.map(cleanSpec) };
}

export function sameContent(a: Draft, b: Draft): boolean {
  return JSON.stringify(bodyOf(a)) === JSON.stringify(bodyOf(b));
}

/** "1024x768" or "2048" -> [1024, 768] / [2048]; "" -> undefined; anything else -> an error text. */
export function parseShape(text: string): number[] | undefined | string {
  const t = text.trim();
  if (t === "") return undefined;
  const parts = t.split(/\s*[x×,]\s*/);
  if (parts.length > 4 || parts.some((p) => !/^\d+$/.test(p))) return "a shape is 1–4 whole numbers, like 2048 or 1024x768";
  return parts.map(Number);
}

export function shapeText(shape: readonly number[] | undefined | null): string {
  return shape ? shape.join("×") : "";
}

/** Short text of a channel's overrides for the table. */
export function overridesText(c: ChannelSpec): string {
  const parts: string[] = [];
  if (c.type) parts.push(`type ${c.type}`);
  if (c.shape) parts.push(`shape ${shapeText(c.shape)}`);
  for (const f of THRESHOLD_FIELDS) {
    const v = c.thresholds?.[f.key];
    if (v !== undefined) parts.push(`${f.label.toLowerCase()} ${v}${f.unit === "ms" ? " ms" : ""}`);
  }
  if (c.thresholds?.alertOnWarning !== undefined) parts.push(c.thresholds.alertOnWarning ? "alert on warning" : "no alert on warning");
  return parts.join(" · ");
}
