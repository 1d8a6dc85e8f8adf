import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_RANGES, PulseRanges } from "./pulse-ranges.js";

const BIG = 20_000_000_000; // pulse ids beyond 2^32, as at SwissFEL

describe("PulseRanges", () => {
  it("appends single pulses and extends the last range when no due pulse lies between", () => {
    const r = new PulseRanges();
    r.addPulse(BIG + 1, 1);
    r.addPulse(BIG + 2, 1);
    r.addPulse(BIG + 3, 1);
    r.addPulse(BIG + 7, 1);
    expect(r.count).toBe(2);
    expect(r.toArray()).toEqual([
      [BIG + 1, BIG + 3],
      [BIG + 7, BIG + 7],
    ]);
    expect(r.lastPulse).toBe(BIG + 7);
    expect(r.truncated).toBe(false);
  });

  it("merges with the step of a modulo-10 channel: 1003, 1013, 1023 is one range", () => {
    const r = new PulseRanges();
    for (const p of [1003, 1013, 1023, 1043]) r.addPulse(p, 10);
    expect(r.toArray()).toEqual([
      [1003, 1023],
      [1043, 1043],
    ]);
  });

  it("adds whole ranges, extending or appending", () => {
    const r = new PulseRanges();
    r.add(10, 20, 1);
    r.add(21, 25, 1); // adjacent: extends
    r.add(27, 30, 1); // 26 in between: new range
    r.add(40, 60, 10); // within one step of 30: extends
    expect(r.toArray()).toEqual([
      [10, 25],
      [27, 60],
    ]);
    expect(() => r.add(5, 4, 1)).toThrow(RangeError);
  });

  it("refuses pulses that do not come after the stored ones", () => {
    const r = new PulseRanges();
    r.addPulse(100, 1);
    expect(() => r.addPulse(100, 1)).toThrow(RangeError);
    expect(() => r.add(50, 200, 1)).toThrow(RangeError);
    expect(r.toArray()).toEqual([[100, 100]]);
  });

  it("grows its backing array geometrically up to the cap", () => {
    const r = new PulseRanges(1000, 1);
    for (let k = 0; k < 600; k++) r.addPulse(BIG + 2 * k, 1);
    expect(r.count).toBe(600);
    expect(r.byteLength).toBe(1000 * 16); // 1, 4, 8, ... 512, then clamped to the cap of 1000
    expect(r.first(599)).toBe(BIG + 1198);
    expect(r.last(0)).toBe(BIG);
    expect(() => r.first(600)).toThrow(RangeError);
  });

  it("beyond the cap merges new ranges into the last one and flags truncation", () => {
    const r = new PulseRanges(3);
    for (const p of [1, 3, 5, 6, 9, 11]) r.addPulse(p, 1);
    expect(r.toArray()).toEqual([
      [1, 1],
      [3, 3],
      [5, 11],
    ]);
    expect(r.truncated).toBe(true);
    expect(r.exactUpTo).toBe(8); // 9 was the first pulse merged in
    expect(r.byteLength).toBe(3 * 16);
  });

  it("trimAfter drops and clips ranges", () => {
    const r = new PulseRanges();
    r.add(10, 20, 1);
    r.add(30, 40, 1);
    r.add(50, 60, 1);
    r.trimAfter(35);
    expect(r.toArray()).toEqual([
      [10, 20],
      [30, 35],
    ]);
    r.trimAfter(25);
    expect(r.toArray()).toEqual([[10, 20]]);
    r.trimAfter(5);
    expect(r.count).toBe(0);
    expect(Number.isNaN(r.lastPulse)).toBe(true);
  });

  it("trimAfter restores the exact list when trimming back before the first merge", () => {
    const r = new PulseRanges(2);
    for (const p of [1, 5, 6, 7, 10, 20]) r.addPulse(p, 1);
    expect(r.toArray()).toEqual([
      [1, 1],
      [5, 20],
    ]);
    expect(r.truncated).toBe(true);

    const still = new PulseRanges(2);
    for (const p of [1, 5, 6, 7, 10, 20]) still.addPulse(p, 1);
    still.trimAfter(15); // past the exact part: stays truncated, clipped
    expect(still.toArray()).toEqual([
      [1, 1],
      [5, 15],
    ]);
    expect(still.truncated).toBe(true);

    r.trimAfter(9); // 9 < 10, the first merged pulse: exact again
    expect(r.truncated).toBe(false);
    expect(r.toArray()).toEqual([
      [1, 1],
      [5, 7],
    ]);
    r.trimAfter(6);
    expect(r.toArray()).toEqual([
      [1, 1],
      [5, 6],
    ]);
    // After restoring, new ranges count against the cap again.
    r.addPulse(8, 1);
    expect(r.truncated).toBe(true);
    expect(r.toArray()).toEqual([
      [1, 1],
      [5, 8],
    ]);
  });

  it("clear empties the list and the truncation state", () => {
    const r = new PulseRanges(1);
    r.addPulse(1, 1);
    r.addPulse(3, 1);
    expect(r.truncated).toBe(true);
    r.clear();
    expect(r.count).toBe(0);
    expect(r.truncated).toBe(false);
    expect(r.toArray()).toEqual([]);
  });

  it("forEach visits the ranges in order", () => {
    const r = new PulseRanges();
    r.add(1, 2, 1);
    r.add(4, 4, 1);
    const seen: number[] = [];
    r.forEach((a, b) => seen.push(a, b));
    expect(seen).toEqual([1, 2, 4, 4]);
  });

  it("validates the cap", () => {
    expect(() => new PulseRanges(0)).toThrow(RangeError);
    expect(() => new PulseRanges(1.5)).toThrow(RangeError);
    expect(new PulseRanges().maxRanges).toBe(DEFAULT_MAX_RANGES);
  });
});
