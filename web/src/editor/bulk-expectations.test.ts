/** Editing several channels' expectations: shared values pre-filled, differing ones "mixed", and only changed fields written. */
import { describe, expect, it } from "vitest";
import { commonExpectations, mergeExpectations } from "./bulk-expectations.js";
import type { ChannelSpec } from "./set-model.js";

const camera: ChannelSpec = { name: "CAM:IMAGE", type: "uint16", shape: [1024, 768], thresholds: { staleMinMs: 2000, recordLagMs: 9000 } };
const bpm: ChannelSpec = { name: "BPM:X1", type: "float64", thresholds: { staleMinMs: 2000 } };
const plain: ChannelSpec = { name: "PLAIN:Y" };

describe("commonExpectations", () => {
  it("keeps only what every channel shares and calls the rest mixed", () => {
    const { value, mixed } = commonExpectations([camera, bpm]);
    expect(value).toEqual({ thresholds: { staleMinMs: 2000 } });
    expect([...mixed].sort()).toEqual(["recordLagMs", "shape", "type"]);
  });

  it("is a channel's own values for one channel", () => {
    expect(commonExpectations([camera])).toEqual({ value: { type: "uint16", shape: [1024, 768], thresholds: { staleMinMs: 2000, recordLagMs: 9000 } }, mixed: new Set() });
  });
});

describe("mergeExpectations", () => {
  it("writes only the changed fields, so one channel's type and shape never reach another", () => {
    const edited = { type: "uint16", shape: [1024, 768], thresholds: { staleMinMs: 5000 } };
    const changed = new Set(["staleMinMs"] as const);
    expect(mergeExpectations(bpm, edited, changed)).toEqual({ name: "BPM:X1", type: "float64", thresholds: { staleMinMs: 5000 } });
    expect(mergeExpectations(camera, edited, changed)).toEqual({ name: "CAM:IMAGE", type: "uint16", shape: [1024, 768], thresholds: { staleMinMs: 5000, recordLagMs: 9000 } });
    expect(mergeExpectations(plain, edited, changed)).toEqual({ name: "PLAIN:Y", thresholds: { staleMinMs: 5000 } });
  });

  it("removes an override the user emptied", () => {
    expect(mergeExpectations(camera, { thresholds: { staleMinMs: 2000 } }, new Set(["type", "recordLagMs"] as const))).toEqual({ name: "CAM:IMAGE", shape: [1024, 768], thresholds: { staleMinMs: 2000 } });
  });
});
