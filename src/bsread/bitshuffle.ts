/**
 * Bit transposition of bitshuffle blocks (as bitshuffle_core.c lays them out) and the
 * bitshuffle_lz4 framing bsread uses for values and data headers (HDF5 filter framing:
 * u64 BE byte length, u32 BE block size, then per block a u32 BE length + LZ4 block,
 * then the (n % 8) trailing elements raw).
 */
import { CorruptDataError } from "./errors.js";
import { lz4DecodeBlock } from "./lz4-decompress.js";
import { lz4Compress } from "./lz4-compress.js";
import { HOST_IS_LITTLE_ENDIAN } from "./types.js";

export const BITSHUFFLE_HEADER_BYTES = 12;
/** Larger totals than this are rejected before any allocation: a corrupt header must not exhaust memory. */
const MAX_DECODED_BYTES = 2 ** 31;

/** Default block size in elements, as bshuf_default_block_size. */
export function defaultBlockElements(elementSize: number): number {
  return Math.max(128, Math.floor(8192 / elementSize / 8) * 8);
}

/**
 * Transposes the 8x8 bit matrix held in eight bytes: bit t of byte b moves to bit b of
 * byte t. `lo` holds bytes 0-3, `hi` bytes 4-7 (little-endian packing). Its own inverse,
 * so it serves both shuffle and unshuffle.
 */
function transpose8x8(lo: number, hi: number, out: Uint8Array, outPos: number, stride: number): void {
  let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
  lo = lo ^ t ^ (t << 7);
  t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
  hi = hi ^ t ^ (t << 7);
  t = (lo ^ (lo >>> 14)) & 0x0000cccc;
  lo = lo ^ t ^ (t << 14);
  t = (hi ^ (hi >>> 14)) & 0x0000cccc;
  hi = hi ^ t ^ (t << 14);
  t = (lo ^ (hi << 4)) & 0xf0f0f0f0;
  lo ^= t;
  hi ^= t >>> 4;
  out[outPos] = lo;
  out[outPos + stride] = lo >>> 8;
  out[outPos + 2 * stride] = lo >>> 16;
  out[outPos + 3 * stride] = lo >>> 24;
  out[outPos + 4 * stride] = hi;
  out[outPos + 5 * stride] = hi >>> 8;
  out[outPos + 6 * stride] = hi >>> 16;
  out[outPos + 7 * stride] = hi >>> 24;
}

/**
 * Un-transposes one block of `n` elements (n % 8 == 0) of `elementSize` bytes:
 * bit row r = j*8 + b holds bit b of byte j of every element, element i at byte i>>3, bit i&7.
 */
export function bitUnshuffleBlock(src: Uint8Array, srcPos: number, dst: Uint8Array, dstPos: number, n: number, elementSize: number): void {
  const bytes = n * elementSize;
  if (
    wordPathApplies(n, elementSize) &&
    (src.byteOffset + srcPos) % 4 === 0 &&
    (dst.byteOffset + dstPos) % 4 === 0 &&
    srcPos >= 0 &&
    dstPos >= 0 &&
    srcPos + bytes <= src.length &&
    dstPos + bytes <= dst.length
  ) {
    const src32 = new Int32Array(src.buffer, src.byteOffset + srcPos, bytes >>> 2);
    const dst32 = new Int32Array(dst.buffer, dst.byteOffset + dstPos, bytes >>> 2);
    unshuffleWords(src32, 0, dst32, 0, n, elementSize);
  } else {
    unshuffleBytes(src, srcPos, dst, dstPos, n, elementSize);
  }
}

/**
 * Whether a block can go through unshuffleWords (given word-aligned, in-range src and
 * dst): a little-endian host, whole 32-bit words per bit row (n % 32 == 0), and an element
 * size whose output words each take 4 bytes of the same 8-element group (1, 2, 4, 8, ...).
 */
function wordPathApplies(n: number, elementSize: number): boolean {
  return HOST_IS_LITTLE_ENDIAN && n > 0 && n % 32 === 0 && (elementSize === 1 || elementSize === 2 || elementSize % 4 === 0);
}

/** The byte-at-a-time transposition: any alignment, any element size. */
function unshuffleBytes(src: Uint8Array, srcPos: number, dst: Uint8Array, dstPos: number, n: number, elementSize: number): void {
  const rowBytes = n >>> 3;
  for (let j = 0; j < elementSize; j++) {
    const rowBase = srcPos + j * 8 * rowBytes;
    for (let k = 0; k < rowBytes; k++) {
      const p = rowBase + k;
      const lo = src[p]! | (src[p + rowBytes]! << 8) | (src[p + 2 * rowBytes]! << 16) | (src[p + 3 * rowBytes]! << 24);
      const hi =
        src[p + 4 * rowBytes]! | (src[p + 5 * rowBytes]! << 8) | (src[p + 6 * rowBytes]! << 16) | (src[p + 7 * rowBytes]! << 24);
      transpose8x8(lo, hi, dst, dstPos + k * 8 * elementSize + j, elementSize);
    }
  }
}

/*
 * The word path. A 32-bit little-endian word of bit row r at word g holds row bytes 4g..4g+3,
 * i.e. four independent 8x8 bit matrices (one per byte lane c, elements (4g+c)*8 .. +7).
 * Three rounds of masked swaps between the eight row words of one element byte transpose
 * all four at once (afterwards word t, lane c = that byte of element (4g+c)*8+t). A 4x4 byte
 * transpose of four such words then yields one output word per lane. Output of group g is
 * the 32 * elementSize contiguous bytes of elements 32g .. 32g+31, 8 * elementSize per lane.
 */

/** Element size 4q: bit-transposed words of element bytes 4m .. 4m+3, 8 each (too many for registers). */
const quadWords = new Int32Array(32);

/** 4x4 byte transpose of (a0, a1, a2, a3); lane c goes to dst32[d + c * stride]. */
function storeByteTransposed(a0: number, a1: number, a2: number, a3: number, dst32: Int32Array, d: number, stride: number): void {
  // Masks in locals, on the left: the least bytecode, so that TurboFan inlines all five call sites.
  const m8 = 0x00ff00ff;
  const m16 = 0xffff;
  const t0 = m8 & ((a0 >>> 8) ^ a1);
  const t1 = m8 & ((a2 >>> 8) ^ a3);
  const b0 = a0 ^ (t0 << 8);
  const b1 = a1 ^ t0;
  const b2 = a2 ^ (t1 << 8);
  const b3 = a3 ^ t1;
  const u0 = m16 & ((b0 >>> 16) ^ b2);
  const u1 = m16 & ((b1 >>> 16) ^ b3);
  dst32[d] = b0 ^ (u0 << 16);
  dst32[d + stride] = b1 ^ (u1 << 16);
  dst32[d + 2 * stride] = b2 ^ u0;
  dst32[d + 3 * stride] = b3 ^ u1;
}

/**
 * Word-aligned little-endian block: see wordPathApplies. Positions are in words.
 * Output word k of a lane is the byte transpose of words that hold: for element size 1,
 * elements 4k .. 4k+3 (words t = 4k .. 4k+3); for 2, elements 2k and 2k+1, bytes 0 and 1
 * (a_2k, w_2k, a_2k+1, w_2k+1 with a, w the words of bytes 0, 1); for 4q, bytes 4m .. 4m+3
 * of element k (word k of each), in q independent slices m.
 */
function unshuffleWords(src32: Int32Array, s0: number, dst32: Int32Array, d0: number, n: number, elementSize: number): void {
  const rowWords = n >>> 5;
  const span = elementSize < 4 ? elementSize : 4; // element bytes per output word
  const slices = elementSize >>> 2 || 1;
  const laneStride = 2 * elementSize;
  const groupWords = 8 * elementSize;
  const quad = quadWords;
  let t = 0;
  for (let m = 0; m < slices; m++) {
    const first = s0 + 32 * m * rowWords;
    // Plain induction variables: index arithmetic showed up in the timings.
    for (let g = first, d = d0 + m; g < first + rowWords; g++, d += groupWords) {
      let p = g;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
      // r: first bit row of each element byte of the slice
      for (let r = 0; r < 8 * span; r += 8) {
        let w0 = src32[p]!;
        let w1 = src32[(p += rowWords)]!;
        let w2 = src32[(p += rowWords)]!;
        let w3 = src32[(p += rowWords)]!;
        let w4 = src32[(p += rowWords)]!;
        let w5 = src32[(p += rowWords)]!;
        let w6 = src32[(p += rowWords)]!;
        let w7 = src32[(p += rowWords)]!;
        p += rowWords;
        t = ((w0 >>> 1) ^ w1) & 0x55555555;
        w1 ^= t;
        w0 ^= t << 1;
        t = ((w2 >>> 1) ^ w3) & 0x55555555;
        w3 ^= t;
        w2 ^= t << 1;
        t = ((w4 >>> 1) ^ w5) & 0x55555555;
        w5 ^= t;
        w4 ^= t << 1;
        t = ((w6 >>> 1) ^ w7) & 0x55555555;
        w7 ^= t;
        w6 ^= t << 1;
        t = ((w0 >>> 2) ^ w2) & 0x33333333;
        w2 ^= t;
        w0 ^= t << 2;
        t = ((w1 >>> 2) ^ w3) & 0x33333333;
        w3 ^= t;
        w1 ^= t << 2;
        t = ((w4 >>> 2) ^ w6) & 0x33333333;
        w6 ^= t;
        w4 ^= t << 2;
        t = ((w5 >>> 2) ^ w7) & 0x33333333;
        w7 ^= t;
        w5 ^= t << 2;
        t = ((w0 >>> 4) ^ w4) & 0x0f0f0f0f;
        w4 ^= t;
        w0 ^= t << 4;
        t = ((w1 >>> 4) ^ w5) & 0x0f0f0f0f;
        w5 ^= t;
        w1 ^= t << 4;
        t = ((w2 >>> 4) ^ w6) & 0x0f0f0f0f;
        w6 ^= t;
        w2 ^= t << 4;
        t = ((w3 >>> 4) ^ w7) & 0x0f0f0f0f;
        w7 ^= t;
        w3 ^= t << 4;
        if (span === 4) {
          quad[r] = w0;
          quad[r + 1] = w1;
          quad[r + 2] = w2;
          quad[r + 3] = w3;
          quad[r + 4] = w4;
          quad[r + 5] = w5;
          quad[r + 6] = w6;
          quad[r + 7] = w7;
        } else if (span === 2 && r === 0) {
          (a0 = w0), (a1 = w1), (a2 = w2), (a3 = w3), (a4 = w4), (a5 = w5), (a6 = w6), (a7 = w7);
        } else {
          // Element size 1 goes through the same call sites: (a0, w0, a1, w1) = its words 0..3, and so on.
          if (span === 1) (a0 = w0), (a1 = w2), (a2 = w4), (a3 = w6), (w0 = w1), (w1 = w3), (w2 = w5), (w3 = w7);
          storeByteTransposed(a0, w0, a1, w1, dst32, d, laneStride);
          storeByteTransposed(a2, w2, a3, w3, dst32, d + 1, laneStride);
          if (span === 2) {
            storeByteTransposed(a4, w4, a5, w5, dst32, d + 2, laneStride);
            storeByteTransposed(a6, w6, a7, w7, dst32, d + 3, laneStride);
          }
        }
      }
      if (span === 4) {
        for (let k = 0, e = d; k < 8; k++, e += slices) {
          storeByteTransposed(quad[k]!, quad[k + 8]!, quad[k + 16]!, quad[k + 24]!, dst32, e, laneStride);
        }
      }
    }
  }
}

/** Inverse of bitUnshuffleBlock. */
export function bitShuffleBlock(src: Uint8Array, srcPos: number, dst: Uint8Array, dstPos: number, n: number, elementSize: number): void {
  const rowBytes = n >>> 3;
  const s = elementSize;
  for (let j = 0; j < s; j++) {
    const rowBase = dstPos + j * 8 * rowBytes;
    for (let k = 0; k < rowBytes; k++) {
      const p = srcPos + k * 8 * s + j;
      const lo = src[p]! | (src[p + s]! << 8) | (src[p + 2 * s]! << 16) | (src[p + 3 * s]! << 24);
      const hi = src[p + 4 * s]! | (src[p + 5 * s]! << 8) | (src[p + 6 * s]! << 16) | (src[p + 7 * s]! << 24);
      transpose8x8(lo, hi, dst, rowBase + k, rowBytes);
    }
  }
}

/** Block work buffer shared by all decodes (never handed out), with its word and DataView views. */
let scratch = new Uint8Array(8192);
let scratch32 = new Int32Array(scratch.buffer);
let scratchView = new DataView(scratch.buffer);
function growScratch(size: number): void {
  if (scratch.length >= size) return;
  scratch = new Uint8Array(size);
  scratch32 = new Int32Array(scratch.buffer);
  scratchView = new DataView(scratch.buffer);
}

/** Reads the decoded byte length from a bitshuffle_lz4 header without decoding anything. */
export function bitshuffleLz4DecodedLength(frame: Uint8Array): number {
  if (frame.length < BITSHUFFLE_HEADER_BYTES) throw new CorruptDataError("bitshuffle_lz4: frame shorter than its 12-byte header");
  const high = ((frame[0]! << 24) | (frame[1]! << 16) | (frame[2]! << 8) | frame[3]!) >>> 0;
  const low = ((frame[4]! << 24) | (frame[5]! << 16) | (frame[6]! << 8) | frame[7]!) >>> 0;
  // LZ4 expands at most ~255:1, so a larger claim is corruption; checked before allocating.
  if (high !== 0 || low > MAX_DECODED_BYTES || low > frame.length * 255 + 64) throw new CorruptDataError(`bitshuffle_lz4: implausible length ${high * 2 ** 32 + low}`);
  return low;
}

/**
 * Returns the consumed payload end, or -1 when the blocks do not fit the given block size.
 * `out32` is an Int32Array over `out`'s first whole words when `out` is word-aligned (else null).
 */
function decodeBlocks(frame: Uint8Array, out: Uint8Array, out32: Int32Array | null, elementSize: number, blockElements: number): number {
  const totalElements = out.length / elementSize;
  // No block is longer than the whole value: a huge (corrupt) block size must not grow the scratch.
  growScratch(Math.min(blockElements, totalElements) * elementSize);
  const work = scratch;
  const work32 = scratch32;
  const workView = scratchView;
  const fullBlocks = Math.floor(totalElements / blockElements);
  const remainder = totalElements - fullBlocks * blockElements;
  const partial = remainder - (remainder % 8);
  const blockCount = partial > 0 ? fullBlocks + 1 : fullBlocks;
  const frameEnd = frame.length;
  let ip = BITSHUFFLE_HEADER_BYTES;
  let op = 0;
  try {
    for (let b = 0; b < blockCount; b++) {
      const elements = b < fullBlocks ? blockElements : partial;
      const bytes = elements * elementSize;
      if (ip + 4 > frameEnd) return -1;
      const compressed = ((frame[ip]! << 24) | (frame[ip + 1]! << 16) | (frame[ip + 2]! << 8) | frame[ip + 3]!) >>> 0;
      ip += 4;
      if (compressed === 0 || ip + compressed > frameEnd) return -1;
      if (lz4DecodeBlock(frame, ip, ip + compressed, work, workView, 0, bytes) !== bytes) return -1;
      ip += compressed;
      if (out32 !== null && op % 4 === 0 && wordPathApplies(elements, elementSize)) {
        unshuffleWords(work32, 0, out32, op >>> 2, elements, elementSize);
      } else {
        unshuffleBytes(work, 0, out, op, elements, elementSize);
      }
      op += bytes;
    }
  } catch (err) {
    if (err instanceof CorruptDataError) return -1;
    throw err;
  }
  const tail = (remainder % 8) * elementSize;
  if (ip + tail !== frameEnd) return -1;
  for (let i = 0; i < tail; i++) out[op + i] = frame[ip + i]!;
  return ip + tail;
}

/** Whether `blockElements` is a block size decodeBlocks may try. */
function usableBlockSize(blockElements: number, elementSize: number): boolean {
  return blockElements > 0 && blockElements % 8 === 0 && blockElements * elementSize <= MAX_DECODED_BYTES;
}

/**
 * Decodes a bitshuffle_lz4 frame. The block size field is read as bytes (current writers),
 * then as elements (before 2018-05-23); 0 means the bitshuffle default.
 */
export function bitshuffleLz4Decompress(frame: Uint8Array, elementSize: number, expectedSize?: number): Uint8Array {
  const length = bitshuffleLz4DecodedLength(frame);
  if (expectedSize !== undefined && length !== expectedSize && length !== 0) {
    throw new CorruptDataError(`bitshuffle_lz4: declared length ${length} is not the expected ${expectedSize} bytes`);
  }
  if (length % elementSize !== 0) {
    throw new CorruptDataError(`bitshuffle_lz4: length ${length} is not a multiple of the element size ${elementSize}`);
  }
  const out = new Uint8Array(length);
  // Word view for the unshuffle fast path; not worth its ~0.1 µs for outputs of a few words.
  const out32 = HOST_IS_LITTLE_ENDIAN && length >= 128 ? new Int32Array(out.buffer, 0, length >>> 2) : null;
  const field = ((frame[8]! << 24) | (frame[9]! << 16) | (frame[10]! << 8) | frame[11]!) >>> 0;
  // Candidate block sizes in elements, in order: the field in bytes, then in elements.
  let first = -1;
  let second = -1;
  if (field === 0) first = defaultBlockElements(elementSize);
  else {
    if (field % elementSize === 0) first = field / elementSize;
    if (elementSize !== 1) second = field;
  }
  if (first !== -1 && usableBlockSize(first, elementSize) && decodeBlocks(frame, out, out32, elementSize, first) >= 0) return out;
  if (second !== -1 && usableBlockSize(second, elementSize) && decodeBlocks(frame, out, out32, elementSize, second) >= 0) return out;
  throw new CorruptDataError("bitshuffle_lz4: payload does not decode to the declared length");
}

/** Encodes as current bsread writers do: default block size, stored in bytes. */
export function bitshuffleLz4Compress(data: Uint8Array, elementSize: number): Uint8Array {
  if (data.length % elementSize !== 0) throw new RangeError("bitshuffle_lz4: data length is not a multiple of the element size");
  const totalElements = data.length / elementSize;
  const blockElements = defaultBlockElements(elementSize);
  const parts: Uint8Array[] = [];
  const header = new Uint8Array(BITSHUFFLE_HEADER_BYTES);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, Math.floor(data.length / 2 ** 32), false);
  headerView.setUint32(4, data.length >>> 0, false);
  headerView.setUint32(8, blockElements * elementSize, false);
  parts.push(header);
  const work = new Uint8Array(blockElements * elementSize);
  let ip = 0;
  const encodeBlock = (elements: number): void => {
    const bytes = elements * elementSize;
    const shuffled = work.subarray(0, bytes);
    bitShuffleBlock(data, ip, shuffled, 0, elements, elementSize);
    const compressed = lz4Compress(shuffled);
    const prefix = new Uint8Array(4);
    new DataView(prefix.buffer).setUint32(0, compressed.length, false);
    parts.push(prefix, compressed);
    ip += bytes;
  };
  const fullBlocks = Math.floor(totalElements / blockElements);
  for (let b = 0; b < fullBlocks; b++) encodeBlock(blockElements);
  const remainder = totalElements - fullBlocks * blockElements;
  const partial = remainder - (remainder % 8);
  if (partial > 0) encodeBlock(partial);
  parts.push(data.subarray(ip));
  return concatBytes(parts);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
