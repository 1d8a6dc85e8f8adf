/**
 * The durable event log of DESIGN.md §3 ("Every transition is an event"): the event shape,
 * the query, the storage-agnostic sink interface, and a bounded in-memory sink. The SQL
 * store implements the same `EventSink`; `normalizeEventQuery` and `matchesEventQuery`
 * are exported so that every implementation reads a query the same way.
 */
import type { AlertGap } from "./alerts.js";
import type { Level, ReasonCode } from "./status.js";

export type EventKind =
  | "status"
  | "alert_raised"
  | "alert_recovered"
  | "alert_cleared"
  | "ack"
  | "shelve"
  | "unshelve"
  | "shelve_expired";

export interface MonitorEvent {
  /** Assigned by the sink: strictly increasing in append order. */
  id?: number;
  kind: EventKind;
  channel: string;
  /** Filled by callers that know it (may be absent). */
  set?: string;
  /** Levels before/after (for ack/shelve/unshelve: the current level in both). */
  from: Level;
  to: Level;
  reasons: Array<{ code: ReasonCode; message: string }>;
  /** Latest pulse id seen when it happened (null if none yet). */
  pulseId: number | null;
  /** ms since the epoch */
  time: number;
  /** Who, for ack/shelve/unshelve (and the clear done by an ack). */
  actor?: string;
  /** Shelve reason, gap summary, … */
  note?: string;
  /** For alert_recovered. */
  gap?: AlertGap;
}

/**
 * All given filters must hold (AND). `since` is inclusive and `until` exclusive, so
 * consecutive windows never count an event twice. `channels: []` matches nothing.
 * Results are newest first (by id, i.e. append order).
 */
export interface EventQuery {
  channel?: string;
  set?: string;
  channels?: readonly string[];
  since?: number;
  until?: number;
  /** Default 100; larger values are capped at 10 000. */
  limit?: number;
}

export interface EventSink {
  /** Stores the event and returns it with its `id`. */
  append(event: MonitorEvent): MonitorEvent;
  query(q: EventQuery): MonitorEvent[];
}

export const DEFAULT_EVENT_LIMIT = 100;
export const MAX_EVENT_LIMIT = 10_000;

export type EventLogErrorCode = "EVENT_QUERY_INVALID" | "EVENT_SINK_INVALID";

export class EventLogError extends Error {
  override readonly name = "EventLogError";
  constructor(
    readonly code: EventLogErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A query with its limit resolved and its channel list as a set. */
export interface NormalizedEventQuery {
  channel?: string;
  set?: string;
  channels?: ReadonlySet<string>;
  since?: number;
  until?: number;
  limit: number;
}

export function normalizeEventQuery(q: EventQuery): NormalizedEventQuery {
  const limit = q.limit ?? DEFAULT_EVENT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new EventLogError("EVENT_QUERY_INVALID", `limit must be a positive integer, got ${String(q.limit)}`);
  }
  for (const key of ["since", "until"] as const) {
    const t = q[key];
    if (t !== undefined && !Number.isFinite(t)) {
      throw new EventLogError("EVENT_QUERY_INVALID", `${key} must be a finite time in ms since the epoch`);
    }
  }
  return {
    channel: q.channel,
    set: q.set,
    channels: q.channels === undefined ? undefined : new Set(q.channels),
    since: q.since,
    until: q.until,
    limit: Math.min(limit, MAX_EVENT_LIMIT),
  };
}

export function matchesEventQuery(e: MonitorEvent, q: NormalizedEventQuery): boolean {
  if (q.channel !== undefined && e.channel !== q.channel) return false;
  if (q.set !== undefined && e.set !== q.set) return false;
  if (q.channels !== undefined && !q.channels.has(e.channel)) return false;
  if (q.since !== undefined && e.time < q.since) return false;
  if (q.until !== undefined && e.time >= q.until) return false;
  return true;
}

/** A copy that shares nothing mutable with its source, so stored events cannot change behind the log's back. */
function copyEvent(e: MonitorEvent): MonitorEvent {
  const copy: MonitorEvent = { ...e, reasons: e.reasons.map((r) => ({ code: r.code, message: r.message })) };
  if (e.gap !== undefined) copy.gap = { ...e.gap };
  return copy;
}

/**
 * Keeps the newest `maxEvents` events in a ring buffer (the oldest are dropped), so a
 * flapping channel costs bounded memory and appends stay O(1) once full.
 */
export class MemoryEventSink implements EventSink {
  private readonly ring: MonitorEvent[] = [];
  /** Index in `ring` of the oldest event once the ring is full. */
  private head = 0;
  private nextId = 1;

  constructor(readonly maxEvents = 100_000) {
    if (!Number.isInteger(maxEvents) || maxEvents < 1) {
      throw new EventLogError("EVENT_SINK_INVALID", `maxEvents must be a positive integer, got ${maxEvents}`);
    }
  }

  get size(): number {
    return this.ring.length;
  }

  append(event: MonitorEvent): MonitorEvent {
    const stored = copyEvent(event);
    stored.id = this.nextId++;
    if (this.ring.length < this.maxEvents) {
      this.ring.push(stored);
    } else {
      this.ring[this.head] = stored;
      this.head = (this.head + 1) % this.maxEvents;
    }
    return copyEvent(stored);
  }

  query(q: EventQuery): MonitorEvent[] {
    const nq = normalizeEventQuery(q);
    const out: MonitorEvent[] = [];
    const n = this.ring.length;
    // Walk from the newest (just before head) back to the oldest (head).
    for (let k = 1; k <= n && out.length < nq.limit; k++) {
      const e = this.ring[(this.head - k + n) % n];
      if (matchesEventQuery(e, nq)) out.push(copyEvent(e));
    }
    return out;
  }
}
