import { describe, expect, it } from "vitest";
import { MISSING, NOT_DUE, VALUE, emissionAt, isDue, lastDuePulse, mix32 } from "./emission.js";
import type { ChannelEffects } from "./fault-registry.js";

const healthy: ChannelEffects = { rateFactor: 1, emptyFraction: 0, notRecording: false, notConnected: false, notConfigured: false };
const count = (effects: ChannelEffects, modulo = 1, offset = 0, pulses = 10_000) => {
  const out = { [NOT_DUE]: 0, [VALUE]: 0, [MISSING]: 0 };
  for (let p = 1_000_000; p < 1_000_000 + pulses; p++) {
    out[emissionAt({ pulseId: p, pulseTimeMs: p * 10, modulo, offset, seed: 42, effects })]++;
  }
  return out;
};

describe("emission", () => {
  it("honours modulo and offset", () => {
    expect(isDue(1003, 10, 3)).toBe(true);
    expect(isDue(1004, 10, 3)).toBe(false);
    expect(lastDuePulse(1012, 10, 3)).toBe(1003);
    expect(lastDuePulse(1013, 10, 3)).toBe(1013);
    expect(count(healthy, 10, 3)).toEqual({ [NOT_DUE]: 9000, [VALUE]: 1000, [MISSING]: 0 });
  });

  it("drops the rate by exactly the factor", () => {
    expect(count({ ...healthy, rateFactor: 0.5 })[VALUE]).toBe(5000);
    expect(count({ ...healthy, rateFactor: 0.1 }, 10)[VALUE]).toBe(100);
  });

  it("sends about the requested fraction empty, deterministically", () => {
    const a = count({ ...healthy, emptyFraction: 0.2 });
    expect(a[MISSING]).toBeGreaterThan(1800);
    expect(a[MISSING]).toBeLessThan(2200);
    expect(count({ ...healthy, emptyFraction: 0.2 })).toEqual(a);
  });

  it("skips `length` of every `every` pulse ids", () => {
    expect(count({ ...healthy, gaps: { every: 100, length: 5 } })[MISSING]).toBe(500);
  });

  it("goes silent from the fault's start", () => {
    const c = count({ ...healthy, silentSince: 1_005_000 * 10 });
    expect(c).toEqual({ [NOT_DUE]: 0, [VALUE]: 5000, [MISSING]: 5000 });
  });

  it("mixes well enough", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(mix32(7, 5_000_000_000 + i) >>> 24);
    expect(seen.size).toBeGreaterThan(200);
  });
});
