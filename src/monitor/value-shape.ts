/**
 * A decoded bsread value made small enough to show: scalars as they are, waveforms cut to
 * at most `maxPoints` by a min/max envelope (each bucket gives its minimum and maximum in
 * the order they occur, so a spike survives), images block-averaged to at most
 * `maxImageSide` per side with the full-resolution min/max for colour scaling.
 */
import type { ChannelValue } from "../bsread/index.js";

export type ValueKind = "scalar" | "string" | "waveform" | "image";

export type Downsampling =
  | { method: "none" }
  /** Bucket k of `bucket` elements gave points 2k and 2k+1 (its min and max, in order of occurrence). */
  | { method: "minmax"; bucket: number; length: number }
  /** Each cell is the mean of a `factor` × `factor` block of the original. */
  | { method: "block-mean"; factor: number; width: number; height: number };

export interface ShapedValue {
  kind: ValueKind;
  /** number/boolean/string for scalars; numbers (null for NaN/±Inf) for a waveform; rows of numbers for an image. */
  value: number | boolean | string | null | (number | null)[] | (number | null)[][];
  downsampling: Downsampling;
  /** Finite min/max of the full-resolution array (null: none finite, or a scalar). */
  min: number | null;
  max: number | null;
}

export interface ShapeLimits {
  maxPoints: number;
  maxImageSide: number;
}

export const DEFAULT_SHAPE_LIMITS: ShapeLimits = { maxPoints: 2048, maxImageSide: 256 };

type NumericArray = Exclude<ChannelValue, null | number | bigint | boolean | string>;

/** Exact when it fits a double's integers; beyond that a string, so nothing is silently rounded. */
function scalarOf(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Element i as a double (int64 arrays hold bigints). */
function reader(a: NumericArray): (i: number) => number {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) return (i) => Number(a[i]!);
  const n = a as Exclude<NumericArray, BigInt64Array | BigUint64Array>;
  return (i) => n[i]!;
}

function range(get: (i: number) => number, length: number): { min: number | null; max: number | null } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < length; i++) {
    const x = get(i);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return min <= max ? { min, max } : { min: null, max: null };
}

function shapeWaveform(a: NumericArray, limits: ShapeLimits): ShapedValue {
  const get = reader(a);
  const n = a.length;
  const { min, max } = range(get, n);
  if (n <= limits.maxPoints) {
    const value = new Array<number | null>(n);
    for (let i = 0; i < n; i++) value[i] = finite(get(i));
    return { kind: "waveform", value, downsampling: { method: "none" }, min, max };
  }
  const bucket = Math.ceil(n / Math.floor(limits.maxPoints / 2));
  const value: (number | null)[] = [];
  for (let start = 0; start < n; start += bucket) {
    let lo = Infinity;
    let hi = -Infinity;
    let loAt = start;
    let hiAt = start;
    for (let i = start; i < Math.min(n, start + bucket); i++) {
      const x = get(i);
      if (x < lo) (lo = x), (loAt = i);
      if (x > hi) (hi = x), (hiAt = i);
    }
    const first = loAt <= hiAt ? lo : hi;
    const second = loAt <= hiAt ? hi : lo;
    value.push(finite(first), finite(second));
  }
  return { kind: "waveform", value, downsampling: { method: "minmax", bucket, length: n }, min, max };
}

/** shape is wire order, fastest dimension first: [width, height]. */
function shapeImage(a: NumericArray, shape: readonly number[], limits: ShapeLimits): ShapedValue {
  const get = reader(a);
  const width = shape[0]!;
  const height = a.length / width;
  const { min, max } = range(get, a.length);
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / limits.maxImageSide));
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const rows: (number | null)[][] = [];
  for (let y = 0; y < h; y++) {
    const row = new Array<number | null>(w);
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let count = 0;
      for (let yy = y * factor; yy < Math.min(height, (y + 1) * factor); yy++) {
        for (let xx = x * factor; xx < Math.min(width, (x + 1) * factor); xx++) {
          const v = get(yy * width + xx);
          if (Number.isFinite(v)) (sum += v), count++;
        }
      }
      // Averages of integers keep two decimals: plenty for a colour, a third of the JSON.
      row[x] = count === 0 ? null : factor === 1 ? sum : Math.round((sum / count) * 100) / 100;
    }
    rows.push(row);
  }
  const downsampling: Downsampling = factor === 1 ? { method: "none" } : { method: "block-mean", factor, width: w, height: h };
  return { kind: "image", value: rows, downsampling, min, max };
}

/** `value` as decoded for a channel of `shape` (wire order); null never reaches here. */
export function shapeValue(value: Exclude<ChannelValue, null>, shape: readonly number[], limits: ShapeLimits = DEFAULT_SHAPE_LIMITS): ShapedValue {
  if (typeof value === "string") return { kind: "string", value, downsampling: { method: "none" }, min: null, max: null };
  if (typeof value === "bigint") return { kind: "scalar", value: scalarOf(value), downsampling: { method: "none" }, min: null, max: null };
  if (typeof value === "number") return { kind: "scalar", value: finite(value), downsampling: { method: "none" }, min: null, max: null };
  if (typeof value === "boolean") return { kind: "scalar", value, downsampling: { method: "none" }, min: null, max: null };
  const dims = shape.filter((d) => d > 1);
  if (dims.length >= 2 && value.length % shape[0]! === 0) return shapeImage(value, shape, limits);
  return shapeWaveform(value, limits);
}
