/** Bulk history -> what a sparkline draws (pure, runs in node). */
import { describe, expect, it } from "vitest";
import { toChannelHistory } from "./history-store.js";

describe("toChannelHistory", () => {
  it("turns buckets into a rate over the known seconds and a missing fraction; nothing known is no-data, never zero", () => {
    const h = toChannelHistory(
      { name: "A:B", expectedHz: 100, known: [0, 60, 30, 60], received: [0, 6000, 3000, 5400], missing: [0, 0, 0, 600] },
      1_000_000,
      60,
    );
    expect(h.rate).toEqual([null, 100, 100, 90]);
    expect(h.gap).toEqual([null, null, null, 0.1]);
    expect(h).toMatchObject({ endMs: 1_000_000, step: 60, expectedHz: 100 });
  });

  it("a known minute with nothing received is a zero rate (a stopped channel), with its gap", () => {
    const h = toChannelHistory({ name: "A:B", expectedHz: 100, known: [60], received: [0], missing: [6000] }, 0, 60);
    expect(h.rate).toEqual([0]);
    expect(h.gap).toEqual([1]);
  });
});
