import { describe, expect, it } from "vitest";
import { StallGuard } from "./stall-guard.js";

describe("StallGuard", () => {
  it("evaluates on punctual ticks, skips the first tick after a block, never two in a row", () => {
    const guard = new StallGuard(200, 250);
    const ticks = [0, 200, 400, 610, 830]; // punctual within the tolerance
    expect(ticks.map((t) => guard.shouldEvaluate(t))).toEqual([true, true, true, true, true]);
    // Blocked for 2 s: skipped once, then the next punctual tick evaluates.
    expect(guard.shouldEvaluate(2830)).toBe(false);
    expect(guard.shouldEvaluate(3030)).toBe(true);
    // Always late (every tick a block): every other tick still evaluates.
    expect([4030, 5030, 6030, 7030].map((t) => guard.shouldEvaluate(t))).toEqual([false, true, false, true]);
    expect(guard.skipped).toBe(3);
  });
});
