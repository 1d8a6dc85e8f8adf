import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildCatalog } from "./catalog.js";
import type { FaultSpec } from "./fault-spec.js";
import { ScenarioError, loadScenario, parseScenario, playScenario } from "./scenario.js";

const catalog = buildCatalog({ channels: 200, seed: 3 });
const channel = catalog.channels[0]!.name;
const dir = mkdtempSync(path.join(tmpdir(), "cw-scenario-"));

afterEach(() => {
  vi.useRealTimers();
});

describe("scenario files", () => {
  it("reads a YAML timeline and sorts it by time", async () => {
    const file = path.join(dir, "s.yaml");
    writeFileSync(
      file,
      `repeatEveryMs: 60000
steps:
  - atMs: 5000
    fault: { kind: rate_drop, channel: "${channel}", params: { factor: 0.5 }, durationMs: 2000 }
  - atMs: 1000
    fault: { kind: api_slow, backend: sf-databuffer, params: { delayMs: 300 } }
`,
    );
    const scenario = await loadScenario(file, catalog);
    expect(scenario.repeatEveryMs).toBe(60000);
    expect(scenario.steps.map((s) => s.atMs)).toEqual([1000, 5000]);
    expect(scenario.steps[1]!.fault).toEqual({ kind: "rate_drop", channel, params: { factor: 0.5 }, durationMs: 2000 });
  });

  it("reads a JSON list", async () => {
    const file = path.join(dir, "s.json");
    writeFileSync(file, JSON.stringify([{ atMs: 0, fault: { kind: "channel_stop", channel } }]));
    expect((await loadScenario(file, catalog)).steps).toHaveLength(1);
  });

  it("names the wrong step and field", () => {
    expect(() => parseScenario([{ atMs: 0, fault: { kind: "rate_drop", channel, params: { factor: 3 } } }], catalog)).toThrow(
      /steps\[0\]\.fault\.params\.factor/,
    );
    expect(() => parseScenario([{ atMs: -5, fault: { kind: "channel_stop", channel } }], catalog)).toThrow(/steps\[0\]\.atMs/);
    expect(() => parseScenario([{ at: 5, fault: {} }], catalog)).toThrow(/steps\[0\]\.at is not a step field/);
    expect(() => parseScenario({ steps: [{ atMs: 10, fault: { kind: "api_down" } }], repeatEveryMs: 5 }, catalog)).toThrow(/repeatEveryMs/);
    expect(() => parseScenario("nope", catalog)).toThrow(ScenarioError);
  });

  it("reports unreadable and malformed files clearly", async () => {
    await expect(loadScenario(path.join(dir, "missing.yaml"), catalog)).rejects.toThrow(/cannot read scenario/);
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, "{oops");
    await expect(loadScenario(bad, catalog)).rejects.toThrow(/not valid JSON/);
  });

  it("plays the steps at their times and repeats the timeline", () => {
    vi.useFakeTimers();
    const injected: Array<[number, FaultSpec["kind"]]> = [];
    const scenario = parseScenario(
      {
        repeatEveryMs: 1000,
        steps: [
          { atMs: 100, fault: { kind: "channel_stop", channel } },
          { atMs: 500, fault: { kind: "api_down" } },
        ],
      },
      catalog,
    );
    const start = Date.now();
    const stop = playScenario(scenario, (f) => injected.push([Date.now() - start, f.kind]));
    vi.advanceTimersByTime(2600);
    stop();
    vi.advanceTimersByTime(5000);
    expect(injected).toEqual([
      [100, "channel_stop"],
      [500, "api_down"],
      [1100, "channel_stop"],
      [1500, "api_down"],
      [2100, "channel_stop"],
      [2500, "api_down"],
    ]);
  });
});

describe("the shipped example", () => {
  it("examples/faults.yaml loads against the default catalog", async () => {
    const file = new URL("../../examples/faults.yaml", import.meta.url).pathname;
    const scenario = await loadScenario(file, buildCatalog());
    expect(scenario.steps.length).toBeGreaterThanOrEqual(4);
  });
});
