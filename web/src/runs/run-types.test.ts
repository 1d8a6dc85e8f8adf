import { describe, expect, it } from "vitest";
import { parsePulseId } from "./pulse-input.js";
import { coverageSummary, runState, type RunReport, type RunRow } from "./run-types.js";

const run: RunRow = { id: "r1", set: "s", name: null, startPulseId: 100, stopPulseId: null, createdAt: "2026-11-21T12:00:00Z", stoppedAt: null, channels: 2 };

function report(channels: RunReport["channels"], complete = true): RunReport {
  return { ...run, stopPulseId: 400, stoppedAt: "2026-11-21T12:00:03Z", accountedUpTo: 400, complete, channels };
}

describe("coverageSummary", () => {
  it("rounds the overall coverage down, so a gap never shows as 100 %", () => {
    const s = coverageSummary(
      report([
        { name: "a", expected: 100_000, received: 99_999, coverage: 99.99, missing: [[150, 150]] },
        { name: "b", expected: 100_000, received: 100_000, coverage: 100, missing: [] },
      ]),
    );
    expect(s.overall).toBe(99.99);
    expect(s.withGaps).toBe(1);
    expect(s.missing).toBe(1);
    expect(s.worst?.name).toBe("a");
  });

  it("has no overall figure while nothing was due", () => {
    expect(coverageSummary(report([{ name: "a", expected: 0, received: 0, coverage: null, missing: [] }])).overall).toBeNull();
  });
});

describe("runState", () => {
  it("is running until stopped, then finishing until the report is complete", () => {
    expect(runState(run, undefined)).toBe("running");
    const stopped = { ...run, stopPulseId: 400, stoppedAt: "2026-11-21T12:00:03Z" };
    expect(runState(stopped, report([], false))).toBe("finishing");
    expect(runState(stopped, report([], true))).toBe("done");
    expect(runState(stopped, undefined)).toBe("stopped");
  });
});

describe("parsePulseId", () => {
  it("takes empty as none and whole numbers with separators", () => {
    expect(parsePulseId("  ")).toEqual({ pulseId: undefined });
    expect(parsePulseId("5721143416")).toEqual({ pulseId: 5_721_143_416 });
    expect(parsePulseId("5_721_143_416")).toEqual({ pulseId: 5_721_143_416 });
  });

  it("refuses negatives, fractions, words and ids beyond 2^53", () => {
    for (const bad of ["-1", "1.5", "abc", "1e9"]) expect(parsePulseId(bad)).toMatchObject({ error: expect.stringContaining("not a pulse id") });
    expect(parsePulseId("9007199254740993")).toMatchObject({ error: expect.stringContaining("too large") });
  });
});
