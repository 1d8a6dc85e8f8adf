/**
 * LZ4 block format decoder (raw block, no frame header), written here because bsread needs
 * it on the hot path and no maintained npm package exposes block decoding into a caller's
 * buffer. Every read and write is bounds-checked: corrupt input throws CorruptDataError,
 * never reads past `src` or writes past the given output window.
 */
import { CorruptDataError } from "./errors.js";

const MIN_MATCH = 4;

/** Below this output window, lz4DecompressInto does not make a DataView (~0.1 µs) for word copies. */
const DATAVIEW_MIN_OUTPUT = 2048;

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
  const wide = dstEnd - dstStart >= DATAVIEW_MIN_OUTPUT && dstStart >= 0 && dstEnd <= dst.length;
  const dstView = wide ? new DataView(dst.buffer, dst.byteOffset, dst.length) : null;
  return lz4DecodeBlock(src, srcStart, srcEnd, dst, dstView, dstStart, dstEnd);
}

/**
 * lz4DecompressInto with the caller's DataView over exactly `dst`
 * (`new DataView(dst.buffer, dst.byteOffset, dst.length)`), which it uses to copy short
 * matches 8 bytes at a time; null copies them byte by byte. Same result either way.
 */
export function lz4DecodeBlock(
  src: Uint8Array,
  srcStart: number,
  srcEnd: number,
  dst: Uint8Array,
  dstView: DataView | null,
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
      if (literalLength < 32) {
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

    // Every copy below stays within [op - offset, op + matchLength), inside the checked window.
    const end = op + matchLength;
    if (matchLength < 64 && offset >= 4 && dstView !== null) {
      // Two 4-byte copies per step, in order; also right for a match overlapping itself, as
      // each 4-byte read (from = op - offset, offset >= 4) ends before the bytes it writes.
      let from = op - offset;
      while (op + 8 <= end) {
        dstView.setInt32(op, dstView.getInt32(from, true), true);
        dstView.setInt32(op + 4, dstView.getInt32(from + 4, true), true);
        op += 8;
        from += 8;
      }
      while (op < end) dst[op++] = dst[from++]!;
    } else if (matchLength < 32) {
      // Overlapping copies repeat the pattern, so they go byte by byte.
      let from = op - offset;
      while (op < end) dst[op++] = dst[from++]!;
    } else {
      // Long match: chunks that never overlap their own source. The output repeats with
      // period `offset`, so copying from `start` is right as long as op - start is a multiple
      // of it: the first chunk is `offset` bytes, each next one doubles (the last is cut).
      // A match not overlapping itself (offset >= matchLength) is a single chunk.
      const start = op - offset;
      while (op < end) {
        let chunk = op - start;
        if (chunk > end - op) chunk = end - op;
        if (chunk < 32) {
          for (let i = 0; i < chunk; i++) dst[op + i] = dst[start + i]!;
        } else {
          dst.copyWithin(op, start, start + chunk);
        }
        op += chunk;
      }
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
