/**
 * LZ4 block format decoder (raw block, no frame header), written here because bsread needs
 * it on the hot path and no maintained npm package exposes block decoding into a caller's
 * buffer. Every read and write is bounds-checked: corrupt input throws CorruptDataError,
 * never reads past `src` or writes past the given output window.
 */
import { CorruptDataError } from "./errors.js";

const MIN_MATCH = 4;

/**
 * Decode the LZ4 block `src[srcStart, srcEnd)` into `dst[dstStart, dstEnd)`.
 * Returns the number of bytes written.
 */
export function lz4DecompressInto(
  src: Uint8Array,
  srcStart: number,
  srcEnd: number,
  dst: Uint8Array,
  dstStart: number,
  dstEnd: number,
): number {
  let ip = srcStart;
  let op = dstStart;
  if (srcEnd > src.length || dstEnd > dst.length || srcStart > srcEnd) {
    throw new CorruptDataError("lz4: window outside buffer");
  }
  if (ip === srcEnd) throw new CorruptDataError("lz4: empty block");

  for (;;) {
    const token = src[ip++]!;
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let b: number;
      do {
        if (ip >= srcEnd) throw new CorruptDataError("lz4: truncated literal length");
        b = src[ip++]!;
        literalLength += b;
      } while (b === 255);
    }
    if (literalLength > 0) {
      if (ip + literalLength > srcEnd) throw new CorruptDataError("lz4: literals run past input");
      if (op + literalLength > dstEnd) throw new CorruptDataError("lz4: literals overflow output");
      if (literalLength < 16) {
        for (let i = 0; i < literalLength; i++) dst[op + i] = src[ip + i]!;
      } else {
        dst.set(src.subarray(ip, ip + literalLength), op);
      }
      ip += literalLength;
      op += literalLength;
    }
    if (ip === srcEnd) return op - dstStart; // last sequence: literals only

    if (ip + 2 > srcEnd) throw new CorruptDataError("lz4: truncated match offset");
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op - dstStart) throw new CorruptDataError("lz4: match offset out of range");

    let matchLength = token & 15;
    if (matchLength === 15) {
      let b: number;
      do {
        if (ip >= srcEnd) throw new CorruptDataError("lz4: truncated match length");
        b = src[ip++]!;
        matchLength += b;
      } while (b === 255);
    }
    matchLength += MIN_MATCH;
    if (op + matchLength > dstEnd) throw new CorruptDataError("lz4: match overflows output");

    let from = op - offset;
    if (offset >= matchLength && matchLength >= 32) {
      dst.copyWithin(op, from, from + matchLength);
      op += matchLength;
    } else {
      // Overlapping copies repeat the pattern, so they must go byte by byte.
      const end = op + matchLength;
      while (op < end) dst[op++] = dst[from++]!;
    }
  }
}

/** Decode a whole LZ4 block whose decoded size is known exactly. */
export function lz4Decompress(src: Uint8Array, decodedSize: number): Uint8Array {
  const out = new Uint8Array(decodedSize);
  const n = lz4DecompressInto(src, 0, src.length, out, 0, decodedSize);
  if (n !== decodedSize) throw new CorruptDataError(`lz4: decoded ${n} bytes, expected ${decodedSize}`);
  return out;
}
