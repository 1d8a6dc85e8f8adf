/**
 * SwissFEL's 100 Hz machine clock: pulse id <-> time as at SwissFEL, where the lowest six
 * digits of a pulse's nanoseconds equal `pulse_id % 1e6` (dispatcher sample data: pulse
 * 5721143416 at 2018-06-08T14:04:52.272143416+02:00).
 */
import type { Timestamp } from "../bsread/index.js";

export const PULSE_PERIOD_MS = 10;
export const ANCHOR_PULSE_ID = 5_721_143_416;
export const ANCHOR_TIME_MS = Date.UTC(2018, 5, 8, 12, 4, 52, 272);

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function pulseIdAt(timeMs: number): number {
  return ANCHOR_PULSE_ID + Math.floor((timeMs - ANCHOR_TIME_MS) / PULSE_PERIOD_MS);
}

/** Start of the pulse's 10 ms slot, in ms since the epoch. */
export function pulseTimeMs(pulseId: number): number {
  return ANCHOR_TIME_MS + (pulseId - ANCHOR_PULSE_ID) * PULSE_PERIOD_MS;
}

/** The pulse's global timestamp: millisecond of its slot, and pulse_id % 1e6 as the low ns digits. */
export function pulseTimestamp(pulseId: number): Timestamp {
  const ms = pulseTimeMs(pulseId);
  const sec = Math.floor(ms / 1000);
  return { sec, ns: (ms - sec * 1000) * 1_000_000 + (pulseId % 1_000_000) };
}

/** ISO 8601 with nanoseconds and the Zurich offset, as the dispatcher writes latestEventDate. */
export function isoWithNanoseconds(ts: Timestamp, timeZone = "Europe/Zurich"): string {
  const offsetMinutes = zoneOffsetMinutes(ts.sec * 1000, timeZone);
  const local = new Date(ts.sec * 1000 + offsetMinutes * 60_000);
  const date = local.toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${date}.${String(ts.ns).padStart(9, "0")}${offset}`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMinutes(timeMs: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormatters.set(timeZone, fmt);
  }
  const name = fmt.formatToParts(new Date(timeMs)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/** The pulse of a timestamp (inverse of pulseTimestamp for pulse timestamps). */
export function pulseIdOfTimestamp(ts: Timestamp): number {
  return pulseIdAt(ts.sec * 1000 + Math.floor(ts.ns / 1_000_000));
}
