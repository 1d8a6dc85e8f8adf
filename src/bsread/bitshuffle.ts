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
export function bitUnshuffleBlock(
  src: Uint8Array,
  srcPos: number,
  dst: Uint8Array,
  dstPos: number,
  n: number,
  elementSize: number,
): void {
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
 * Three rounds of masked swaps between the eight row words of one element byte j transpose
 * all four at once (afterwards word t, lane c = byte j of element (4g+c)*8+t). A 4x4 byte
 * transpose of four such words then yields whole output words. Output of group g is the
 * 32 * elementSize contiguous bytes of elements 32g .. 32g+31.
 */

/** Word-aligned little-endian block: see wordPathApplies. Positions are in words. */
function unshuffleWords(src32: Int32Array, srcWord: number, dst32: Int32Array, dstWord: number, n: number, elementSize: number): void {
  if (elementSize === 1) unshuffleWords1(src32, srcWord, dst32, dstWord, n >>> 5);
  else if (elementSize === 2) unshuffleWords2(src32, srcWord, dst32, dstWord, n >>> 5);
  else unshuffleWords4k(src32, srcWord, dst32, dstWord, n >>> 5, elementSize >>> 2);
}

function unshuffleWords1(src32: Int32Array, s0: number, dst32: Int32Array, d0: number, rowWords: number): void {
  for (let g = 0; g < rowWords; g++) {
    let p = s0 + g;
    let w0 = src32[p]!;
    let w1 = src32[(p += rowWords)]!;
    let w2 = src32[(p += rowWords)]!;
    let w3 = src32[(p += rowWords)]!;
    let w4 = src32[(p += rowWords)]!;
    let w5 = src32[(p += rowWords)]!;
    let w6 = src32[(p += rowWords)]!;
    let w7 = src32[p + rowWords]!;
    // bit transpose within each byte lane
    let t = ((w0 >>> 1) ^ w1) & 0x55555555;
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
    // byte transposes of (w0..w3) and (w4..w7): afterwards w0/w4 = lane 0, w1/w5 = lane 1, ...
    t = ((w0 >>> 8) ^ w1) & 0x00ff00ff;
    w1 ^= t;
    w0 ^= t << 8;
    t = ((w2 >>> 8) ^ w3) & 0x00ff00ff;
    w3 ^= t;
    w2 ^= t << 8;
    t = ((w0 >>> 16) ^ w2) & 0xffff;
    w2 ^= t;
    w0 ^= t << 16;
    t = ((w1 >>> 16) ^ w3) & 0xffff;
    w3 ^= t;
    w1 ^= t << 16;
    t = ((w4 >>> 8) ^ w5) & 0x00ff00ff;
    w5 ^= t;
    w4 ^= t << 8;
    t = ((w6 >>> 8) ^ w7) & 0x00ff00ff;
    w7 ^= t;
    w6 ^= t << 8;
    t = ((w4 >>> 16) ^ w6) & 0xffff;
    w6 ^= t;
    w4 ^= t << 16;
    t = ((w5 >>> 16) ^ w7) & 0xffff;
    w7 ^= t;
    w5 ^= t << 16;
    // lane c: elements (4g+c)*8 + 0..3 in w(c), + 4..7 in w(4+c)
    const d = d0 + 8 * g;
    dst32[d] = w0;
    dst32[d + 1] = w4;
    dst32[d + 2] = w1;
    dst32[d + 3] = w5;
    dst32[d + 4] = w2;
    dst32[d + 5] = w6;
    dst32[d + 6] = w3;
    dst32[d + 7] = w7;
  }
}

function unshuffleWords2(src32: Int32Array, s0: number, dst32: Int32Array, d0: number, rowWords: number): void {
  for (let g = 0; g < rowWords; g++) {
    // a: element byte 0 (rows 0..7), b: element byte 1 (rows 8..15)
    let p = s0 + g;
    let a0 = src32[p]!;
    let a1 = src32[(p += rowWords)]!;
    let a2 = src32[(p += rowWords)]!;
    let a3 = src32[(p += rowWords)]!;
    let a4 = src32[(p += rowWords)]!;
    let a5 = src32[(p += rowWords)]!;
    let a6 = src32[(p += rowWords)]!;
    let a7 = src32[(p += rowWords)]!;
    let t = ((a0 >>> 1) ^ a1) & 0x55555555;
    a1 ^= t;
    a0 ^= t << 1;
    t = ((a2 >>> 1) ^ a3) & 0x55555555;
    a3 ^= t;
    a2 ^= t << 1;
    t = ((a4 >>> 1) ^ a5) & 0x55555555;
    a5 ^= t;
    a4 ^= t << 1;
    t = ((a6 >>> 1) ^ a7) & 0x55555555;
    a7 ^= t;
    a6 ^= t << 1;
    t = ((a0 >>> 2) ^ a2) & 0x33333333;
    a2 ^= t;
    a0 ^= t << 2;
    t = ((a1 >>> 2) ^ a3) & 0x33333333;
    a3 ^= t;
    a1 ^= t << 2;
    t = ((a4 >>> 2) ^ a6) & 0x33333333;
    a6 ^= t;
    a4 ^= t << 2;
    t = ((a5 >>> 2) ^ a7) & 0x33333333;
    a7 ^= t;
    a5 ^= t << 2;
    t = ((a0 >>> 4) ^ a4) & 0x0f0f0f0f;
    a4 ^= t;
    a0 ^= t << 4;
    t = ((a1 >>> 4) ^ a5) & 0x0f0f0f0f;
    a5 ^= t;
    a1 ^= t << 4;
    t = ((a2 >>> 4) ^ a6) & 0x0f0f0f0f;
    a6 ^= t;
    a2 ^= t << 4;
    t = ((a3 >>> 4) ^ a7) & 0x0f0f0f0f;
    a7 ^= t;
    a3 ^= t << 4;
    let b0 = src32[(p += rowWords)]!;
    let b1 = src32[(p += rowWords)]!;
    let b2 = src32[(p += rowWords)]!;
    let b3 = src32[(p += rowWords)]!;
    let b4 = src32[(p += rowWords)]!;
    let b5 = src32[(p += rowWords)]!;
    let b6 = src32[(p += rowWords)]!;
    let b7 = src32[p + rowWords]!;
    t = ((b0 >>> 1) ^ b1) & 0x55555555;
    b1 ^= t;
    b0 ^= t << 1;
    t = ((b2 >>> 1) ^ b3) & 0x55555555;
    b3 ^= t;
    b2 ^= t << 1;
    t = ((b4 >>> 1) ^ b5) & 0x55555555;
    b5 ^= t;
    b4 ^= t << 1;
    t = ((b6 >>> 1) ^ b7) & 0x55555555;
    b7 ^= t;
    b6 ^= t << 1;
    t = ((b0 >>> 2) ^ b2) & 0x33333333;
    b2 ^= t;
    b0 ^= t << 2;
    t = ((b1 >>> 2) ^ b3) & 0x33333333;
    b3 ^= t;
    b1 ^= t << 2;
    t = ((b4 >>> 2) ^ b6) & 0x33333333;
    b6 ^= t;
    b4 ^= t << 2;
    t = ((b5 >>> 2) ^ b7) & 0x33333333;
    b7 ^= t;
    b5 ^= t << 2;
    t = ((b0 >>> 4) ^ b4) & 0x0f0f0f0f;
    b4 ^= t;
    b0 ^= t << 4;
    t = ((b1 >>> 4) ^ b5) & 0x0f0f0f0f;
    b5 ^= t;
    b1 ^= t << 4;
    t = ((b2 >>> 4) ^ b6) & 0x0f0f0f0f;
    b6 ^= t;
    b2 ^= t << 4;
    t = ((b3 >>> 4) ^ b7) & 0x0f0f0f0f;
    b7 ^= t;
    b3 ^= t << 4;
    // Output word 4c + q of the group holds elements 2q, 2q+1 of lane c: bytes
    // [a(2q), b(2q), a(2q+1), b(2q+1)] of lane c, i.e. a byte transpose of those four words.
    const d = d0 + 16 * g;
    t = ((a0 >>> 8) ^ b0) & 0x00ff00ff;
    b0 ^= t;
    a0 ^= t << 8;
    t = ((a1 >>> 8) ^ b1) & 0x00ff00ff;
    b1 ^= t;
    a1 ^= t << 8;
    t = ((a0 >>> 16) ^ a1) & 0xffff;
    a1 ^= t;
    a0 ^= t << 16;
    t = ((b0 >>> 16) ^ b1) & 0xffff;
    b1 ^= t;
    b0 ^= t << 16;
    dst32[d] = a0;
    dst32[d + 4] = b0;
    dst32[d + 8] = a1;
    dst32[d + 12] = b1;
    t = ((a2 >>> 8) ^ b2) & 0x00ff00ff;
    b2 ^= t;
    a2 ^= t << 8;
    t = ((a3 >>> 8) ^ b3) & 0x00ff00ff;
    b3 ^= t;
    a3 ^= t << 8;
    t = ((a2 >>> 16) ^ a3) & 0xffff;
    a3 ^= t;
    a2 ^= t << 16;
    t = ((b2 >>> 16) ^ b3) & 0xffff;
    b3 ^= t;
    b2 ^= t << 16;
    dst32[d + 1] = a2;
    dst32[d + 5] = b2;
    dst32[d + 9] = a3;
    dst32[d + 13] = b3;
    t = ((a4 >>> 8) ^ b4) & 0x00ff00ff;
    b4 ^= t;
    a4 ^= t << 8;
    t = ((a5 >>> 8) ^ b5) & 0x00ff00ff;
    b5 ^= t;
    a5 ^= t << 8;
    t = ((a4 >>> 16) ^ a5) & 0xffff;
    a5 ^= t;
    a4 ^= t << 16;
    t = ((b4 >>> 16) ^ b5) & 0xffff;
    b5 ^= t;
    b4 ^= t << 16;
    dst32[d + 2] = a4;
    dst32[d + 6] = b4;
    dst32[d + 10] = a5;
    dst32[d + 14] = b5;
    t = ((a6 >>> 8) ^ b6) & 0x00ff00ff;
    b6 ^= t;
    a6 ^= t << 8;
    t = ((a7 >>> 8) ^ b7) & 0x00ff00ff;
    b7 ^= t;
    a7 ^= t << 8;
    t = ((a6 >>> 16) ^ a7) & 0xffff;
    a7 ^= t;
    a6 ^= t << 16;
    t = ((b6 >>> 16) ^ b7) & 0xffff;
    b7 ^= t;
    b6 ^= t << 16;
    dst32[d + 3] = a6;
    dst32[d + 7] = b6;
    dst32[d + 11] = a7;
    dst32[d + 15] = b7;
  }
}

/** Element size 4q: output word m of element e holds element bytes 4m .. 4m+3. */
function unshuffleWords4k(src32: Int32Array, s0: number, dst32: Int32Array, d0: number, rowWords: number, q: number): void {
  const laneStride = 8 * q; // words between lanes c and c+1 (8 elements)
  const quadRows = 32 * rowWords; // words between element bytes 4m and 4m+4
  let t = 0;
  for (let g = 0; g < rowWords; g++) {
    for (let m = 0; m < q; m++) {
      // w, x, y, z: element bytes 4m, 4m+1, 4m+2, 4m+3 (8 row words each)
      let p = s0 + m * quadRows + g;
      let w0 = src32[p]!;
      let w1 = src32[(p += rowWords)]!;
      let w2 = src32[(p += rowWords)]!;
      let w3 = src32[(p += rowWords)]!;
      let w4 = src32[(p += rowWords)]!;
      let w5 = src32[(p += rowWords)]!;
      let w6 = src32[(p += rowWords)]!;
      let w7 = src32[(p += rowWords)]!;
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
      let x0 = src32[(p += rowWords)]!;
      let x1 = src32[(p += rowWords)]!;
      let x2 = src32[(p += rowWords)]!;
      let x3 = src32[(p += rowWords)]!;
      let x4 = src32[(p += rowWords)]!;
      let x5 = src32[(p += rowWords)]!;
      let x6 = src32[(p += rowWords)]!;
      let x7 = src32[(p += rowWords)]!;
      t = ((x0 >>> 1) ^ x1) & 0x55555555;
      x1 ^= t;
      x0 ^= t << 1;
      t = ((x2 >>> 1) ^ x3) & 0x55555555;
      x3 ^= t;
      x2 ^= t << 1;
      t = ((x4 >>> 1) ^ x5) & 0x55555555;
      x5 ^= t;
      x4 ^= t << 1;
      t = ((x6 >>> 1) ^ x7) & 0x55555555;
      x7 ^= t;
      x6 ^= t << 1;
      t = ((x0 >>> 2) ^ x2) & 0x33333333;
      x2 ^= t;
      x0 ^= t << 2;
      t = ((x1 >>> 2) ^ x3) & 0x33333333;
      x3 ^= t;
      x1 ^= t << 2;
      t = ((x4 >>> 2) ^ x6) & 0x33333333;
      x6 ^= t;
      x4 ^= t << 2;
      t = ((x5 >>> 2) ^ x7) & 0x33333333;
      x7 ^= t;
      x5 ^= t << 2;
      t = ((x0 >>> 4) ^ x4) & 0x0f0f0f0f;
      x4 ^= t;
      x0 ^= t << 4;
      t = ((x1 >>> 4) ^ x5) & 0x0f0f0f0f;
      x5 ^= t;
      x1 ^= t << 4;
      t = ((x2 >>> 4) ^ x6) & 0x0f0f0f0f;
      x6 ^= t;
      x2 ^= t << 4;
      t = ((x3 >>> 4) ^ x7) & 0x0f0f0f0f;
      x7 ^= t;
      x3 ^= t << 4;
      let y0 = src32[(p += rowWords)]!;
      let y1 = src32[(p += rowWords)]!;
      let y2 = src32[(p += rowWords)]!;
      let y3 = src32[(p += rowWords)]!;
      let y4 = src32[(p += rowWords)]!;
      let y5 = src32[(p += rowWords)]!;
      let y6 = src32[(p += rowWords)]!;
      let y7 = src32[(p += rowWords)]!;
      t = ((y0 >>> 1) ^ y1) & 0x55555555;
      y1 ^= t;
      y0 ^= t << 1;
      t = ((y2 >>> 1) ^ y3) & 0x55555555;
      y3 ^= t;
      y2 ^= t << 1;
      t = ((y4 >>> 1) ^ y5) & 0x55555555;
      y5 ^= t;
      y4 ^= t << 1;
      t = ((y6 >>> 1) ^ y7) & 0x55555555;
      y7 ^= t;
      y6 ^= t << 1;
      t = ((y0 >>> 2) ^ y2) & 0x33333333;
      y2 ^= t;
      y0 ^= t << 2;
      t = ((y1 >>> 2) ^ y3) & 0x33333333;
      y3 ^= t;
      y1 ^= t << 2;
      t = ((y4 >>> 2) ^ y6) & 0x33333333;
      y6 ^= t;
      y4 ^= t << 2;
      t = ((y5 >>> 2) ^ y7) & 0x33333333;
      y7 ^= t;
      y5 ^= t << 2;
      t = ((y0 >>> 4) ^ y4) & 0x0f0f0f0f;
      y4 ^= t;
      y0 ^= t << 4;
      t = ((y1 >>> 4) ^ y5) & 0x0f0f0f0f;
      y5 ^= t;
      y1 ^= t << 4;
      t = ((y2 >>> 4) ^ y6) & 0x0f0f0f0f;
      y6 ^= t;
      y2 ^= t << 4;
      t = ((y3 >>> 4) ^ y7) & 0x0f0f0f0f;
      y7 ^= t;
      y3 ^= t << 4;
      let z0 = src32[(p += rowWords)]!;
      let z1 = src32[(p += rowWords)]!;
      let z2 = src32[(p += rowWords)]!;
      let z3 = src32[(p += rowWords)]!;
      let z4 = src32[(p += rowWords)]!;
      let z5 = src32[(p += rowWords)]!;
      let z6 = src32[(p += rowWords)]!;
      let z7 = src32[(p += rowWords)]!;
      t = ((z0 >>> 1) ^ z1) & 0x55555555;
      z1 ^= t;
      z0 ^= t << 1;
      t = ((z2 >>> 1) ^ z3) & 0x55555555;
      z3 ^= t;
      z2 ^= t << 1;
      t = ((z4 >>> 1) ^ z5) & 0x55555555;
      z5 ^= t;
      z4 ^= t << 1;
      t = ((z6 >>> 1) ^ z7) & 0x55555555;
      z7 ^= t;
      z6 ^= t << 1;
      t = ((z0 >>> 2) ^ z2) & 0x33333333;
      z2 ^= t;
      z0 ^= t << 2;
      t = ((z1 >>> 2) ^ z3) & 0x33333333;
      z3 ^= t;
      z1 ^= t << 2;
      t = ((z4 >>> 2) ^ z6) & 0x33333333;
      z6 ^= t;
      z4 ^= t << 2;
      t = ((z5 >>> 2) ^ z7) & 0x33333333;
      z7 ^= t;
      z5 ^= t << 2;
      t = ((z0 >>> 4) ^ z4) & 0x0f0f0f0f;
      z4 ^= t;
      z0 ^= t << 4;
      t = ((z1 >>> 4) ^ z5) & 0x0f0f0f0f;
      z5 ^= t;
      z1 ^= t << 4;
      t = ((z2 >>> 4) ^ z6) & 0x0f0f0f0f;
      z6 ^= t;
      z2 ^= t << 4;
      t = ((z3 >>> 4) ^ z7) & 0x0f0f0f0f;
      z7 ^= t;
      z3 ^= t << 4;
      // Output word m of element (4g+c)*8+t = lane c of the byte transpose of (w_t, x_t, y_t, z_t).
      let d = d0 + 32 * q * g + m;
      t = ((w0 >>> 8) ^ x0) & 0x00ff00ff;
      x0 ^= t;
      w0 ^= t << 8;
      t = ((y0 >>> 8) ^ z0) & 0x00ff00ff;
      z0 ^= t;
      y0 ^= t << 8;
      t = ((w0 >>> 16) ^ y0) & 0xffff;
      y0 ^= t;
      w0 ^= t << 16;
      t = ((x0 >>> 16) ^ z0) & 0xffff;
      z0 ^= t;
      x0 ^= t << 16;
      dst32[d] = w0;
      dst32[d + laneStride] = x0;
      dst32[d + 2 * laneStride] = y0;
      dst32[d + 3 * laneStride] = z0;
      d += q;
      t = ((w1 >>> 8) ^ x1) & 0x00ff00ff;
      x1 ^= t;
      w1 ^= t << 8;
      t = ((y1 >>> 8) ^ z1) & 0x00ff00ff;
      z1 ^= t;
      y1 ^= t << 8;
      t = ((w1 >>> 16) ^ y1) & 0xffff;
      y1 ^= t;
      w1 ^= t << 16;
      t = ((x1 >>> 16) ^ z1) & 0xffff;
      z1 ^= t;
      x1 ^= t << 16;
      dst32[d] = w1;
      dst32[d + laneStride] = x1;
      dst32[d + 2 * laneStride] = y1;
      dst32[d + 3 * laneStride] = z1;
      d += q;
      t = ((w2 >>> 8) ^ x2) & 0x00ff00ff;
      x2 ^= t;
      w2 ^= t << 8;
      t = ((y2 >>> 8) ^ z2) & 0x00ff00ff;
      z2 ^= t;
      y2 ^= t << 8;
      t = ((w2 >>> 16) ^ y2) & 0xffff;
      y2 ^= t;
      w2 ^= t << 16;
      t = ((x2 >>> 16) ^ z2) & 0xffff;
      z2 ^= t;
      x2 ^= t << 16;
      dst32[d] = w2;
      dst32[d + laneStride] = x2;
      dst32[d + 2 * laneStride] = y2;
      dst32[d + 3 * laneStride] = z2;
      d += q;
      t = ((w3 >>> 8) ^ x3) & 0x00ff00ff;
      x3 ^= t;
      w3 ^= t << 8;
      t = ((y3 >>> 8) ^ z3) & 0x00ff00ff;
      z3 ^= t;
      y3 ^= t << 8;
      t = ((w3 >>> 16) ^ y3) & 0xffff;
      y3 ^= t;
      w3 ^= t << 16;
      t = ((x3 >>> 16) ^ z3) & 0xffff;
      z3 ^= t;
      x3 ^= t << 16;
      dst32[d] = w3;
      dst32[d + laneStride] = x3;
      dst32[d + 2 * laneStride] = y3;
      dst32[d + 3 * laneStride] = z3;
      d += q;
      t = ((w4 >>> 8) ^ x4) & 0x00ff00ff;
      x4 ^= t;
      w4 ^= t << 8;
      t = ((y4 >>> 8) ^ z4) & 0x00ff00ff;
      z4 ^= t;
      y4 ^= t << 8;
      t = ((w4 >>> 16) ^ y4) & 0xffff;
      y4 ^= t;
      w4 ^= t << 16;
      t = ((x4 >>> 16) ^ z4) & 0xffff;
      z4 ^= t;
      x4 ^= t << 16;
      dst32[d] = w4;
      dst32[d + laneStride] = x4;
      dst32[d + 2 * laneStride] = y4;
      dst32[d + 3 * laneStride] = z4;
      d += q;
      t = ((w5 >>> 8) ^ x5) & 0x00ff00ff;
      x5 ^= t;
      w5 ^= t << 8;
      t = ((y5 >>> 8) ^ z5) & 0x00ff00ff;
      z5 ^= t;
      y5 ^= t << 8;
      t = ((w5 >>> 16) ^ y5) & 0xffff;
      y5 ^= t;
      w5 ^= t << 16;
      t = ((x5 >>> 16) ^ z5) & 0xffff;
      z5 ^= t;
      x5 ^= t << 16;
      dst32[d] = w5;
      dst32[d + laneStride] = x5;
      dst32[d + 2 * laneStride] = y5;
      dst32[d + 3 * laneStride] = z5;
      d += q;
      t = ((w6 >>> 8) ^ x6) & 0x00ff00ff;
      x6 ^= t;
      w6 ^= t << 8;
      t = ((y6 >>> 8) ^ z6) & 0x00ff00ff;
      z6 ^= t;
      y6 ^= t << 8;
      t = ((w6 >>> 16) ^ y6) & 0xffff;
      y6 ^= t;
      w6 ^= t << 16;
      t = ((x6 >>> 16) ^ z6) & 0xffff;
      z6 ^= t;
      x6 ^= t << 16;
      dst32[d] = w6;
      dst32[d + laneStride] = x6;
      dst32[d + 2 * laneStride] = y6;
      dst32[d + 3 * laneStride] = z6;
      d += q;
      t = ((w7 >>> 8) ^ x7) & 0x00ff00ff;
      x7 ^= t;
      w7 ^= t << 8;
      t = ((y7 >>> 8) ^ z7) & 0x00ff00ff;
      z7 ^= t;
      y7 ^= t << 8;
      t = ((w7 >>> 16) ^ y7) & 0xffff;
      y7 ^= t;
      w7 ^= t << 16;
      t = ((x7 >>> 16) ^ z7) & 0xffff;
      z7 ^= t;
      x7 ^= t << 16;
      dst32[d] = w7;
      dst32[d + laneStride] = x7;
      dst32[d + 2 * laneStride] = y7;
      dst32[d + 3 * laneStride] = z7;
      d += q;
    }
  }
}

/** Inverse of bitUnshuffleBlock. */
export function bitShuffleBlock(
  src: Uint8Array,
  srcPos: number,
  dst: Uint8Array,
  dstPos: number,
  n: number,
  elementSize: number,
): void {
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
