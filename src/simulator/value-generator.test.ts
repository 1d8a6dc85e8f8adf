import { ARRAY_TYPES } from "../bsread/value-conversion.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BSREAD_TYPES, decodeMessage, encodeMessage, type BsreadType, type ValueToSend } from "../bsread/index.js";
import { buildCatalog } from "./catalog.js";
import type { SignalKind, SimChannel } from "./channel-spec.js";
import {
  DEFAULT_VALUE_CACHE_BYTES,
  TEXT_STATES,
  clearValueCache,
  setValueCacheLimit,
  valueAt,
  valueCacheStats,
} from "./value-generator.js";

const PULSE = 20_123_456_789; // a SwissFEL-sized pulse id (> 2^32)
const catalog = buildCatalog();

function channel(kind: SignalKind, type: BsreadType, shape: readonly number[] = [1], extra: Partial<SimChannel> = {}): SimChannel {
  return {
    name: `STEST01-TEST${kind.toUpperCase()}:${type}-${shape.join("x")}`,
    backend: shape.length === 2 ? "sf-imagebuffer" : "sf-databuffer",
    type,
    shape,
    modulo: 1,
    offset: 0,
    source: "tcp://STEST01-CVME-TEST1:9999",
    kind,
    seed: 0x1234567,
    ...extra,
  };
}

const INT_RANGES: Partial<Record<BsreadType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};

const ARRAY_CLASSES = ARRAY_TYPES;

/** Why a value does not fit a type and shape (empty when it does). */
function mismatch(value: ValueToSend, type: BsreadType, shape: readonly number[]): string {
  const scalar = shape.length === 0 || (shape.length === 1 && shape[0]! <= 1);
  if (type === "string") return typeof value === "string" ? "" : `not a string: ${String(value)}`;
  if (!scalar) {
    const expected = ARRAY_CLASSES[type];
    const length = shape.reduce((a, b) => a * b, 1);
    if (!(value instanceof expected)) return `not a ${expected.name}`;
    if (value.length !== length) return `length ${value.length}, wanted ${length}`;
    if (type === "bool" && Array.prototype.some.call(value, (v: number) => v !== 0 && v !== 1)) return "bool array not 0/1";
    return "";
  }
  switch (type) {
    case "bool":
      return typeof value === "boolean" ? "" : `not a boolean: ${String(value)}`;
    case "int64":
    case "uint64":
      if (typeof value !== "bigint") return `not a bigint: ${String(value)}`;
      return type === "uint64" && value < 0n ? "negative uint64" : value >= -(2n ** 63n) && value < 2n ** 64n ? "" : "out of range";
    case "float32":
      return typeof value === "number" && Number.isFinite(value) && Math.fround(value) === value ? "" : `not a float32: ${String(value)}`;
    case "float64":
      return typeof value === "number" && Number.isFinite(value) ? "" : `not a finite number: ${String(value)}`;
    default: {
      const [min, max] = INT_RANGES[type]!;
      return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? "" : `${String(value)} not an ${type}`;
    }
  }
}

function distinct(values: readonly ValueToSend[]): number {
  return new Set(values.map((v) => (typeof v === "object" && v !== null ? Array.from(v as ArrayLike<unknown>).join(",") : `${typeof v}:${String(v)}`))).size;
}

afterEach(() => {
  setValueCacheLimit(DEFAULT_VALUE_CACHE_BYTES);
});

describe("valueAt on the catalog", () => {
  it("gives every channel of the default catalog a value of its declared type and shape", () => {
    const problems: string[] = [];
    for (const c of catalog.channels) {
      for (const pulse of [0, 1, PULSE, PULSE + c.modulo]) {
        const why = mismatch(valueAt(c, pulse), c.type, c.shape);
        if (why !== "" && problems.length < 10) problems.push(`${c.name} @${pulse}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("encodes as bsread and decodes back to the same values", () => {
    const picked = new Map<string, SimChannel>();
    for (const c of catalog.channels) if (!picked.has(`${c.kind}/${c.type}/${c.shape.length}`)) picked.set(`${c.kind}/${c.type}/${c.shape.length}`, c);
    const channels = [...picked.values()];
    const frames = encodeMessage({
      pulseId: PULSE,
      globalTimestamp: { sec: 1_700_000_000, ns: 0 },
      channels: channels.map((c) => ({ name: c.name, type: c.type, shape: c.shape, value: valueAt(c, PULSE) })),
    });
    const decoded = decodeMessage(frames);
    expect(decoded.channels.map((d) => d.name)).toEqual(channels.map((c) => c.name));
    decoded.channels.forEach((d, i) => expect(d.value()).toEqual(valueAt(channels[i]!, PULSE)));
  });
});

describe("valueAt determinism", () => {
  it("returns the same value for the same (channel, pulse), also after clearing the frame cache", () => {
    const sample = catalog.channels.filter((_, i) => i % 7 === 0);
    const first = sample.map((c) => valueAt(c, PULSE));
    expect(sample.map((c) => valueAt(c, PULSE))).toEqual(first);
    clearValueCache();
    expect(sample.map((c) => valueAt(c, PULSE))).toEqual(first);
    // A rebuilt catalog (same seed) gives equal channels and so equal values.
    const again = buildCatalog();
    expect(sample.map((c) => valueAt(again.byName.get(c.name)!, PULSE))).toEqual(first);
  });

  it("gives the same values from a freshly loaded module", async () => {
    const sample = catalog.channels.filter((_, i) => i % 11 === 0);
    const before = sample.map((c) => valueAt(c, PULSE + 3));
    vi.resetModules();
    const fresh = await import("./value-generator.js");
    expect(fresh.valueAt).not.toBe(valueAt);
    expect(sample.map((c) => fresh.valueAt(c, PULSE + 3))).toEqual(before);
  });

  it("depends on the channel seed", () => {
    const a = channel("noise", "float64");
    const b = { ...a, seed: a.seed + 1 };
    expect(valueAt(a, PULSE)).not.toEqual(valueAt(b, PULSE));
    const img = channel("image", "uint16", [160, 120]);
    expect(valueAt(img, PULSE)).not.toEqual(valueAt({ ...img, seed: 99 }, PULSE));
  });
});

describe("valueAt: plausible, changing values per kind", () => {
  const pulses = (from: number, count: number, step = 1): number[] => Array.from({ length: count }, (_, i) => from + i * step);

  it("noise: varies around a stable level", () => {
    for (const type of ["float64", "float32", "int32", "uint16", "int16"] as const) {
      const c = channel("noise", type);
      const values = pulses(PULSE, 200).map((p) => Number(valueAt(c, p)));
      expect(distinct(values), type).toBeGreaterThan(50);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const spread = Math.max(...values) - Math.min(...values);
      expect(spread, type).toBeLessThan(Math.max(Math.abs(mean) * 0.5, 100));
    }
  });

  it("ramp: drifts slowly (neighbours close, far pulses further apart)", () => {
    const c = channel("ramp", "float64");
    const near = Math.abs(Number(valueAt(c, PULSE + 1)) - Number(valueAt(c, PULSE)));
    const range = pulses(PULSE, 200, 500).map((p) => Number(valueAt(c, p)));
    const farSpread = Math.max(...range) - Math.min(...range);
    expect(farSpread).toBeGreaterThan(5 * near);
    expect(distinct(range)).toBeGreaterThan(100);
  });

  it("counter: counts the channel's values; int64 counters echo the pulse id", () => {
    const echo = channel("counter", "int64");
    expect(valueAt(echo, PULSE)).toBe(BigInt(PULSE));
    expect(valueAt(echo, PULSE + 1)).toBe(BigInt(PULSE + 1));
    const tenHz = channel("counter", "uint32", [1], { modulo: 10 });
    const a = valueAt(tenHz, PULSE) as number;
    expect(valueAt(tenHz, PULSE + 10)).toBe((a + 1) % 2 ** 32);
    const small = channel("counter", "uint8");
    for (const p of pulses(PULSE, 600)) expect(mismatch(valueAt(small, p), "uint8", [1])).toBe("");
    expect(distinct(pulses(PULSE, 600).map((p) => valueAt(small, p)))).toBe(256);
  });

  it("status: small integers that hold for a while and sometimes change", () => {
    const c = channel("status", "uint16");
    const short = pulses(PULSE, 100).map((p) => valueAt(c, p) as number);
    expect(distinct(short)).toBe(1);
    const long = pulses(PULSE, 2000, 5000).map((p) => valueAt(c, p) as number);
    expect(distinct(long)).toBeGreaterThan(1);
    expect(long.every((v) => Number.isInteger(v) && v >= 0 && v < 8)).toBe(true);
  });

  it("flag: booleans, mostly stable, both states over time", () => {
    const c = channel("flag", "bool");
    const long = pulses(PULSE, 5000, 700).map((p) => valueAt(c, p));
    expect(long.every((v) => typeof v === "boolean")).toBe(true);
    expect(distinct(long)).toBe(2);
    const short = pulses(PULSE, 1000).map((p) => valueAt(c, p));
    const changes = short.filter((v, i) => i > 0 && v !== short[i - 1]).length;
    expect(changes).toBeLessThan(50);
  });

  it("text: a few state words", () => {
    const c = channel("text", "string");
    const long = pulses(PULSE, 2000, 5000).map((p) => valueAt(c, p) as string);
    expect(long.every((v) => TEXT_STATES.includes(v))).toBe(true);
    expect(distinct(long)).toBeGreaterThan(1);
    expect(distinct(pulses(PULSE, 50).map((p) => valueAt(c, p)))).toBe(1);
  });

  it("waveform: a pulse shape above the baseline, changing from value to value", () => {
    const c = channel("waveform", "float32", [1024]);
    const frames = pulses(PULSE, 16).map((p) => valueAt(c, p) as Float32Array);
    for (const w of frames) {
      expect(w).toBeInstanceOf(Float32Array);
      expect(w).toHaveLength(1024);
      const max = Math.max(...w);
      const baseline = (w[0]! + w[1]! + w[1023]!) / 3;
      expect(max).toBeGreaterThan(5 * Math.abs(baseline));
    }
    for (let i = 1; i < frames.length; i++) expect(frames[i]).not.toEqual(frames[i - 1]);
    const raw = channel("waveform", "int16", [512]);
    const r = valueAt(raw, PULSE) as Int16Array;
    expect(Math.max(...r)).toBeGreaterThan(4000);
    expect(Math.max(...r)).toBeLessThanOrEqual(32767);
  });

  it("spectrum: a non-negative peak whose centre moves", () => {
    const c = channel("spectrum", "float64", [2048]);
    const argmax = (a: Float64Array): number => a.indexOf(Math.max(...a));
    const spectra = pulses(PULSE, 8).map((p) => valueAt(c, p) as Float64Array);
    for (const s of spectra) {
      expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
      const peak = argmax(s);
      expect(peak).toBeGreaterThan(2048 * 0.2);
      expect(peak).toBeLessThan(2048 * 0.8);
      expect(Math.max(...s)).toBeGreaterThan(10 * s[0]!);
    }
    expect(new Set(spectra.map(argmax)).size).toBeGreaterThan(1);
  });

  it("image: uint16 frames [width, height] with a moving spot on a noisy background", () => {
    const c = channel("image", "uint16", [320, 240], { modulo: 2 });
    const spot = (img: Uint16Array): [number, number] => {
      let best = 0;
      let at = 0;
      for (let i = 0; i < img.length; i++) if (img[i]! > best) [best, at] = [img[i]!, i];
      return [at % 320, Math.floor(at / 320)];
    };
    const images = pulses(PULSE, 8, 2).map((p) => valueAt(c, p) as Uint16Array);
    for (const img of images) {
      expect(img).toBeInstanceOf(Uint16Array);
      expect(img).toHaveLength(320 * 240);
      const sorted = Array.from(img).sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1]!;
      expect(median).toBeGreaterThan(50);
      expect(sorted[sorted.length - 1]!).toBeGreaterThan(10 * median);
      expect(sorted[sorted.length - 1]!).toBeLessThanOrEqual(4095);
      const corner = Array.from(img.subarray(0, 8));
      expect(new Set(corner).size).toBeGreaterThan(1); // background noise
    }
    expect(new Set(images.map((img) => spot(img).join(","))).size).toBeGreaterThan(4);
    // A modulo-2 channel sends at even pulses; the odd pulse after one repeats its frame.
    const even = PULSE - (PULSE % 2);
    expect(valueAt(c, even + 1)).toBe(valueAt(c, even));
    expect(valueAt(c, even + 2)).not.toBe(valueAt(c, even));
  });
});

describe("valueAt overrides (type and shape faults)", () => {
  const kinds: readonly SignalKind[] = ["noise", "ramp", "counter", "status", "flag", "waveform", "spectrum", "image", "text"];

  it("returns the overridden type for every kind and type, scalar and array", () => {
    const problems: string[] = [];
    for (const kind of kinds) {
      const base = channel(kind, kind === "text" ? "string" : "float64", kind === "image" ? [128, 96] : kind === "waveform" || kind === "spectrum" ? [256] : [1]);
      for (const type of BSREAD_TYPES) {
        for (const shape of [[1], [300], [64, 48]] as const) {
          for (const pulse of [PULSE, PULSE + 1]) {
            const why = mismatch(valueAt(base, pulse, { type, shape }), type, shape);
            if (why !== "") problems.push(`${kind} -> ${type} [${shape.join(",")}]: ${why}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("turns a float64 channel into an int32 one and a scalar into a waveform", () => {
    const c = catalog.channels.find((x) => x.type === "float64" && x.kind === "noise")!;
    const asInt = valueAt(c, PULSE, { type: "int32" });
    expect(Number.isInteger(asInt)).toBe(true);
    const asWave = valueAt(c, PULSE, { shape: [512] });
    expect(asWave).toBeInstanceOf(Float64Array);
    expect(asWave).toHaveLength(512);
    const both = valueAt(c, PULSE, { type: "uint16", shape: [300] }) as Uint16Array;
    expect(both).toBeInstanceOf(Uint16Array);
    expect(both).toHaveLength(300);
  });

  it("turns an image into a smaller image or a scalar", () => {
    const cam = catalog.channels.find((x) => x.kind === "image")!;
    const small = valueAt(cam, PULSE, { shape: [64, 32] });
    expect(small).toBeInstanceOf(Uint16Array);
    expect(small).toHaveLength(64 * 32);
    const scalar = valueAt(cam, PULSE, { shape: [1] });
    expect(Number.isInteger(scalar)).toBe(true);
    expect(scalar as number).toBeGreaterThanOrEqual(0);
  });

  it("keeps values in range for every integer type across many pulses", () => {
    const problems: string[] = [];
    for (const kind of kinds) {
      for (const type of Object.keys(INT_RANGES) as BsreadType[]) {
        const c = channel(kind, type);
        for (let p = 0; p < 300; p++) {
          const why = mismatch(valueAt(c, PULSE + p * 997), type, [1]);
          if (why !== "") problems.push(`${kind}/${type}: ${why}`);
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});

describe("frame cache", () => {
  it("reuses frames and respects its byte budget", () => {
    clearValueCache();
    const wave = channel("waveform", "float64", [2048]);
    const a = valueAt(wave, PULSE);
    expect(valueAt(wave, PULSE)).toBe(a); // the same cached array
    expect(valueCacheStats()).toMatchObject({ channels: 1, entries: 1, bytes: 16 * 2048 * 8 });

    setValueCacheLimit(1024 * 1024);
    for (let i = 0; i < 40; i++) valueAt({ ...wave, name: `STEST01-WAVE${i}:DATA` }, PULSE);
    const stats = valueCacheStats();
    expect(stats.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(stats.channels).toBeLessThan(40);

    // Values do not depend on what was evicted.
    const again = valueAt({ ...wave, name: "STEST01-WAVE0:DATA" }, PULSE + 5);
    clearValueCache();
    expect(valueAt({ ...wave, name: "STEST01-WAVE0:DATA" }, PULSE + 5)).toEqual(again);
  });

  it("keeps a few entries per channel when overrides change type or shape", () => {
    clearValueCache();
    const wave = channel("waveform", "float32", [256]);
    for (const n of [256, 300, 400, 500, 600, 700]) valueAt(wave, PULSE, { shape: [n] });
    expect(valueCacheStats().entries).toBeLessThanOrEqual(4);
  });

  it("uses fewer frames for large arrays and rejects absurd shapes", () => {
    clearValueCache();
    const big = channel("image", "float64", [1024, 1024]);
    valueAt(big, PULSE);
    expect(valueCacheStats().bytes).toBeLessThanOrEqual(8 * 1024 * 1024 * 2);
    expect(valueAt(big, PULSE + 1)).not.toBe(valueAt(big, PULSE));
    expect(() => valueAt(big, PULSE, { shape: [100_000, 100_000] })).toThrow(RangeError);
  });
});
