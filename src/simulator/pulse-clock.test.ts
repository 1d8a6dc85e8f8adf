import { describe, expect, it } from "vitest";
import { ANCHOR_PULSE_ID, isoWithNanoseconds, pulseIdAt, pulseIdOfTimestamp, pulseTimeMs, pulseTimestamp } from "./pulse-clock.js";

describe("SwissFEL pulse clock", () => {
  it("reproduces the dispatcher's sample pulse", () => {
    const ts = pulseTimestamp(ANCHOR_PULSE_ID);
    expect(isoWithNanoseconds(ts)).toBe("2018-06-08T14:04:52.272143416+02:00");
  });

  it("puts pulse_id % 1e6 in the low six digits of the nanoseconds", () => {
    for (const id of [ANCHOR_PULSE_ID + 1, ANCHOR_PULSE_ID + 99, 23_456_789_012, 9_999_999_999]) {
      const { ns } = pulseTimestamp(id);
      expect(ns % 1_000_000).toBe(id % 1_000_000);
      expect(ns).toBeLessThan(1_000_000_000);
    }
  });

  it("advances 100 pulses per second and maps time back to the same pulse", () => {
    const t = Date.UTC(2026, 10, 21, 12, 0, 0, 0);
    const id = pulseIdAt(t);
    expect(pulseIdAt(t + 1000)).toBe(id + 100);
    expect(pulseIdAt(t + 9)).toBe(id + (pulseTimeMs(id) + 10 <= t + 9 ? 1 : 0));
    expect(pulseIdOfTimestamp(pulseTimestamp(id))).toBe(id);
  });

  it("writes winter times with +01:00", () => {
    expect(isoWithNanoseconds({ sec: Date.UTC(2026, 0, 15, 10, 0, 0) / 1000, ns: 5 })).toBe("2026-01-15T11:00:00.000000005+01:00");
  });
});
