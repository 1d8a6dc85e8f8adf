import { describe, expect, it } from "vitest";
import { buildCatalog } from "../simulator/catalog.js";
import { demoScenario } from "../simulator/demo-scenario.js";
import { DEMO_SET_SIZE, demoChannels } from "./demo-set.js";

describe("demoChannels", () => {
  const catalog = buildCatalog({});
  const scenario = demoScenario(catalog);
  const names = demoChannels(catalog, scenario);
  const channels = names.map((n) => catalog.byName.get(n)!);
  const isScalar = (c: (typeof channels)[number]) => c.shape.length === 1 && c.shape[0] === 1;

  it("is about 40 distinct catalog channels, the same every time", () => {
    expect(names).toHaveLength(DEMO_SET_SIZE);
    expect(new Set(names).size).toBe(names.length);
    expect(channels.every((c) => c !== undefined)).toBe(true);
    expect(demoChannels(catalog, demoScenario(catalog))).toEqual(names);
  });

  it("holds every channel the demo scenario faults, and several of the source it stops", () => {
    for (const { fault } of scenario.steps) {
      if (fault.channel !== undefined) expect(names).toContain(fault.channel);
      if (fault.source !== undefined) expect(channels.filter((c) => c.source === fault.source).length).toBeGreaterThanOrEqual(3);
    }
  });

  it("is a realistic mix: scalars of several sources, 10 Hz channels, two waveforms, one camera", () => {
    expect(new Set(channels.filter(isScalar).map((c) => c.source)).size).toBeGreaterThanOrEqual(6);
    expect(channels.filter((c) => isScalar(c) && c.modulo === 10).length).toBeGreaterThanOrEqual(3);
    expect(channels.filter((c) => c.kind === "waveform").length).toBe(2);
    const cameras = channels.filter((c) => c.shape.length === 2);
    expect(cameras).toHaveLength(1);
    expect(cameras[0]!.backend).toBe("sf-imagebuffer");
  });
});
