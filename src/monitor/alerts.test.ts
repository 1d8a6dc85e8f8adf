import { describe, expect, it } from "vitest";
import { AlertError, ChannelAlert, computeGap, type AlertInput } from "./alerts.js";
import type { MonitorEvent } from "./events.js";
import type { Level, Reason, ReasonCode } from "./status.js";

const T0 = Date.UTC(2026, 10, 21, 12, 3, 0, 0);
const CH = "SARFE10-PBPG050:HAMP-INTENSITY-CAL";

/** A hand-driven channel: a fake clock and a fake pulse counter advanced by the test. */
class Driver {
  readonly alert = new ChannelAlert(CH);
  now = T0;
  pulse = 1_000;
  lastValuePulse: number | null = 999;
  lastValueTime: number | null = T0 - 10;

  /** Advance `pulses` pulses (10 ms each); values arrive only if `values` is set. */
  advance(pulses: number, values = false): void {
    this.pulse += pulses;
    this.now += pulses * 10;
    if (values) {
      this.lastValuePulse = this.pulse;
      this.lastValueTime = this.now;
    }
  }

  eval(level: Level, codes: ReasonCode[] = [], extra: Partial<AlertInput> = {}): MonitorEvent[] {
    const reasons: Reason[] = codes.map((code) => ({ code, message: `${code} on ${CH}`, since: this.now }));
    return this.alert.update({
      level,
      reasons,
      now: this.now,
      pulseId: this.pulse,
      lastValuePulse: this.lastValuePulse,
      lastValueTime: this.lastValueTime,
      alertOnWarning: false,
      ...extra,
    });
  }
}

const kinds = (events: MonitorEvent[]): string[] => events.map((e) => e.kind);

/** A driver whose channel is ok, with the ok transition already logged. */
function okDriver(): Driver {
  const d = new Driver();
  expect(kinds(d.eval("ok"))).toEqual(["status"]);
  return d;
}

describe("ChannelAlert raise", () => {
  it("starts unknown, with no alert, and logs the first level change", () => {
    const d = new Driver();
    expect(d.alert.snapshot(d.now)).toEqual({ state: "none", acknowledged: false, silenced: false });
    const events = d.eval("ok");
    expect(events).toEqual([{ kind: "status", channel: CH, from: "unknown", to: "ok", reasons: [], pulseId: 1000, time: T0 }]);
    expect(d.eval("ok")).toEqual([]);
  });

  it("raises on error: status event first, then alert_raised", () => {
    const d = okDriver();
    d.advance(5);
    const events = d.eval("error", ["no_data"]);
    expect(kinds(events)).toEqual(["status", "alert_raised"]);
    expect(events[1]).toEqual({
      kind: "alert_raised",
      channel: CH,
      from: "ok",
      to: "error",
      reasons: [{ code: "no_data", message: `no_data on ${CH}` }],
      pulseId: 1005,
      time: T0 + 50,
    });
    expect(d.alert.snapshot(d.now)).toEqual({ state: "active", acknowledged: false, silenced: false, level: "error", raisedAt: T0 + 50, raisedPulse: 1005 });
    expect(d.alert.soundingNow()).toBe(true);
    expect(d.alert.countsInOverall()).toBe(true);
  });

  it("does not raise on warning unless the set asks for it", () => {
    const d = okDriver();
    expect(kinds(d.eval("warning", ["rate_low"]))).toEqual(["status"]);
    expect(d.alert.snapshot(d.now).state).toBe("none");
    expect(d.alert.soundingNow()).toBe(false);
  });

  it("raises on warning with alertOnWarning", () => {
    const d = okDriver();
    const events = d.eval("warning", ["rate_low"], { alertOnWarning: true });
    expect(kinds(events)).toEqual(["status", "alert_raised"]);
    expect(d.alert.snapshot(d.now)).toMatchObject({ state: "active", level: "warning" });
  });

  it("does not raise on unknown", () => {
    const d = okDriver();
    expect(kinds(d.eval("unknown", ["upstream_unreachable"]))).toEqual(["status"]);
    expect(d.alert.snapshot(d.now).state).toBe("none");
  });

  it("keeps one alert while the level moves between alerting levels, logging each change", () => {
    const d = okDriver();
    d.eval("warning", ["rate_low"], { alertOnWarning: true });
    d.advance(3);
    const events = d.eval("error", ["no_data"], { alertOnWarning: true });
    expect(kinds(events)).toEqual(["status"]);
    expect(events[0]).toMatchObject({ from: "warning", to: "error", reasons: [{ code: "no_data" }] });
    expect(d.alert.snapshot(d.now)).toMatchObject({ state: "active", level: "error", raisedAt: T0 });
    expect(d.eval("error", ["no_data", "not_recording"], { alertOnWarning: true })).toEqual([]);
  });

  it("keeps the alert active when the channel goes unknown: we do not know it recovered", () => {
    const d = okDriver();
    d.eval("error", ["no_data"]);
    d.advance(10);
    const events = d.eval("unknown", ["upstream_unreachable"]);
    expect(kinds(events)).toEqual(["status"]);
    expect(d.alert.snapshot(d.now)).toMatchObject({ state: "active", level: "error" });
    expect(d.alert.soundingNow()).toBe(true);
  });
});

describe("ChannelAlert latch and gap", () => {
  it("latches on recovery with the exact gap", () => {
    const d = okDriver();
    d.advance(1, true); // last good value: pulse 1001 at T0+10
    d.advance(50);
    d.eval("error", ["no_data"]);
    d.advance(1184);
    d.advance(1, true); // first good value after: pulse 2236 at T0+12360
    const events = d.eval("ok");
    expect(kinds(events)).toEqual(["status", "alert_recovered"]);
    const gap = { firstPulse: 1002, lastPulse: 2235, firstTime: T0 + 20, lastTime: T0 + 12_350, missing: 1234 };
    expect(events[1]).toEqual({
      kind: "alert_recovered",
      channel: CH,
      from: "error",
      to: "ok",
      reasons: [],
      pulseId: 2236,
      time: T0 + 12_360,
      gap,
      note: "gap pulses 1002–2235, 1234 missing",
    });
    expect(d.alert.snapshot(d.now)).toEqual({
      state: "recovered",
      acknowledged: false,
      silenced: false,
      level: "error",
      raisedAt: T0 + 510,
      raisedPulse: 1051,
      gap,
    });
    // Latched: stays recovered while the channel stays ok, and does not sound.
    d.advance(100, true);
    expect(d.eval("ok")).toEqual([]);
    expect(d.alert.snapshot(d.now).state).toBe("recovered");
    expect(d.alert.soundingNow()).toBe(false);
  });

  it("counts only due pulses with modulo 10 offset 3", () => {
    const d = okDriver();
    d.pulse = 103;
    d.now = T0;
    d.lastValuePulse = 103; // due: (103 - 3) % 10 == 0
    d.lastValueTime = T0;
    d.advance(20);
    d.eval("error", ["no_data"], { modulo: 10, offset: 3 });
    d.advance(20, true); // first good value after: pulse 143
    const events = d.eval("ok", [], { modulo: 10, offset: 3 });
    // Due pulses 113, 123, 133 are missing; 104..112 etc. were never due.
    expect(events[1].gap).toEqual({ firstPulse: 113, lastPulse: 133, firstTime: T0 + 100, lastTime: T0 + 300, missing: 3 });
  });

  it("computes gaps between non-due anchors and reports an empty gap as 0 missing", () => {
    expect(computeGap(105, 0, 131, 260, 10, 3)).toEqual({ firstPulse: 113, lastPulse: 123, firstTime: 80, lastTime: 180, missing: 2 });
    expect(computeGap(103, 0, 113, 100, 10, 3)).toEqual({ firstPulse: null, lastPulse: null, firstTime: null, lastTime: null, missing: 0 });
    expect(computeGap(41, 0, 42, 10)).toMatchObject({ missing: 0 });
  });

  it("leaves the gap's pulse fields and count null when pulses are unknown", () => {
    const d = okDriver();
    d.lastValuePulse = null;
    d.lastValueTime = null;
    d.eval("error", ["no_data"]);
    d.advance(10, true);
    const events = d.eval("ok");
    expect(events[1].gap).toEqual({ firstPulse: null, lastPulse: 1009, firstTime: null, lastTime: T0 + 90, missing: null });
    expect(events[1].note).toBe("gap pulses unknown, count unknown");
  });

  it("re-raises a latched alert as a new alert with a new gap", () => {
    const d = okDriver();
    d.eval("error", ["no_data"]); // gap starts after 999
    d.advance(10, true);
    d.eval("ok"); // recovered, gap 1000..1009
    d.advance(5, true); // last good value 1015
    d.advance(5);
    const events = d.eval("error", ["source_disconnected"]);
    expect(kinds(events)).toEqual(["status", "alert_raised"]);
    expect(d.alert.snapshot(d.now)).toEqual({ state: "active", acknowledged: false, silenced: false, level: "error", raisedAt: T0 + 200, raisedPulse: 1020 });
    d.advance(5, true);
    const recovered = d.eval("ok");
    expect(recovered[1].gap).toMatchObject({ firstPulse: 1016, lastPulse: 1024, missing: 9 });
  });

  it("recovers when a warning alert's level no longer alerts for this set", () => {
    const d = okDriver();
    d.eval("error", ["no_data"]);
    d.advance(3, true);
    expect(kinds(d.eval("warning", ["rate_low"]))).toEqual(["status", "alert_recovered"]);
    expect(d.alert.snapshot(d.now).state).toBe("recovered");
  });

  it("rejects a bad modulo with its code", () => {
    const d = okDriver();
    expect(() => d.eval("ok", [], { modulo: 0 })).toThrow(expect.objectContaining({ code: "ALERT_INPUT_INVALID" }));
  });
});

describe("ChannelAlert acknowledge", () => {
  it("acknowledges an active alert: silent, still active; then recovery goes straight to none", () => {
    const d = okDriver();
    d.eval("error", ["no_data"]);
    d.advance(10); // no evaluation since: the latest pulse the alert saw is still 1000
    const result = d.alert.ack("operator-a", d.now);
    expect(result.changed).toBe(true);
    expect(result.events).toEqual([
      { kind: "ack", channel: CH, from: "error", to: "error", reasons: [{ code: "no_data", message: `no_data on ${CH}` }], pulseId: 1000, time: T0 + 100, actor: "operator-a" },
    ]);
    expect(d.alert.snapshot(d.now)).toMatchObject({ state: "active", acknowledged: true, ackBy: "operator-a", ackAt: T0 + 100 });
    expect(d.alert.soundingNow()).toBe(false);
    // A second ack changes nothing.
    expect(d.alert.ack("operator-b", d.now)).toEqual({ changed: false, events: [] });

    d.advance(5, true);
    const events = d.eval("ok");
    expect(kinds(events)).toEqual(["status", "alert_recovered"]);
    expect(events[1].gap).toMatchObject({ firstPulse: 1000, lastPulse: 1014, missing: 15 });
    expect(d.alert.snapshot(d.now)).toEqual({ state: "none", acknowledged: false, silenced: false });
  });

  it("acknowledging a recovered alert clears it", () => {
    const d = okDriver();
    d.eval("error", ["no_data"]);
    d.advance(10, true);
    d.eval("ok");
    d.advance(100);
    const result = d.alert.ack("operator-a", d.now);
    expect(result.changed).toBe(true);
    expect(result.events).toEqual([
      {
        kind: "alert_cleared",
        channel: CH,
        from: "ok",
        to: "ok",
        reasons: [],
        pulseId: 1010, // the latest pulse seen by an evaluation
        time: T0 + 1100,
        actor: "operator-a",
        gap: { firstPulse: 1000, lastPulse: 1009, firstTime: T0, lastTime: T0 + 90, missing: 10 },
      },
    ]);
    expect(d.alert.snapshot(d.now).state).toBe("none");
  });

  it("acknowledging with no alert is a no-op with no event", () => {
    const d = okDriver();
    expect(d.alert.ack("operator-a", d.now)).toEqual({ changed: false, events: [] });
    expect(d.alert.snapshot(d.now).state).toBe("none");
  });
});

describe("ChannelAlert shelve", () => {
  const HOUR = 3_600_000;

  it("hides the channel from the overall state and silences it, with a countdown", () => {
    const d = okDriver();
    const result = d.alert.shelve({ until: T0 + HOUR, reason: "IOC rebooted by controls", actor: "operator-a", now: T0 });
    expect(result.events).toEqual([
      { kind: "shelve", channel: CH, from: "ok", to: "ok", reasons: [], pulseId: 1000, time: T0, actor: "operator-a", note: "IOC rebooted by controls" },
    ]);
    expect(d.alert.countsInOverall()).toBe(false);
    const snap = d.alert.snapshot(T0);
    expect(snap.silenced).toBe(true);
    expect(snap.shelved).toEqual({ until: T0 + HOUR, reason: "IOC rebooted by controls", by: "operator-a", remainingMs: HOUR });
    expect(d.alert.snapshot(T0 + 1_000).shelved?.remainingMs).toBe(HOUR - 1_000);
    expect(d.alert.snapshot(T0 + HOUR - 1).shelved?.remainingMs).toBe(1);
    expect(d.alert.snapshot(T0 + HOUR + 5).shelved?.remainingMs).toBe(0);
  });

  it("still raises, recovers and latches while shelved, without sounding", () => {
    const d = okDriver();
    d.alert.shelve({ until: T0 + HOUR, reason: "known bad", actor: "operator-a", now: T0 });
    const raised = d.eval("error", ["no_data"]);
    expect(kinds(raised)).toEqual(["status", "alert_raised"]);
    expect(raised[1].note).toBe("shelved: silenced");
    expect(d.alert.snapshot(d.now)).toMatchObject({ state: "active", acknowledged: false, silenced: true });
    expect(d.alert.soundingNow()).toBe(false);
    expect(d.alert.countsInOverall()).toBe(false);
    d.advance(10, true);
    expect(kinds(d.eval("ok"))).toEqual(["status", "alert_recovered"]);
    expect(d.alert.snapshot(d.now)).toMatchObject({ state: "recovered", silenced: true });
  });

  it("on expiry with the channel still bad, re-raises unacknowledged so it sounds", () => {
    const d = okDriver();
    d.alert.shelve({ until: T0 + 1_000, reason: "known bad", actor: "operator-a", now: T0 });
    d.eval("error", ["no_data"]);
    d.alert.ack("operator-b", d.now);
    d.advance(99);
    expect(d.eval("error", ["no_data"])).toEqual([]); // 10 ms before expiry
    d.advance(1);
    const events = d.eval("error", ["no_data"]);
    expect(events).toEqual([
      {
        kind: "shelve_expired",
        channel: CH,
        from: "error",
        to: "error",
        reasons: [{ code: "no_data", message: `no_data on ${CH}` }],
        pulseId: 1100,
        time: T0 + 1_000,
        note: "shelved by operator-a: known bad",
      },
      {
        kind: "alert_raised",
        channel: CH,
        from: "error",
        to: "error",
        reasons: [{ code: "no_data", message: `no_data on ${CH}` }],
        pulseId: 1100,
        time: T0 + 1_000,
        note: "re-raised after shelve expiry",
      },
    ]);
    expect(d.alert.snapshot(d.now)).toEqual({ state: "active", acknowledged: false, silenced: false, level: "error", raisedAt: T0 + 1_000, raisedPulse: 1100 });
    expect(d.alert.soundingNow()).toBe(true);
    expect(d.alert.countsInOverall()).toBe(true);
    // The gap still starts where the original alert's did.
    d.advance(10, true);
    expect(d.eval("ok")[1].gap).toMatchObject({ firstPulse: 1000, lastPulse: 1109, missing: 110 });
  });

  it("on expiry with the channel ok, only logs shelve_expired (via tick)", () => {
    const d = okDriver();
    d.alert.shelve({ until: T0 + 1_000, reason: "maintenance", actor: "operator-a", now: T0 });
    expect(d.alert.tick(T0 + 999)).toEqual([]);
    const events = d.alert.tick(T0 + 1_000);
    expect(kinds(events)).toEqual(["shelve_expired"]);
    expect(events[0].actor).toBeUndefined();
    expect(d.alert.countsInOverall()).toBe(true);
    expect(d.alert.snapshot(T0 + 1_000)).toEqual({ state: "none", acknowledged: false, silenced: false });
    expect(d.alert.tick(T0 + 2_000)).toEqual([]);
  });

  it("expiry in the same evaluation the channel goes bad: the alert is raised once and sounds", () => {
    const d = okDriver();
    d.alert.shelve({ until: T0 + 100, reason: "maintenance", actor: "operator-a", now: T0 });
    d.advance(10);
    expect(kinds(d.eval("error", ["no_data"]))).toEqual(["status", "shelve_expired", "alert_raised"]);
    expect(d.alert.soundingNow()).toBe(true);
  });

  it("expiry in the same evaluation the channel recovers: expired, then recovered and latched", () => {
    const d = okDriver();
    d.alert.shelve({ until: T0 + 100, reason: "maintenance", actor: "operator-a", now: T0 });
    d.eval("error", ["no_data"]);
    d.advance(10, true);
    expect(kinds(d.eval("ok"))).toEqual(["status", "shelve_expired", "alert_recovered"]);
    expect(d.alert.snapshot(d.now)).toMatchObject({ state: "recovered", silenced: false });
  });

  it("unshelve by an actor re-raises a still-active alert", () => {
    const d = okDriver();
    d.alert.shelve({ until: T0 + HOUR, reason: "known bad", actor: "operator-a", now: T0 });
    d.eval("error", ["no_data"]);
    d.advance(10);
    const result = d.alert.unshelve("operator-b", d.now);
    expect(result.changed).toBe(true);
    expect(kinds(result.events)).toEqual(["unshelve", "alert_raised"]);
    expect(result.events[0]).toMatchObject({ actor: "operator-b", note: "shelved by operator-a: known bad", from: "error", to: "error" });
    expect(d.alert.soundingNow()).toBe(true);
    expect(d.alert.countsInOverall()).toBe(true);
    expect(d.alert.snapshot(d.now).shelved).toBeUndefined();
    expect(d.alert.unshelve("operator-b", d.now)).toEqual({ changed: false, events: [] });
  });

  it("unshelve with the channel ok emits only unshelve", () => {
    const d = okDriver();
    d.alert.shelve({ until: T0 + HOUR, reason: "known bad", actor: "operator-a", now: T0 });
    expect(kinds(d.alert.unshelve("operator-a", T0 + 5).events)).toEqual(["unshelve"]);
  });

  it("rejects a shelve ending now or in the past, and one without a reason, with stable codes", () => {
    const d = okDriver();
    const shelve = (until: number, reason = "r") => () => d.alert.shelve({ until, reason, actor: "operator-a", now: T0 });
    expect(shelve(T0 - 1)).toThrow(AlertError);
    expect(shelve(T0 - 1)).toThrow(expect.objectContaining({ code: "SHELVE_UNTIL_NOT_FUTURE" }));
    expect(shelve(T0)).toThrow(expect.objectContaining({ code: "SHELVE_UNTIL_NOT_FUTURE" }));
    expect(shelve(Number.NaN)).toThrow(expect.objectContaining({ code: "SHELVE_UNTIL_NOT_FUTURE" }));
    expect(shelve(T0 + 1, "  ")).toThrow(expect.objectContaining({ code: "SHELVE_REASON_REQUIRED" }));
    expect(d.alert.countsInOverall()).toBe(true);
  });
});
