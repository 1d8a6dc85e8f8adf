import { describe, expect, it } from "vitest";
import { SeededRandom, gaussian, hash2, hashPulse, hashString, mix32 } from "./seeded-random.js";

describe("seeded-random", () => {
  it("SeededRandom repeats for a seed and differs between seeds", () => {
    const draw = (seed: number): number[] => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => r.nextUint32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const r = new SeededRandom(5);
    for (let i = 0; i < 1000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = r.range(3, 7);
      expect(Number.isInteger(k) && k >= 3 && k <= 7).toBe(true);
    }
  });

  it("weighted picks follow the weights", () => {
    const r = new SeededRandom(9);
    const counts = { a: 0, b: 0, c: 0 };
    const items = [["a", 1], ["b", 3], ["c", 0]] as const;
    for (let i = 0; i < 4000; i++) counts[r.weighted(items, (x) => x[1])[0]]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });

  it("hashes are uint32 and sensitive to every input", () => {
    for (const h of [mix32(1), hash2(1, 2), hashPulse(1, 2 ** 40), hashString("SINEG01-DBPM340:X1")]) {
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
    expect(hash2(1, 2)).not.toBe(hash2(2, 1));
    // Pulse ids beyond 32 bits: ids 2^32 apart must not collide.
    const p = 20_000_000_000;
    expect(hashPulse(7, p)).not.toBe(hashPulse(7, p + 2 ** 32));
    expect(hashPulse(7, p)).not.toBe(hashPulse(7, p + 1));
    expect(hashString("SAROP21-PBPS133:XPOS")).not.toBe(hashString("SAROP21-PBPS133:YPOS"));
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(hashPulse(3, p + i) & 0xfffff);
    expect(seen.size).toBeGreaterThan(9_800);
  });

  it("gaussian has mean ~0 and variance ~1", () => {
    let sum = 0;
    let sq = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const g = gaussian(mix32(i), mix32(i + 0x9e3779b9));
      sum += g;
      sq += g * g;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.05);
    expect(sq / n).toBeGreaterThan(0.9);
    expect(sq / n).toBeLessThan(1.1);
  });
});
