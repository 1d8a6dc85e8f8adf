/**
 * Values of simulated channels: plausible, changing, and deterministic in
 * (channel.seed, pulseId) — nothing is carried from one call to the next.
 *
 * Scalars are computed on every call in O(1) from a few 32-bit integer hashes (no
 * allocation beyond a bigint or a string result). Arrays (waveforms, spectra, images) come
 * from a small set of precomputed frames per channel: the frames are built lazily on first
 * use and cached, and a pulse picks one of them, cycling through all frames over successive
 * values of the channel (so consecutive values always differ and a camera spot moves
 * smoothly). Returned typed arrays are shared cache entries: treat them as read-only.
 *
 * Cache memory bound: at most `valueCacheStats().limitBytes` (default 256 MiB, see
 * `setValueCacheLimit`) plus the entry being added; whole channels are evicted oldest first.
 * One entry (channel x type x shape) holds 16 frames of a 1-D array or 8 frames of a 2-D
 * array, reduced to fit 4 MiB (never fewer than 2 frames): a 2048-point float64 waveform
 * takes 256 KiB, a 320x240 uint16 image 1.2 MiB. A channel keeps at most 4 entries
 * (e.g. after type or shape faults). The default 2,000-channel catalog needs about 15 MiB.
 */
import type { ArrayValue, BsreadType, ValueToSend } from "../bsread/index.js";
import { elementSize, isScalarShape } from "../bsread/types.js";
import type { SignalKind, SimChannel } from "./channel-spec.js";
import { gaussian, hash2, hashPulse, mix32 } from "./seeded-random.js";

/** A fault's change of the channel's type and/or shape. */
export interface ValueOverride {
  readonly type?: BsreadType;
  readonly shape?: readonly number[];
}

type NumericType = Exclude<BsreadType, "string">;
type IntegerType = Exclude<NumericType, "float32" | "float64" | "bool">;

const TWO_PI = 2 * Math.PI;
const U32 = 4294967296;

/** Representable range of each integer type (64-bit ones limited to safe integers). */
const INT_LIMITS: Record<IntegerType, readonly [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/** Where integer scalar levels are drawn from (well inside the type's range). */
const INT_TYPICAL: Record<IntegerType, readonly [number, number]> = {
  int8: [-100, 100],
  uint8: [0, 250],
  int16: [-20000, 20000],
  uint16: [0, 60000],
  int32: [-1_000_000, 1_000_000],
  uint32: [0, 4_000_000],
  int64: [0, 1_000_000_000],
  uint64: [0, 1_000_000_000],
};

/** Full scale of integer arrays (12-bit cameras, 14-bit ADCs, ...). */
const INT_ARRAY_SCALE: Record<IntegerType, number> = {
  int8: 100,
  uint8: 255,
  int16: 8191,
  uint16: 4095,
  int32: 1_000_000,
  uint32: 1_000_000,
  int64: 1_000_000,
  uint64: 1_000_000,
};

/** Counters wrap like the type would (float32 at 2^24, where it stops being exact). */
const COUNTER_WRAP: Record<NumericType, number> = {
  bool: 2,
  int8: 128,
  uint8: 256,
  int16: 32768,
  uint16: 65536,
  int32: 2147483648,
  uint32: U32,
  int64: Number.MAX_SAFE_INTEGER,
  uint64: Number.MAX_SAFE_INTEGER,
  float32: 16777216,
  float64: Number.MAX_SAFE_INTEGER,
};

const POW10 = [0.01, 0.1, 1, 10, 100, 1000];

/** Words for text channels; the first ones are the usual steady states. */
export const TEXT_STATES: readonly string[] = ["OK", "RUNNING", "READY", "ON", "IDLE", "STANDBY", "MOVING", "ACQUIRING", "WARNING", "FAULT"];
const STEADY_TEXT_STATES = 6;

// Salts for the per-channel parameters (arbitrary odd constants).
const S_LEVEL = 0x68e31da4;
const S_SIGMA = 0xb5297a4d;
const S_PERIOD = 0x1b56c4e9;
const S_PHASE = 0x7f4a7c15;
const S_BASE = 0x2545f491;
const S_EPOCH = 0x4f1bbcdd;
const S_STATE = 0x9e3779b9;
const S_FLIP = 0x3c6ef372;
const S_GLITCH = 0xa54ff53a;
const S_NOISE = 0x510e527f;
const S_SHAPE = 0x5be0cd19;

function isInteger(type: NumericType): type is IntegerType {
  return type !== "float32" && type !== "float64" && type !== "bool";
}

function param(seed: number, salt: number): number {
  return mix32((seed ^ salt) >>> 0);
}

/** A float channel's level: ±(1..10) x 10^(-2..3). */
function floatLevel(seed: number): number {
  const h = param(seed, S_LEVEL);
  const mantissa = 1 + 9 * ((h & 0xffff) / 65536);
  const sign = h >>> 29 === 0 ? -1 : 1;
  return sign * mantissa * POW10[(h >>> 16) % POW10.length]!;
}

/** A channel's usual value for a type: well inside an integer type's range, floatLevel otherwise. */
function levelOf(seed: number, type: NumericType): number {
  if (!isInteger(type)) return floatLevel(seed);
  const [lo, hi] = INT_TYPICAL[type];
  return lo + (hi - lo) * (0.1 + 0.8 * (param(seed, S_LEVEL) / U32));
}

/** The noise around the level: 0.1..2 % of it for floats, a little of the range for integers. */
function sigmaOf(seed: number, type: NumericType, level: number): number {
  const s = param(seed, S_SIGMA) / U32;
  if (!isInteger(type)) return Math.abs(level) * (0.001 + 0.02 * s);
  const [lo, hi] = INT_TYPICAL[type];
  return Math.max(2, (hi - lo) * (0.0005 + 0.002 * s));
}

/** Length in pulses of the epochs during which status, flag and text values hold. */
function epochLength(seed: number): number {
  return 1000 + (param(seed, S_EPOCH) % 29000);
}

function clampRound(value: number, type: IntegerType): number {
  const [min, max] = INT_LIMITS[type];
  const r = Math.round(value);
  return r < min ? min : r > max ? max : r;
}

/** A number in a type's JavaScript representation (as the bsread encoder expects). */
function castScalar(value: number, type: NumericType): ValueToSend {
  switch (type) {
    case "float64":
      return value;
    case "float32":
      return Math.fround(value);
    case "bool":
      return value !== 0;
    case "int64":
    case "uint64":
      return BigInt(clampRound(value, type));
    default:
      return clampRound(value, type);
  }
}

function noiseAt(seed: number, pulseId: number, type: NumericType): number {
  const level = levelOf(seed, type);
  const sigma = sigmaOf(seed, type, level);
  const h = hashPulse(seed, pulseId);
  return level + sigma * gaussian(h, mix32((h ^ S_NOISE) >>> 0));
}

function rampAt(seed: number, pulseId: number, type: NumericType): number {
  const level = levelOf(seed, type);
  const sigma = sigmaOf(seed, type, level);
  const period = 3000 + (param(seed, S_PERIOD) % 57000); // 30 s .. 10 min
  const phase = (param(seed, S_PHASE) / U32) * TWO_PI;
  const amplitude = isInteger(type) ? 25 * sigma : Math.max(0.05 * Math.abs(level), 10 * sigma);
  const h = hashPulse(seed, pulseId);
  return level + amplitude * Math.sin((TWO_PI * (pulseId % period)) / period + phase) + 0.2 * sigma * gaussian(h, mix32((h ^ S_NOISE) >>> 0));
}

/** Counts the channel's values (pulse id / modulo) from a per-channel start, wrapping like the type. */
function counterAt(channel: SimChannel, pulseId: number, type: NumericType): number {
  const modulo = channel.modulo >= 1 ? channel.modulo : 1;
  const count = param(channel.seed, S_BASE) % 1_000_000 + Math.floor(pulseId / modulo);
  return count % COUNTER_WRAP[type];
}

/** A small state number (0..states-1) that holds for epochs and is mostly the channel's usual one. */
function stateAt(seed: number, pulseId: number, states: number, steady: number): number {
  const epoch = Math.floor(pulseId / epochLength(seed));
  const h = hash2(seed, epoch >>> 0);
  const usual = param(seed, S_STATE) % steady;
  return h % 100 < 90 ? usual : (h >>> 8) % states;
}

/** Mostly stable: flips for some epochs, glitches on a few single pulses. */
function flagAt(seed: number, pulseId: number): boolean {
  const usual = param(seed, S_STATE) % 100 < 85;
  const epoch = Math.floor(pulseId / epochLength(seed));
  const flipped = hash2((seed ^ S_FLIP) >>> 0, epoch >>> 0) % 100 < 7;
  const glitch = hashPulse((seed ^ S_GLITCH) >>> 0, pulseId) % 1000 < 3;
  return (usual !== flipped) !== glitch;
}

function scalarAt(channel: SimChannel, pulseId: number, type: NumericType): ValueToSend {
  const seed = channel.seed;
  switch (channel.kind) {
    case "counter":
      if (type === "int64" || type === "uint64") return BigInt(pulseId); // pulse id echo
      return castScalar(counterAt(channel, pulseId, type), type);
    case "status":
      return castScalar(stateAt(seed, pulseId, 8, 8), type);
    case "text":
      return castScalar(stateAt(seed, pulseId, TEXT_STATES.length, STEADY_TEXT_STATES), type);
    case "flag": {
      const on = flagAt(seed, pulseId);
      return type === "bool" ? on : castScalar(on ? 1 : 0, type);
    }
    case "ramp":
      return castScalar(rampAt(seed, pulseId, type), type);
    default:
      return castScalar(noiseAt(seed, pulseId, type), type);
  }
}

function stringAt(channel: SimChannel, pulseId: number): string {
  const seed = channel.seed;
  switch (channel.kind) {
    case "text":
    case "status":
      return TEXT_STATES[stateAt(seed, pulseId, TEXT_STATES.length, STEADY_TEXT_STATES)]!;
    case "flag":
      return flagAt(seed, pulseId) ? "ON" : "OFF";
    case "counter":
      return String(counterAt(channel, pulseId, "float64"));
    case "ramp":
      return rampAt(seed, pulseId, "float64").toPrecision(6);
    default:
      return noiseAt(seed, pulseId, "float64").toPrecision(6);
  }
}

// ---------------------------------------------------------------------------------------
// Arrays: cached frames

const FRAMES_1D = 16;
const FRAMES_2D = 8;
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
const MAX_ENTRIES_PER_CHANNEL = 4;
const MAX_ELEMENTS = 1 << 24;
export const DEFAULT_VALUE_CACHE_BYTES = 256 * 1024 * 1024;

interface FrameSet {
  readonly seed: number;
  readonly kind: SignalKind;
  readonly type: NumericType;
  readonly shape: readonly number[];
  readonly frames: readonly ArrayValue[];
  readonly bytes: number;
}

const cache = new Map<string, FrameSet[]>();
let cacheBytes = 0;
let cacheLimit = DEFAULT_VALUE_CACHE_BYTES;

function newArray(type: NumericType, n: number): ArrayValue {
  switch (type) {
    case "bool":
    case "uint8":
      return new Uint8Array(n);
    case "int8":
      return new Int8Array(n);
    case "int16":
      return new Int16Array(n);
    case "uint16":
      return new Uint16Array(n);
    case "int32":
      return new Int32Array(n);
    case "uint32":
      return new Uint32Array(n);
    case "int64":
      return new BigInt64Array(n);
    case "uint64":
      return new BigUint64Array(n);
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
  }
}

/** Writes numbers into a typed array of `type`, rounding and clamping for integer types. */
function fill(array: ArrayValue, type: NumericType, values: Float64Array): void {
  const n = values.length;
  if (type === "int64" || type === "uint64") {
    const out = array as BigInt64Array | BigUint64Array;
    for (let i = 0; i < n; i++) out[i] = BigInt(clampRound(values[i]!, type));
  } else if (type === "bool") {
    const out = array as Uint8Array;
    for (let i = 0; i < n; i++) out[i] = values[i] !== 0 ? 1 : 0;
  } else if (isInteger(type)) {
    const out = array as Int32Array;
    const [min, max] = INT_LIMITS[type];
    for (let i = 0; i < n; i++) {
      const r = Math.round(values[i]!);
      out[i] = r < min ? min : r > max ? max : r;
    }
  } else {
    (array as Float64Array).set(values);
  }
}

/** Triangular noise in (-1, 1) from one hash (cheap, for arrays). */
function tri(h: number): number {
  return ((h & 0xffff) + (h >>> 16)) / 65536 - 1;
}

/** Analog array shapes in normalized units (about 0..1). */
function analogFrame(kind: SignalKind, seed: number, shape: readonly number[], n: number, frame: number, frames: number, out: Float64Array): void {
  const fseed = hash2(seed, frame);
  const angle = (TWO_PI * frame) / frames;
  const u = (param(seed, S_SHAPE) & 0xffff) / 65536;
  const twoD = shape.length >= 2;
  if (twoD || (kind === "image" && n > 1)) {
    // A gaussian spot moving on a small circle over a noisy background.
    const w = Math.max(1, twoD ? Math.floor(shape[0]!) : n);
    const h = Math.max(1, Math.floor(n / w));
    const cx = w * (0.5 + 0.12 * Math.cos(angle)) + 0.01 * w * tri(mix32(fseed));
    const cy = h * (0.5 + 0.12 * Math.sin(angle)) + 0.01 * h * tri(mix32((fseed ^ S_NOISE) >>> 0));
    const sx = w * (0.05 + 0.05 * u);
    const sy = h === 1 ? 1 : h * (0.06 + 0.05 * u);
    const gx = new Float64Array(w);
    for (let x = 0; x < w; x++) gx[x] = Math.exp(-((x - cx) ** 2) / (2 * sx * sx));
    for (let y = 0, i = 0; y < h; y++) {
      const gy = h === 1 ? 1 : 0.8 * Math.exp(-((y - cy) ** 2) / (2 * sy * sy));
      for (let x = 0; x < w && i < n; x++, i++) out[i] = 0.03 + gx[x]! * gy + 0.008 * tri(hash2(fseed, i));
    }
    for (let i = w * h; i < n; i++) out[i] = 0.03 + 0.008 * tri(hash2(fseed, i));
    return;
  }
  switch (kind) {
    case "spectrum": {
      // A SASE-like spectrum: a gaussian envelope with spikes, drifting a little.
      const centre = n * (0.5 + 0.04 * Math.sin(angle)) + 0.01 * n * tri(mix32(fseed));
      const sigma = n * (0.02 + 0.04 * u);
      for (let i = 0; i < n; i++) {
        const spike = 0.6 + 0.4 * Math.abs(tri(hash2(fseed, i >>> 3)));
        out[i] = 0.02 + 0.8 * Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma)) * spike + 0.005 * tri(hash2(fseed ^ S_NOISE, i));
      }
      return;
    }
    case "ramp":
      // An axis (e.g. a spectrometer's energy scale), drifting slowly.
      for (let i = 0; i < n; i++) out[i] = 0.1 + (0.8 * i) / n + 0.002 * Math.sin(angle);
      return;
    case "waveform": {
      // A flat-top pulse (RF, diode trace) whose position breathes, with noise.
      const centre = n * (0.4 + 0.03 * Math.sin(angle));
      const half = n * (0.15 + 0.1 * u);
      const amplitude = 0.85 * (1 + 0.02 * Math.cos(angle));
      for (let i = 0; i < n; i++) {
        const x = (i - centre) / half;
        out[i] = 0.03 + amplitude * Math.exp(-(x * x * x * x)) + 0.01 * tri(hash2(fseed, i));
      }
      return;
    }
    default:
      for (let i = 0; i < n; i++) out[i] = 0.5 + 0.05 * tri(hash2(fseed, i));
  }
}

/** Integer-valued arrays: counters, status words, flags (an event set). */
function integerFrame(kind: SignalKind, seed: number, type: NumericType, n: number, frame: number, out: Float64Array): void {
  const fseed = hash2(seed, frame);
  switch (kind) {
    case "counter": {
      const base = param(seed, S_BASE) % 1_000_000 + frame * n;
      for (let i = 0; i < n; i++) out[i] = (base + i) % COUNTER_WRAP[type];
      return;
    }
    case "flag":
      // A few permanently set entries, a few set in this frame (like an EVR event set).
      for (let i = 0; i < n; i++) out[i] = hash2(seed, i) % 16 === 0 || hash2(fseed, i) % 64 === 0 ? 1 : 0;
      return;
    default:
      for (let i = 0; i < n; i++) out[i] = hash2(fseed, i) % 100 < 5 ? hash2(fseed ^ S_NOISE, i) % 8 : hash2(seed, i) % 8;
  }
}

function isAnalog(kind: SignalKind): boolean {
  return kind !== "counter" && kind !== "flag" && kind !== "status" && kind !== "text";
}

function buildFrames(channel: SimChannel, type: NumericType, shape: readonly number[]): FrameSet {
  let n = 1;
  for (const d of shape) n *= Math.max(0, Math.floor(d));
  if (n > MAX_ELEMENTS) throw new RangeError(`shape [${shape.join(", ")}] of ${channel.name} is too large to simulate`);
  const frameBytes = Math.max(1, n * elementSize(type));
  const wanted = shape.length >= 2 ? FRAMES_2D : FRAMES_1D;
  const count = Math.max(2, Math.min(wanted, Math.floor(MAX_ENTRY_BYTES / frameBytes)));
  const kind = channel.kind;
  const analog = isAnalog(kind) || shape.length >= 2;
  // Analog frames in normalized units are scaled to the type: full scale for integers,
  // the channel's level for floats, a threshold for bool.
  const scale = isInteger(type) ? INT_ARRAY_SCALE[type] : Math.abs(floatLevel(channel.seed));
  const values = new Float64Array(n);
  const frames: ArrayValue[] = [];
  for (let f = 0; f < count; f++) {
    if (analog) {
      analogFrame(kind, channel.seed, shape, n, f, count, values);
      if (type === "bool") for (let i = 0; i < n; i++) values[i] = values[i]! > 0.5 ? 1 : 0;
      else for (let i = 0; i < n; i++) values[i] = values[i]! * scale;
    } else {
      integerFrame(kind, channel.seed, type, n, f, values);
    }
    const array = newArray(type, n);
    fill(array, type, values);
    frames.push(array);
  }
  return { seed: channel.seed, kind, type, shape: [...shape], frames, bytes: count * n * elementSize(type) };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function evict(keep: string): void {
  for (const [name, entries] of cache) {
    if (cacheBytes <= cacheLimit) return;
    if (name === keep) continue;
    cache.delete(name);
    for (const e of entries) cacheBytes -= e.bytes;
  }
}

function framesFor(channel: SimChannel, type: NumericType, shape: readonly number[]): FrameSet {
  let entries = cache.get(channel.name);
  if (entries) {
    for (const e of entries) if (e.seed === channel.seed && e.type === type && e.kind === channel.kind && sameShape(e.shape, shape)) return e;
  } else {
    entries = [];
    cache.set(channel.name, entries);
  }
  const built = buildFrames(channel, type, shape);
  entries.push(built);
  cacheBytes += built.bytes;
  if (entries.length > MAX_ENTRIES_PER_CHANNEL) cacheBytes -= entries.shift()!.bytes;
  if (cacheBytes > cacheLimit) evict(channel.name);
  return built;
}

function arrayAt(channel: SimChannel, pulseId: number, type: NumericType, shape: readonly number[]): ArrayValue {
  const set = framesFor(channel, type, shape);
  const count = set.frames.length;
  const modulo = channel.modulo >= 1 ? channel.modulo : 1;
  const step = Math.floor(pulseId / modulo) + (channel.seed % count);
  return set.frames[((step % count) + count) % count]!;
}

/**
 * The value a channel carries at a pulse: deterministic in (channel.seed, pulseId) (arrays
 * also use the channel's modulo to step through their frames). `override` (a type or shape
 * fault) changes the value's type and shape; a "string" type always gives a string.
 * Scalars: number (floats, ints up to 32 bits), bigint (int64/uint64), boolean, string.
 * Arrays: the typed array of the type (Uint8Array for bool), shared and read-only.
 */
export function valueAt(channel: SimChannel, pulseId: number, override?: ValueOverride): ValueToSend {
  const type = override?.type ?? channel.type;
  const shape = override?.shape ?? channel.shape;
  if (type === "string") return stringAt(channel, pulseId);
  if (isScalarShape(shape)) return scalarAt(channel, pulseId, type);
  return arrayAt(channel, pulseId, type, shape);
}

/** Drops all cached frames. */
export function clearValueCache(): void {
  cache.clear();
  cacheBytes = 0;
}

/** Sets the frame cache's byte budget (evicting at once if over it). */
export function setValueCacheLimit(bytes: number): void {
  if (!(bytes >= 0)) throw new RangeError(`cache limit must be >= 0, got ${bytes}`);
  cacheLimit = bytes;
  if (cacheBytes > cacheLimit) evict("");
}

export function valueCacheStats(): { readonly channels: number; readonly entries: number; readonly bytes: number; readonly limitBytes: number } {
  let entries = 0;
  for (const list of cache.values()) entries += list.length;
  return { channels: cache.size, entries, bytes: cacheBytes, limitBytes: cacheLimit };
}
