/**
 * Deterministic hashing and pseudo-random numbers for the emulator: no Math.random, no
 * global state, so a catalog or a value depends only on its seed.
 */

const TWO_POW_32 = 4294967296;

/** murmur3's 32-bit finalizer: a fast, well-mixing bijection on uint32. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of two uint32 values (order matters). */
export function hash2(a: number, b: number): number {
  return mix32((a ^ mix32((b + 0x9e3779b9) | 0)) >>> 0);
}

/** Hash of a seed and a non-negative integer up to 2^53 (pulse ids exceed 32 bits). */
export function hashPulse(seed: number, pulseId: number): number {
  const lo = pulseId >>> 0;
  const hi = (pulseId / TWO_POW_32) >>> 0;
  return mix32((seed ^ mix32((lo + Math.imul(hi, 0x27d4eb2f) + 0x165667b1) | 0)) >>> 0);
}

/** FNV-1a over UTF-16 code units, finalized with mix32. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

/** A uint32 as a float in [0, 1). */
export function unit(h: number): number {
  return h / TWO_POW_32;
}

/**
 * A standard-normal-like value from two uint32 hashes: the sum of four 16-bit uniforms
 * (Irwin-Hall, n = 4), rescaled to mean 0 and variance 1; bounded to about ±3.46.
 */
export function gaussian(h1: number, h2: number): number {
  const sum = (h1 & 0xffff) + (h1 >>> 16) + (h2 & 0xffff) + (h2 >>> 16);
  return (sum / 65536 - 2) * 1.7320508075688772;
}

/** mulberry32: a small, fast seeded PRNG, good enough for building catalogs. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = mix32(seed >>> 0) | 0;
  }

  /** Next uint32. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Next float in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max], both inclusive. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.int(items.length)]!;
  }

  /** One of `items`, chosen with probability proportional to `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += Math.max(0, weight(item));
    if (!(total > 0)) return this.pick(items);
    let r = this.next() * total;
    for (const item of items) {
      r -= Math.max(0, weight(item));
      if (r < 0) return item;
    }
    return items[items.length - 1]!;
  }
}
