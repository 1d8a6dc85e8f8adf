import { describe, expect, it } from "vitest";
import { formatTime } from "../format.js";
import { gapText } from "./gap-text.js";

describe("gapText", () => {
  const gap = { firstPulse: 1000, lastPulse: 2234, firstTime: "2026-11-21T12:03:01.200Z", lastTime: "2026-11-21T12:03:13.550Z", missing: 1235 };

  it("says when, how many and which pulses of a past gap", () => {
    expect(gapText(gap, false)).toBe(`gap ${formatTime(gap.firstTime)} → ${formatTime(gap.lastTime)}, 1,235 pulses missing (pulse 1000 – 2234)`);
  });

  it("ends an ongoing gap at now, and says so when the count is not known", () => {
    expect(gapText({ ...gap, lastPulse: null, lastTime: null, missing: null }, true)).toBe(`gap ${formatTime(gap.firstTime)} → now, pulses missing: not known (pulse 1000)`);
    expect(gapText(undefined, true)).toBe("gap ongoing");
    expect(gapText(undefined, false)).toBe("");
  });
});
