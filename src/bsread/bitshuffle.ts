/**
 * Bit transposition of bitshuffle blocks (as bitshuffle_core.c lays them out) and the
 * bitshuffle_lz4 framing bsread uses for values and data headers (HDF5 filter framing:
 * u64 BE byte length, u32 BE block size, then per block a u32 BE length + LZ4 block,
 * then the (n % 8) trailing elements raw).
 */
import { CorruptDataError } from "./errors.js";
import { lz4DecompressInto } from "./lz4-decompress.js";
import { lz4Compress } from "./lz4-compress.js";

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

let scratch = new Uint8Array(8192);
function scratchOf(size: number): Uint8Array {
  if (scratch.length < size) scratch = new Uint8Array(size);
  return scratch;
}

/** Reads the decoded byte length from a bitshuffle_lz4 header without decoding anything. */
export function bitshuffleLz4DecodedLength(frame: Uint8Array): number {
  if (frame.length < BITSHUFFLE_HEADER_BYTES) throw new CorruptDataError("bitshuffle_lz4: frame shorter than its 12-byte header");
  const view = new DataView(frame.buffer, frame.byteOffset, frame.length);
  const high = view.getUint32(0, false);
  const low = view.getUint32(4, false);
  // LZ4 expands at most ~255:1, so a larger claim is corruption; checked before allocating.
  if (high !== 0 || low > MAX_DECODED_BYTES || low > frame.length * 255 + 64) throw new CorruptDataError(`bitshuffle_lz4: implausible length ${high * 2 ** 32 + low}`);
  return low;
}

/** Returns the consumed payload end, or -1 when the blocks do not fit the given block size. */
function decodeBlocks(frame: Uint8Array, out: Uint8Array, elementSize: number, blockElements: number): number {
  const totalElements = out.length / elementSize;
  const blockBytes = blockElements * elementSize;
  const work = scratchOf(blockBytes);
  let ip = BITSHUFFLE_HEADER_BYTES;
  let op = 0;
  const decodeBlock = (elements: number): boolean => {
    const bytes = elements * elementSize;
    if (ip + 4 > frame.length) return false;
    const compressed = ((frame[ip]! << 24) | (frame[ip + 1]! << 16) | (frame[ip + 2]! << 8) | frame[ip + 3]!) >>> 0;
    ip += 4;
    if (compressed === 0 || ip + compressed > frame.length) return false;
    try {
      if (lz4DecompressInto(frame, ip, ip + compressed, work, 0, bytes) !== bytes) return false;
    } catch (err) {
      if (err instanceof CorruptDataError) return false;
      throw err;
    }
    ip += compressed;
    bitUnshuffleBlock(work, 0, out, op, elements, elementSize);
    op += bytes;
    return true;
  };
  const fullBlocks = Math.floor(totalElements / blockElements);
  for (let b = 0; b < fullBlocks; b++) if (!decodeBlock(blockElements)) return -1;
  const remainder = totalElements - fullBlocks * blockElements;
  const partial = remainder - (remainder % 8);
  if (partial > 0 && !decodeBlock(partial)) return -1;
  const tail = (remainder % 8) * elementSize;
  if (ip + tail !== frame.length) return -1;
  out.set(frame.subarray(ip, ip + tail), op);
  return ip + tail;
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
  const field = ((frame[8]! << 24) | (frame[9]! << 16) | (frame[10]! << 8) | frame[11]!) >>> 0;
  const candidates: number[] = [];
  if (field === 0) candidates.push(defaultBlockElements(elementSize));
  else {
    if (field % elementSize === 0) candidates.push(field / elementSize);
    if (elementSize !== 1) candidates.push(field);
  }
  for (const blockElements of candidates) {
    if (blockElements <= 0 || blockElements % 8 !== 0 || blockElements * elementSize > MAX_DECODED_BYTES) continue;
    if (decodeBlocks(frame, out, elementSize, blockElements) >= 0) return out;
  }
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
