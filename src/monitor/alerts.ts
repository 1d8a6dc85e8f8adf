/**
 * One channel's alert (DESIGN.md §3 "Alerts") as a pure state machine: no timers, no I/O,
 * no clock of its own — every time comes in as an argument, and every call returns the
 * events it produced for the caller to append to the event log.
 *
 *   none ──(alerting)──▶ active ──(ok again)──▶ recovered (latched, shows the gap)
 *                         │  ▲                    │  │
 *                    ack  │  └──(alerting again)──┘  │ ack ──▶ none (alert_cleared)
 *                         ▼
 *                   active+acked ──(ok again)──▶ none
 *
 * Like Phoebus' AlarmLogic, an acknowledged alarm that recovers needs no second
 * acknowledgement (MAJOR_ACK → OK): the operator already knows, and the gap is kept in
 * the `alert_recovered` event. `unknown` while active keeps the alert active — we do not
 * know that the channel recovered. Shelving is orthogonal: the alert keeps moving through
 * its states and emitting events, but it neither sounds nor counts in the overall state.
 */
import type { EventKind, MonitorEvent } from "./events.js";
import type { Level, Reason } from "./status.js";
import { PULSE_PERIOD_MS } from "./defaults.js";
import { dueAtOrAfter, dueAtOrBefore } from "./pulse-math.js";


/**
 * The pulses a channel should have carried but did not, around one alert. Pulses are the
 * due pulses (modulo/offset aware) strictly between the last good value before the alert
 * and the first good value after recovery; times are those pulses' times. Unknown pulse
 * info leaves the pulse fields and `missing` null.
 */
export interface AlertGap {
  firstPulse: number | null;
  lastPulse: number | null;
  firstTime: number | null;
  lastTime: number | null;
  missing: number | null;
}

export type AlertState = "none" | "active" | "recovered";

export interface AlertSnapshot {
  state: AlertState;
  acknowledged: boolean;
  /** Shelved: goes through its states, but makes no sound. */
  silenced: boolean;
  /** The alerting level the alert is about (the last alerting level seen while active). */
  level?: Level;
  raisedAt?: number;
  raisedPulse?: number | null;
  ackBy?: string;
  ackAt?: number;
  gap?: AlertGap;
  shelved?: { until: number; reason: string; by: string; remainingMs: number };
}

export interface AlertInput {
  level: Level;
  reasons: readonly Reason[];
  /** ms since the epoch */
  now: number;
  /** Latest pulse id seen on the stream (null if none yet). */
  pulseId: number | null;
  /** Pulse id and time of this channel's latest value (null if none yet). */
  lastValuePulse: number | null;
  lastValueTime: number | null;
  /**
   * First value after the channel's latest silence (null: none): where a gap ended. The
   * latest value may be several pulses later by the time recovery is evaluated.
   */
  resumedPulse?: number | null;
  resumedTime?: number | null;
  /** The set's choice: does `warning` raise an alert too? */
  alertOnWarning: boolean;
  /** The channel's pulse modulo (default 1) and offset (default 0): which pulses are due. */
  modulo?: number;
  offset?: number;
}

export interface ShelveRequest {
  /** ms since the epoch; must be after `now`. */
  until: number;
  reason: string;
  actor: string;
  now: number;
}

/** What ack/shelve/unshelve did: `changed: false` means a no-op (and no events). */
export interface CommandResult {
  changed: boolean;
  events: MonitorEvent[];
}

export type AlertErrorCode = "SHELVE_UNTIL_NOT_FUTURE" | "SHELVE_REASON_REQUIRED" | "ALERT_INPUT_INVALID";

export class AlertError extends Error {
  override readonly name = "AlertError";
  constructor(
    readonly code: AlertErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isAlerting(level: Level, alertOnWarning: boolean): boolean {
  return level === "error" || (level === "warning" && alertOnWarning);
}

/**
 * The gap between the last good value before the alert (`before*`) and the first good
 * value after it (`after*`). Exported for the run reports and for tests.
 */
export function computeGap(
  beforePulse: number | null,
  beforeTime: number | null,
  afterPulse: number | null,
  afterTime: number | null,
  modulo = 1,
  offset = 0,
): AlertGap {
  const firstPulse = beforePulse === null ? null : dueAtOrAfter(beforePulse + 1, modulo, offset);
  const lastPulse = afterPulse === null ? null : dueAtOrBefore(afterPulse - 1, modulo, offset);
  if (firstPulse !== null && lastPulse !== null && lastPulse < firstPulse) {
    // No due pulse between the two good values: nothing was lost.
    return { firstPulse: null, lastPulse: null, firstTime: null, lastTime: null, missing: 0 };
  }
  return {
    firstPulse,
    lastPulse,
    // Place the missing pulses on the 100 Hz grid, anchored on the good values around them.
    firstTime: firstPulse === null || beforePulse === null || beforeTime === null ? null : beforeTime + (firstPulse - beforePulse) * PULSE_PERIOD_MS,
    lastTime: lastPulse === null || afterPulse === null || afterTime === null ? null : afterTime - (afterPulse - lastPulse) * PULSE_PERIOD_MS,
    missing: firstPulse === null || lastPulse === null ? null : (lastPulse - firstPulse) / modulo + 1,
  };
}

export function describeGap(gap: AlertGap): string {
  if (gap.missing === 0) return "no pulses missing";
  const range = gap.firstPulse === null || gap.lastPulse === null ? "pulses unknown" : `pulses ${gap.firstPulse}–${gap.lastPulse}`;
  const count = gap.missing === null ? "count unknown" : `${gap.missing} missing`;
  return `gap ${range}, ${count}`;
}

interface AlertRecord {
  state: "active" | "recovered";
  acknowledged: boolean;
  level: Level;
  raisedAt: number;
  raisedPulse: number | null;
  ackBy?: string;
  ackAt?: number;
  /** The last good value before the alert: the gap starts right after it. */
  gapStartPulse: number | null;
  gapStartTime: number | null;
  /** Set once recovered (latched). */
  gap?: AlertGap;
}

interface Shelf {
  until: number;
  reason: string;
  by: string;
}

export class ChannelAlert {
  /** A channel starts out `unknown` (DESIGN.md §3 `starting`), so the first `ok` is a transition. */
  private level: Level = "unknown";
  private reasons: Array<{ code: Reason["code"]; message: string }> = [];
  private latestPulse: number | null = null;
  private alert: AlertRecord | null = null;
  private shelf: Shelf | null = null;

  constructor(readonly channel: string) {}

  /** One evaluation of the channel's status. */
  update(input: AlertInput): MonitorEvent[] {
    const modulo = input.modulo ?? 1;
    const offset = input.offset ?? 0;
    if (!Number.isInteger(modulo) || modulo < 1 || !Number.isInteger(offset) || offset < 0) {
      throw new AlertError("ALERT_INPUT_INVALID", `${this.channel}: modulo must be an integer >= 1 and offset an integer >= 0`);
    }
    if (input.pulseId !== null) this.latestPulse = input.pulseId;
    const events: MonitorEvent[] = [];
    const from = this.level;
    this.level = input.level;
    this.reasons = input.reasons.map((r) => ({ code: r.code, message: r.message }));
    const now = input.now;

    // The transition log comes first, then what it did to the alert.
    if (from !== input.level) events.push(this.event("status", now, { from }));

    const alerting = isAlerting(input.level, input.alertOnWarning);
    // `unknown` neither raises nor recovers: it holds whatever state the alert is in.
    const stillActive = this.alert?.state === "active" && (alerting || input.level === "unknown");

    if (this.shelf !== null && now >= this.shelf.until) {
      events.push(...this.endShelf("shelve_expired", now, undefined, stillActive));
    }

    const a = this.alert;
    if (alerting) {
      if (a === null || a.state === "recovered") {
        // New alert; a latched one is replaced (its gap is already in the log).
        this.alert = {
          state: "active",
          acknowledged: false,
          level: input.level,
          raisedAt: now,
          raisedPulse: this.latestPulse,
          gapStartPulse: input.lastValuePulse,
          gapStartTime: input.lastValueTime,
        };
        events.push(this.event("alert_raised", now, { from, note: this.shelf === null ? undefined : "shelved: silenced" }));
      } else {
        a.level = input.level; // e.g. warning → error: same alert, no new raise
      }
    } else if (a !== null && a.state === "active" && input.level !== "unknown") {
      const resumed = input.resumedPulse != null && (a.gapStartPulse === null || input.resumedPulse > a.gapStartPulse);
      const gap = resumed
        ? computeGap(a.gapStartPulse, a.gapStartTime, input.resumedPulse!, input.resumedTime ?? null, modulo, offset)
        : computeGap(a.gapStartPulse, a.gapStartTime, input.lastValuePulse, input.lastValueTime, modulo, offset);
      events.push(this.event("alert_recovered", now, { from, gap, note: describeGap(gap) }));
      if (a.acknowledged) {
        this.alert = null; // already acknowledged: nothing left to latch (Phoebus MAJOR_ACK → OK)
      } else {
        a.state = "recovered";
        a.gap = gap;
      }
    }
    return events;
  }

  /** Ends an expired shelve; call it between evaluations if they may pause. */
  tick(now: number): MonitorEvent[] {
    if (this.shelf === null || now < this.shelf.until) return [];
    return this.endShelf("shelve_expired", now, undefined, this.alert?.state === "active");
  }

  /**
   * Acknowledge: an unacknowledged active alert stops sounding but stays active; a
   * recovered (latched) alert is cleared. Anything else is a no-op.
   */
  ack(actor: string, now: number): CommandResult {
    const a = this.alert;
    if (a === null || (a.state === "active" && a.acknowledged)) return { changed: false, events: [] };
    if (a.state === "recovered") {
      this.alert = null;
      return { changed: true, events: [this.event("alert_cleared", now, { actor, gap: a.gap })] };
    }
    a.acknowledged = true;
    a.ackBy = actor;
    a.ackAt = now;
    return { changed: true, events: [this.event("ack", now, { actor })] };
  }

  /** Hide the channel from the overall state until `until`; shelving again replaces the shelf. */
  shelve(req: ShelveRequest): CommandResult {
    if (!Number.isFinite(req.until) || req.until <= req.now) {
      throw new AlertError("SHELVE_UNTIL_NOT_FUTURE", `${this.channel}: shelve until ${req.until} is not after now (${req.now})`);
    }
    if (req.reason.trim() === "") {
      throw new AlertError("SHELVE_REASON_REQUIRED", `${this.channel}: a shelve needs a reason`);
    }
    this.shelf = { until: req.until, reason: req.reason, by: req.actor };
    return { changed: true, events: [this.event("shelve", req.now, { actor: req.actor, note: req.reason })] };
  }

  unshelve(actor: string, now: number): CommandResult {
    if (this.shelf === null) return { changed: false, events: [] };
    return { changed: true, events: this.endShelf("unshelve", now, actor, this.alert?.state === "active") };
  }

  /** Shelved channels are left out of the panel's overall state. */
  countsInOverall(): boolean {
    return this.shelf === null;
  }

  /** Active, unacknowledged and not shelved. */
  soundingNow(): boolean {
    return this.alert?.state === "active" && !this.alert.acknowledged && this.shelf === null;
  }

  snapshot(now: number): AlertSnapshot {
    const a = this.alert;
    const snap: AlertSnapshot = { state: a?.state ?? "none", acknowledged: a?.acknowledged ?? false, silenced: this.shelf !== null };
    if (a !== null) {
      snap.level = a.level;
      snap.raisedAt = a.raisedAt;
      snap.raisedPulse = a.raisedPulse;
      if (a.ackBy !== undefined) snap.ackBy = a.ackBy;
      if (a.ackAt !== undefined) snap.ackAt = a.ackAt;
      if (a.gap !== undefined) snap.gap = { ...a.gap };
    }
    if (this.shelf !== null) {
      const { until, reason, by } = this.shelf;
      snap.shelved = { until, reason, by, remainingMs: Math.max(0, until - now) };
    }
    return snap;
  }

  /**
   * Unshelve or expiry. An alert still active behind the shelf is raised again as
   * unacknowledged, so it sounds now that the channel is visible again; its gap still
   * starts where the original alert's did.
   */
  private endShelf(kind: "unshelve" | "shelve_expired", now: number, actor: string | undefined, reRaise: boolean): MonitorEvent[] {
    const shelf = this.shelf;
    this.shelf = null;
    const note = shelf === null ? undefined : `shelved by ${shelf.by}: ${shelf.reason}`;
    const events = [this.event(kind, now, { actor, note })];
    const a = this.alert;
    if (reRaise && a !== null && a.state === "active") {
      a.acknowledged = false;
      a.ackBy = undefined;
      a.ackAt = undefined;
      a.raisedAt = now;
      a.raisedPulse = this.latestPulse;
      events.push(this.event("alert_raised", now, { note: `re-raised after ${kind === "unshelve" ? "unshelve" : "shelve expiry"}` }));
    }
    return events;
  }

  private event(kind: EventKind, time: number, extra: { from?: Level; actor?: string; note?: string; gap?: AlertGap }): MonitorEvent {
    const e: MonitorEvent = {
      kind,
      channel: this.channel,
      from: extra.from ?? this.level,
      to: this.level,
      reasons: this.reasons.map((r) => ({ ...r })),
      pulseId: this.latestPulse,
      time,
    };
    if (extra.actor !== undefined) e.actor = extra.actor;
    if (extra.note !== undefined) e.note = extra.note;
    if (extra.gap !== undefined) e.gap = { ...extra.gap };
    return e;
  }
}
