/**
 * Guards the bit-unshuffle word path (32-bit row words, 4 column bytes at once, for
 * element sizes 1, 2 and multiples of 4) and the leaner block loop of
 * bitshuffleLz4Decompress against plain reference implementations taken from the
 * protocol description (docs/bsread-protocol.md §8.1).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BITSHUFFLE_HEADER_BYTES,
  bitShuffleBlock,
  bitUnshuffleBlock,
  bitshuffleLz4Compress,
  bitshuffleLz4Decompress,
  defaultBlockElements,
} from "./bitshuffle.js";
import { CorruptDataError } from "./errors.js";
import { lz4Compress } from "./lz4-compress.js";
import { lz4DecompressInto } from "./lz4-decompress.js";

/** §8.1: out[i*s + j] |= ((in[r*(n/8) + (i>>3)] >> (i&7)) & 1) << b, r = j*8 + b. */
function referenceUnshuffle(src: Uint8Array, srcPos: number, n: number, s: number): Uint8Array {
  const out = new Uint8Array(n * s);
  const rowBytes = n / 8;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < s; j++) {
      for (let b = 0; b < 8; b++) {
        const r = j * 8 + b;
        out[i * s + j]! |= ((src[srcPos + r * rowBytes + (i >> 3)]! >> (i & 7)) & 1) << b;
      }
    }
  }
  return out;
}

/** bitshuffleLz4Decompress as the protocol describes it, block by block, with the reference unshuffle. */
function referenceDecompress(frame: Uint8Array, s: number): Uint8Array {
  if (frame.length < 12) throw new CorruptDataError("short");
  const view = new DataView(frame.buffer, frame.byteOffset, frame.length);
  if (view.getUint32(0, false) !== 0) throw new CorruptDataError("length");
  const length = view.getUint32(4, false);
  if (length > frame.length * 255 + 64 || length % s !== 0) throw new CorruptDataError("length");
  const field = view.getUint32(8, false);
  const candidates = field === 0 ? [defaultBlockElements(s)] : [...(field % s === 0 ? [field / s] : []), ...(s !== 1 ? [field] : [])];
  for (const blockElements of candidates) {
    if (blockElements <= 0 || blockElements % 8 !== 0 || blockElements * s > 2 ** 31) continue;
    const out = new Uint8Array(length);
    const total = length / s;
    const sizes: number[] = [];
    for (let e = 0; e + blockElements <= total; e += blockElements) sizes.push(blockElements);
    const remainder = total % blockElements;
    if (remainder - (remainder % 8) > 0) sizes.push(remainder - (remainder % 8));
    let ip = 12;
    let op = 0;
    let ok = true;
    for (const elements of sizes) {
      if (ip + 4 > frame.length) {
        ok = false;
        break;
      }
      const c = view.getUint32(ip, false);
      ip += 4;
      if (c === 0 || ip + c > frame.length) {
        ok = false;
        break;
      }
      const work = new Uint8Array(elements * s);
      try {
        if (lz4DecompressInto(frame, ip, ip + c, work, 0, work.length) !== work.length) {
          ok = false;
          break;
        }
      } catch (err) {
        if (!(err instanceof CorruptDataError)) throw err;
        ok = false;
        break;
      }
      out.set(referenceUnshuffle(work, 0, elements, s), op);
      ip += c;
      op += work.length;
    }
    const tail = (remainder % 8) * s;
    if (!ok || ip + tail !== frame.length) continue;
    out.set(frame.subarray(ip), op);
    return out;
  }
  throw new CorruptDataError("no candidate");
}

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

/** Data that compresses like detector data: small values (high bit rows all zero) plus noise. */
function detectorLike(count: number, s: number, seed: number): Uint8Array {
  const noise = randomBytes(count * s, seed);
  const out = new Uint8Array(count * s);
  for (let i = 0; i < count; i++) {
    out[i * s] = noise[i * s]! & 0x3f;
    if (s > 1) out[i * s + 1] = (noise[i * s + 1]! & 1) | (i % 50 === 0 ? 4 : 0);
  }
  return out;
}

const ELEMENT_SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16];
const COUNTS = [8, 16, 24, 32, 40, 56, 64, 96, 128, 200, 256, 1024];

describe("bitUnshuffleBlock (word path and byte path) vs the protocol's formula", () => {
  it("every element size x block length x src/dst alignment, no write outside the block", () => {
    for (const s of ELEMENT_SIZES) {
      for (const n of COUNTS) {
        for (const [srcOffset, srcPos, dstOffset, dstPos] of [
          [0, 0, 0, 0],
          [0, 4, 0, 8],
          [1, 0, 0, 0],
          [0, 0, 3, 0],
          [0, 2, 0, 4],
          [0, 0, 0, 6],
          [4, 8, 4, 16],
        ] as const) {
          const data = randomBytes(n * s, n * 131 + s);
          const srcHost = new Uint8Array(srcOffset + srcPos + data.length + 8).fill(0x77);
          const src = srcHost.subarray(srcOffset);
          src.set(data, srcPos);
          const dstHost = new Uint8Array(dstOffset + dstPos + data.length + 8).fill(0xa5);
          const dst = dstHost.subarray(dstOffset);
          bitUnshuffleBlock(src, srcPos, dst, dstPos, n, s);
          const where = `s=${s} n=${n} src@${srcOffset}+${srcPos} dst@${dstOffset}+${dstPos}`;
          expect(Buffer.compare(dst.subarray(dstPos, dstPos + data.length), referenceUnshuffle(src, srcPos, n, s)), where).toBe(0);
          expect(dstHost.subarray(0, dstOffset + dstPos).every((b) => b === 0xa5), where).toBe(true);
          expect(dstHost.subarray(dstOffset + dstPos + data.length).every((b) => b === 0xa5), where).toBe(true);
          // and back: bitShuffleBlock is the inverse
          const again = new Uint8Array(data.length);
          bitShuffleBlock(dst, dstPos, again, 0, n, s);
          expect(Buffer.compare(again, data), where).toBe(0);
        }
      }
    }
  });

  it("random blocks: word path equals the formula bit for bit", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (s, groups, seed) => {
          const n = groups * 32;
          const src = randomBytes(n * s, seed);
          const dst = new Uint8Array(n * s);
          bitUnshuffleBlock(src, 0, dst, 0, n, s);
          expect(Buffer.compare(dst, referenceUnshuffle(src, 0, n, s))).toBe(0);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});

/** A bitshuffle_lz4 frame with any block size (the library's encoder always uses the default). */
function compressWithBlock(data: Uint8Array, s: number, blockElements: number, field = blockElements * s): Uint8Array {
  const total = data.length / s;
  const parts: Uint8Array[] = [];
  const header = new Uint8Array(12);
  new DataView(header.buffer).setUint32(4, data.length, false);
  new DataView(header.buffer).setUint32(8, field, false);
  parts.push(header);
  let ip = 0;
  const block = (elements: number): void => {
    const shuffled = new Uint8Array(elements * s);
    bitShuffleBlock(data, ip, shuffled, 0, elements, s);
    const c = lz4Compress(shuffled);
    const prefix = new Uint8Array(4);
    new DataView(prefix.buffer).setUint32(0, c.length, false);
    parts.push(prefix, c);
    ip += elements * s;
  };
  const full = Math.floor(total / blockElements);
  for (let b = 0; b < full; b++) block(blockElements);
  const remainder = total - full * blockElements;
  if (remainder - (remainder % 8) > 0) block(remainder - (remainder % 8));
  parts.push(data.subarray(ip));
  return Buffer.concat(parts);
}

describe("bitshuffleLz4Decompress vs the reference decoder", () => {
  it("block sizes other than the default, growing the shared work buffer (first test of this kind in the file)", () => {
    // Ever larger blocks, so each decode needs more work buffer than any before it.
    const cases: [s: number, count: number, blockElements: number][] = [
      [2, 6000, 8192],
      [2, 20000, 16384],
      [4, 30000, 32768],
      [8, 20000, 16384],
      [1, 300000, 262144],
      [2, 200000, 1 << 20],
      [8, 70000, 1 << 17],
    ];
    for (const [s, count, blockElements] of cases) {
      const data = detectorLike(count, s, count);
      const where = `s=${s} count=${count} block=${blockElements}`;
      const inBytes = bitshuffleLz4Decompress(compressWithBlock(data, s, blockElements), s, data.length);
      expect(Buffer.compare(inBytes, data), where).toBe(0);
      // the same, with the block size field in elements (pre-2018 writers)
      const inElements = bitshuffleLz4Decompress(compressWithBlock(data, s, blockElements, blockElements), s, data.length);
      expect(Buffer.compare(inElements, data), where).toBe(0);
      // and back to a small block size: the grown buffer still works
      const small = bitshuffleLz4Decompress(compressWithBlock(data, s, 64), s, data.length);
      expect(Buffer.compare(small, data), where).toBe(0);
    }
  });

  const counts = [0, 1, 7, 8, 9, 31, 32, 33, 100, 127, 128, 1000, 1023, 1024, 1025, 2048, 2056, 4095, 4096, 4104, 8200, 20000];

  it("round trips for element sizes 1, 2, 4, 8 and lengths around every block and group boundary", () => {
    for (const s of [1, 2, 4, 8]) {
      for (const count of counts) {
        for (const data of [detectorLike(count, s, count + s), randomBytes(count * s, count * 7 + s)]) {
          const frame = bitshuffleLz4Compress(data, s);
          const where = `s=${s} count=${count}`;
          // As received: a Buffer, and a view at an odd offset of a bigger buffer.
          const received = Buffer.from(frame);
          const host = new Uint8Array(frame.length + 3);
          host.set(frame, 3);
          for (const f of [received, host.subarray(3)]) {
            const out = bitshuffleLz4Decompress(f, s, count * s);
            expect(Buffer.compare(out, data), where).toBe(0);
            expect(out.byteOffset, where).toBe(0);
            expect(out.buffer.byteLength, where).toBe(data.length);
          }
          expect(Buffer.compare(frame, received), where).toBe(0);
        }
      }
    }
  });

  it("old block size conventions: field in elements, field 0, field larger than the whole value", () => {
    for (const s of [1, 2, 4, 8]) {
      for (const count of [8, 40, 100, 1000, 5000, 9000]) {
        const data = detectorLike(count, s, count ^ s);
        const frame = bitshuffleLz4Compress(data, s);
        const blockElements = defaultBlockElements(s);
        const fields = [blockElements, 0, blockElements * s];
        // A block size past the whole value is one partial block, as the encoder made it when count < block.
        if (count < blockElements) fields.push(2 ** 30, (count + 8 - (count % 8)) * s, 2 ** 31 - 8);
        for (const field of fields) {
          const f = Uint8Array.from(frame);
          new DataView(f.buffer).setUint32(8, field, false);
          const where = `s=${s} count=${count} field=${field}`;
          let expected: Uint8Array | string;
          try {
            expected = referenceDecompress(f, s);
          } catch (err) {
            if (!(err instanceof CorruptDataError)) throw err;
            expected = "CorruptDataError";
          }
          let actual: Uint8Array | string;
          try {
            actual = bitshuffleLz4Decompress(f, s);
          } catch (err) {
            if (!(err instanceof CorruptDataError)) throw err;
            actual = "CorruptDataError";
          }
          if (typeof expected === "string") expect(actual, where).toBe(expected);
          else {
            expect(typeof actual, where).not.toBe("string");
            expect(Buffer.compare(actual as Uint8Array, expected), where).toBe(0);
            if (field === 0 || field === blockElements * s || field === blockElements) expect(Buffer.compare(expected, data), where).toBe(0);
          }
        }
      }
    }
  });

  it("mutated frames: same result or the same CorruptDataError as the reference", () => {
    const seeds: { frame: Uint8Array; s: number }[] = [];
    for (const s of [1, 2, 4, 8]) {
      for (const count of [40, 333, 1024, 4100]) seeds.push({ frame: bitshuffleLz4Compress(detectorLike(count, s, count), s), s });
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 3 }),
        fc.option(fc.nat()),
        (which, flips, cut) => {
          const { frame, s } = seeds[which]!;
          let f = Uint8Array.from(frame);
          // Mostly the 12-byte header and the block length prefixes, where framing decisions are made.
          for (const { at, xor } of flips) f[at % 3 === 0 ? at % BITSHUFFLE_HEADER_BYTES : at % f.length]! ^= xor;
          if (cut !== null) f = f.subarray(0, cut % (f.length + 1));
          let expected: Uint8Array | string;
          try {
            expected = referenceDecompress(f, s);
          } catch (err) {
            if (!(err instanceof CorruptDataError)) throw err;
            expected = "CorruptDataError";
          }
          let actual: Uint8Array | string;
          try {
            actual = bitshuffleLz4Decompress(f, s);
          } catch (err) {
            if (!(err instanceof CorruptDataError)) throw err;
            actual = "CorruptDataError";
          }
          if (typeof expected === "string") expect(actual).toBe(expected);
          else expect(Buffer.compare(actual as Uint8Array, expected)).toBe(0);
        },
      ),
      { numRuns: 400, seed: 99 },
    );
  });
});
