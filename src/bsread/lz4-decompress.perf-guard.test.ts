/**
 * Guards the LZ4 decoder's fast paths (word copies of short matches through a DataView,
 * chunked copyWithin of long and self-overlapping matches, longer literal loops) against
 * a naive byte-by-byte reference decoder: same output, same bytes outside the written
 * range, and a CorruptDataError exactly where the reference throws one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CorruptDataError } from "./errors.js";
import { lz4DecodeBlock, lz4Decompress, lz4DecompressInto } from "./lz4-decompress.js";

/** The decoder as it was before the fast paths: every check, every byte copied one at a time. */
function referenceDecode(src: Uint8Array, srcStart: number, srcEnd: number, dst: Uint8Array, dstStart: number, dstEnd: number): number {
  let ip = srcStart;
  let op = dstStart;
  if (srcEnd > src.length || dstEnd > dst.length || srcStart > srcEnd) throw new CorruptDataError("window");
  if (ip === srcEnd) throw new CorruptDataError("empty");
  for (;;) {
    const token = src[ip++]!;
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let b: number;
      do {
        if (ip >= srcEnd) throw new CorruptDataError("literal length");
        b = src[ip++]!;
        literalLength += b;
      } while (b === 255);
    }
    if (ip + literalLength > srcEnd) throw new CorruptDataError("literals past input");
    if (op + literalLength > dstEnd) throw new CorruptDataError("literals overflow");
    for (let i = 0; i < literalLength; i++) dst[op++] = src[ip++]!;
    if (ip === srcEnd) return op - dstStart;
    if (ip + 2 > srcEnd) throw new CorruptDataError("offset");
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op - dstStart) throw new CorruptDataError("offset range");
    let matchLength = token & 15;
    if (matchLength === 15) {
      let b: number;
      do {
        if (ip >= srcEnd) throw new CorruptDataError("match length");
        b = src[ip++]!;
        matchLength += b;
      } while (b === 255);
    }
    matchLength += 4;
    if (op + matchLength > dstEnd) throw new CorruptDataError("match overflow");
    for (let i = 0; i < matchLength; i++, op++) dst[op] = dst[op - offset]!;
  }
}

/** Writes one LZ4 sequence; `match` undefined makes it the last (literals-only) sequence. */
function sequence(out: number[], literals: ArrayLike<number>, match?: { offset: number; length: number }): void {
  const lit = literals.length;
  const ml = match ? match.length - 4 : 0;
  out.push((Math.min(lit, 15) << 4) | Math.min(ml, 15));
  if (lit >= 15) {
    let rest = lit - 15;
    while (rest >= 255) {
      out.push(255);
      rest -= 255;
    }
    out.push(rest);
  }
  for (let i = 0; i < lit; i++) out.push(literals[i]!);
  if (!match) return;
  out.push(match.offset & 255, match.offset >>> 8);
  if (ml >= 15) {
    let rest = ml - 15;
    while (rest >= 255) {
      out.push(255);
      rest -= 255;
    }
    out.push(rest);
  }
}

function pattern(n: number, seed: number): number[] {
  const out: number[] = [];
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push((x >>> 0) & 255);
  }
  return out;
}

type Outcome = { n: number; dst: Uint8Array } | { error: string };

function run(
  decode: (src: Uint8Array, s0: number, s1: number, dst: Uint8Array, d0: number, d1: number) => number,
  src: Uint8Array,
  dstSize: number,
  dstStart: number,
  dstEnd: number,
): Outcome {
  // Canary bytes everywhere: writes outside [dstStart, dstStart + n) would show.
  const dst = new Uint8Array(dstSize).fill(0xa5);
  try {
    const n = decode(src, 0, src.length, dst, dstStart, dstEnd);
    return { n, dst };
  } catch (err) {
    if (!(err instanceof CorruptDataError)) throw err;
    return { error: "CorruptDataError" };
  }
}

/** The three ways into the decoder: small window (no DataView), large window (DataView), explicit view on a subarray. */
const decoders: Record<string, (src: Uint8Array, s0: number, s1: number, dst: Uint8Array, d0: number, d1: number) => number> = {
  lz4DecompressInto,
  "lz4DecodeBlock, no view": (src, s0, s1, dst, d0, d1) => lz4DecodeBlock(src, s0, s1, dst, null, d0, d1),
  "lz4DecodeBlock, view on an offset subarray": (src, s0, s1, dst, d0, d1) => {
    // The same window, inside a bigger buffer at an odd byteOffset: the view must follow dst's offset.
    const host = new Uint8Array(dst.length + 13).fill(0x5a);
    host.set(dst, 7);
    const sub = host.subarray(7, 7 + dst.length);
    try {
      return lz4DecodeBlock(src, s0, s1, sub, new DataView(sub.buffer, sub.byteOffset, sub.length), d0, d1);
    } finally {
      dst.set(sub);
      expect(host.subarray(0, 7).every((b) => b === 0x5a)).toBe(true);
      expect(host.subarray(7 + dst.length).every((b) => b === 0x5a)).toBe(true);
    }
  },
};

function expectSameAsReference(src: Uint8Array, dstSize: number, dstStart = 0, dstEnd = dstSize): void {
  const expected = run(referenceDecode, src, dstSize, dstStart, dstEnd);
  for (const [name, decode] of Object.entries(decoders)) {
    const actual = run(decode, src, dstSize, dstStart, dstEnd);
    if ("error" in expected) {
      expect(actual, name).toEqual(expected);
    } else {
      expect("error" in actual ? actual : actual.n, name).toBe(expected.n);
      expect(Buffer.compare((actual as { dst: Uint8Array }).dst, expected.dst), name).toBe(0);
    }
  }
}

describe("lz4 decoder fast paths vs the byte-by-byte reference", () => {
  it("matches of every offset 1..32 (and some longer ones) at every length 4..300", () => {
    const offsets = [...Array.from({ length: 32 }, (_, i) => i + 1), 33, 47, 63, 64, 65, 100, 255, 256, 1000];
    for (const offset of offsets) {
      const prefix = pattern(Math.max(offset, 40), offset);
      for (let length = 4; length <= 300; length++) {
        const bytes: number[] = [];
        sequence(bytes, prefix, { offset, length });
        sequence(bytes, [1, 2, 3, 4, 5]);
        const src = Uint8Array.from(bytes);
        const size = prefix.length + length + 5;
        // Exact window, below and above the lz4DecompressInto DataView threshold, and at a non-zero start.
        expectSameAsReference(src, size);
        expectSameAsReference(src, size + 3000);
        expectSameAsReference(src, size + 20, 9, size + 9);
        expectSameAsReference(src, size + 3000, 9, size + 2509);
      }
    }
  });

  it("back-to-back matches (each overlapping the previous one's output) and literal runs of every length 0..80", () => {
    for (let lit = 0; lit <= 80; lit++) {
      const bytes: number[] = [];
      sequence(bytes, pattern(lit + 8, lit), { offset: 3, length: 4 + lit });
      sequence(bytes, pattern(lit, lit + 1), { offset: 8, length: 70 });
      sequence(bytes, [], { offset: 16, length: 9 });
      sequence(bytes, pattern(lit, lit + 2), { offset: 1, length: 33 });
      sequence(bytes, pattern(lit, lit + 3));
      const src = Uint8Array.from(bytes);
      const size = lit + 8 + 4 + lit + lit + 70 + 9 + lit + 33 + lit;
      expectSameAsReference(src, size);
      expectSameAsReference(src, size + 4096);
    }
  });

  it("a match or literal run one byte past the window is CorruptDataError, at every length", () => {
    for (const offset of [1, 2, 7, 8, 9, 31, 32, 40]) {
      for (let length = 4; length <= 140; length += 1) {
        const bytes: number[] = [];
        const prefix = pattern(offset + 8, length);
        sequence(bytes, prefix, { offset, length });
        sequence(bytes, [9]);
        const src = Uint8Array.from(bytes);
        const size = prefix.length + length + 1;
        for (const [name, decode] of Object.entries(decoders)) {
          expect(run(decode, src, size - 1, 0, size - 1), name).toEqual({ error: "CorruptDataError" });
          expect(run(decode, src, size + 3000, 0, size - 1), name).toEqual({ error: "CorruptDataError" });
        }
        // offset reaching one byte before the window start
        const far: number[] = [];
        sequence(far, prefix, { offset: prefix.length + 1, length });
        sequence(far, [9]);
        expectSameAsReference(Uint8Array.from(far), size + 3000, 5, size + 5);
      }
    }
  });

  it("random well-formed and corrupted sequence streams agree with the reference (and terminate)", () => {
    const step = fc.record({
      literals: fc.integer({ min: 0, max: 300 }),
      offset: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70000 })),
      length: fc.oneof(fc.integer({ min: 4, max: 40 }), fc.integer({ min: 4, max: 2000 })),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 12 }),
        fc.integer({ min: 0, max: 40 }),
        fc.option(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) })),
        fc.option(fc.nat()),
        fc.integer({ min: 0, max: 0xffffffff }),
        (steps, lastLiterals, flip, cut, seed) => {
          const bytes: number[] = [];
          let size = 0;
          for (const s of steps) {
            const offset = Math.min(s.offset, size + s.literals) || 1;
            sequence(bytes, pattern(s.literals, seed + size), { offset, length: s.length });
            size += s.literals + s.length;
          }
          sequence(bytes, pattern(lastLiterals, seed ^ 0x55));
          size += lastLiterals;
          let src = Uint8Array.from(bytes);
          if (flip) src[flip.at % src.length] ^= flip.xor;
          if (cut !== null) src = src.subarray(0, cut % (src.length + 1));
          expectSameAsReference(src, size);
          expectSameAsReference(src, size + 2500, 17, size + 2517);
        },
      ),
      { numRuns: 400, seed: 20261121 },
    );
  });

  it("arbitrary bytes: same outcome as the reference", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.integer({ min: 0, max: 5000 }), (src, size) => {
        expectSameAsReference(src, size);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it("lz4Decompress still checks the exact size", () => {
    const bytes: number[] = [];
    sequence(bytes, [1, 2, 3, 4, 5, 6, 7, 8], { offset: 8, length: 3000 });
    sequence(bytes, [0]);
    const src = Uint8Array.from(bytes);
    const out = lz4Decompress(src, 3009);
    for (let i = 8; i < 3008; i++) expect(out[i]).toBe(out[i - 8]);
    expect(() => lz4Decompress(src, 3010)).toThrow(CorruptDataError);
  });
});
