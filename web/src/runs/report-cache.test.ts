import { describe, expect, it } from "vitest";
import { RunReportCache } from "./report-cache.js";
import type { RunReport, RunRow } from "./run-types.js";

function run(id: string, stopped: boolean): RunRow {
  return { id, set: "s", name: null, startPulseId: 1, stopPulseId: stopped ? 100 : null, createdAt: null, stoppedAt: stopped ? "2026-01-01T00:00:00Z" : null, channels: 1 };
}

function report(r: RunRow, complete: boolean): RunReport {
  return { ...r, accountedUpTo: 100, complete, channels: [] };
}

describe("RunReportCache", () => {
  it("asks for a complete report once, for running and finishing ones on every load", async () => {
    const runs = [run("running", false), run("finishing", true), run("done", true)];
    const asked: string[] = [];
    const cache = new RunReportCache(async (id) => {
      asked.push(id);
      const r = runs.find((x) => x.id === id)!;
      return report(r, id === "done");
    });
    const first = await cache.load(runs);
    expect(asked.sort()).toEqual(["done", "finishing", "running"]);
    expect([...first.reports.keys()].sort()).toEqual(["done", "finishing", "running"]);
    asked.length = 0;
    const second = await cache.load(runs);
    expect(asked.sort()).toEqual(["finishing", "running"]);
    // The kept report still fills its row.
    expect(second.reports.get("done")?.complete).toBe(true);
  });

  it("asks only for the newest `limit` runs, a few at a time, and names the ones that fail", async () => {
    const runs = Array.from({ length: 30 }, (_, i) => run(`r${i}`, false));
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const cache = new RunReportCache(
      async (id) => {
        asked.push(id);
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        if (id === "r3") throw new Error("RUN_NOT_FOUND");
        return report(runs.find((x) => x.id === id)!, false);
      },
      20,
      4,
    );
    const out = await cache.load(runs);
    expect(asked).toHaveLength(20);
    expect(asked).not.toContain("r20");
    expect(most).toBeLessThanOrEqual(4);
    expect(out.errors.get("r3")).toBe("RUN_NOT_FOUND");
    expect(out.reports.size).toBe(19);
  });
});
