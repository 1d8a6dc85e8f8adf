/**
 * LZ4 block compressor (raw block: no frame header, no size prefix) whose output is byte-identical
 * to liblz4 1.9.x `LZ4_compress_default` on a 64-bit little-endian host. Byte identity (not just
 * decodability) matters so emitted bsread frames can be compared verbatim with reference senders.
 * Written from the LZ4 block format spec and liblz4's documented fast-compression parameters.
 */

const MIN_MATCH = 4;
/** A match must start at least this many bytes before the end of the input. */
const MF_LIMIT = 12;
/** The last bytes of a block are always literals. */
const LAST_LITERALS = 5;
/** Shorter inputs become a single literal run. */
const MIN_INPUT_LENGTH = MF_LIMIT + 1;
/** Acceleration 1: after 2^6 failed probes the search stride grows by one. */
const SKIP_TRIGGER = 6;
const MAX_DISTANCE = 65535;
/** Below this size liblz4 uses its 16-bit position table (hash4, 13-bit hash). */
const LIMIT_64K = 65536 + MF_LIMIT - 1;
const MAX_INPUT_SIZE = 0x7e000000;
const RUN_MASK = 15;
const ML_MASK = 15;

const HASH4_PRIME = 0x9e3779b1;
/** 889523592379 (liblz4's 5-byte prime) split into 32-bit halves for exact 64-bit products. */
const HASH5_PRIME_HI = 207;
const HASH5_PRIME_LO = 465362107;
const HASH5_SHIFT = 32 - 12;
const HASH4_SHIFT = 32 - 13;

/**
 * hash5 needs the top 12 bits of ((bytes0..4 << 24) * prime) mod 2^64. Byte 0 lands in the low
 * 32-bit limb; its contribution to the high limb (carry of lo*PRIME_LO plus lo*PRIME_HI) only
 * depends on that byte, so it is tabulated.
 */
const HASH5_BYTE0_TERM = new Uint32Array(256);
for (let b = 0; b < 256; b++) {
  HASH5_BYTE0_TERM[b] = (Math.floor((b * HASH5_PRIME_LO) / 256) + Math.imul(b << 24, HASH5_PRIME_HI)) >>> 0;
}

/** Reused across calls; liblz4 starts every call from a zeroed table, so it is cleared per call. */
const hashTable = new Uint32Array(1 << 13);
/** Reused output scratch so each call allocates only the exact-size result. */
let scratch = new Uint8Array(0);

/** Upper bound of the compressed size, as LZ4_compressBound. */
export function lz4CompressBound(inputSize: number): number {
  if (!(inputSize >= 0) || inputSize > MAX_INPUT_SIZE) return 0;
  const n = Math.floor(inputSize);
  return n + Math.floor(n / 255) + 16;
}

/** Compress src into a new Uint8Array holding exactly the raw LZ4 block, byte-identical to LZ4_compress_default. */
export function lz4Compress(src: Uint8Array): Uint8Array {
  return compressToNewArray(src, src.length >= LIMIT_64K);
}

/**
 * Like lz4Compress, but always with the 32-bit position table, which is what python-lz4's
 * `lz4.block.compress` produces (it goes through LZ4_compress_fast_continue on a fresh stream).
 * Identical to lz4Compress for inputs of 65547 bytes or more; for smaller inputs it can pick
 * different matches. Needed to reproduce bsread_python's lz4 frames byte for byte.
 */
export function lz4CompressLikePythonLz4(src: Uint8Array): Uint8Array {
  return compressToNewArray(src, true);
}

function compressToNewArray(src: Uint8Array, wideTable: boolean): Uint8Array {
  if (src.length > MAX_INPUT_SIZE) throw new RangeError(`lz4: input of ${src.length} bytes exceeds the LZ4 limit`);
  const bound = lz4CompressBound(src.length);
  if (scratch.length < bound) scratch = new Uint8Array(bound);
  const n = compressBlock(src, scratch, wideTable);
  return scratch.slice(0, n);
}

/** liblz4's position hash: hash4 (13 bits) for the 16-bit table, hash5 (12 bits) for the 32-bit one. */
function hashAt(view: DataView, src: Uint8Array, p: number, wideTable: boolean): number {
  if (!wideTable) return Math.imul(view.getInt32(p, true), HASH4_PRIME) >>> HASH4_SHIFT;
  // Bytes 1..4 form the high limb of (bytes0..4 << 24); byte 0's share is tabulated.
  return (Math.imul(view.getInt32(p + 1, true), HASH5_PRIME_LO) + HASH5_BYTE0_TERM[src[p]!]!) >>> HASH5_SHIFT;
}

/** Length of the common run at a and b, stopping before limit (a > b). */
function countMatching(view: DataView, src: Uint8Array, a: number, b: number, limit: number): number {
  const start = a;
  while (a + 4 <= limit) {
    const diff = view.getInt32(a, true) ^ view.getInt32(b, true);
    // Little endian: the lowest set bit of the xor marks the first differing byte.
    if (diff !== 0) return a - start + ((31 - Math.clz32(diff & -diff)) >>> 3);
    a += 4;
    b += 4;
  }
  while (a < limit && src[a] === src[b]) {
    a++;
    b++;
  }
  return a - start;
}

/** Writes the token's literal-length nibble, its extension bytes and the literals; returns the new op. */
function emitLiterals(src: Uint8Array, from: number, to: number, dst: Uint8Array, token: number, op: number): number {
  const len = to - from;
  if (len >= RUN_MASK) {
    dst[token] = RUN_MASK << 4;
    let rest = len - RUN_MASK;
    for (; rest >= 255; rest -= 255) dst[op++] = 255;
    dst[op++] = rest;
  } else {
    dst[token] = len << 4;
  }
  if (len < 32) {
    for (let i = 0; i < len; i++) dst[op + i] = src[from + i]!;
  } else {
    dst.set(src.subarray(from, to), op);
  }
  return op + len;
}

/**
 * Greedy single-probe LZ4 parse in liblz4's exact order of hash-table reads and writes; any
 * deviation (probe order, insertion points, catch-up) changes the chosen matches and thus bytes.
 * Returns the compressed length written to dst (dst must hold lz4CompressBound(src.length)).
 */
function compressBlock(src: Uint8Array, dst: Uint8Array, wideTable: boolean): number {
  const n = src.length;
  if (n === 0) {
    dst[0] = 0;
    return 1;
  }
  let op = 0;
  let anchor = 0;

  if (n >= MIN_INPUT_LENGTH) {
    const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const table = hashTable;
    table.fill(0, 0, wideTable ? 1 << 12 : 1 << 13);
    const mfLimitPlusOne = n - MF_LIMIT + 1;
    const matchLimit = n - LAST_LITERALS;

    table[hashAt(view, src, 0, wideTable)] = 0;
    let ip = 1;
    let forwardH = hashAt(view, src, ip, wideTable);

    search: for (;;) {
      // Forward search: probe, then accelerate over data that keeps missing.
      let forwardIp = ip;
      let step = 1;
      let probes = 1 << SKIP_TRIGGER;
      let match: number;
      for (;;) {
        const h = forwardH;
        match = table[h]!;
        ip = forwardIp;
        forwardIp += step;
        step = probes++ >>> SKIP_TRIGGER;
        if (forwardIp > mfLimitPlusOne) break search;
        forwardH = hashAt(view, src, forwardIp, wideTable);
        table[h] = ip;
        // Empty slots read as position 0; liblz4 probes them too, so no "unset" check here.
        if (match + MAX_DISTANCE < ip) continue;
        if (view.getInt32(match, true) === view.getInt32(ip, true)) break;
      }

      // Extend the match backwards over bytes still pending as literals.
      while (ip > anchor && match > 0 && src[ip - 1] === src[match - 1]) {
        ip--;
        match--;
      }

      let token = op++;
      op = emitLiterals(src, anchor, ip, dst, token, op);

      // Emit the match, then keep chaining while the position right after it matches too.
      for (;;) {
        const offset = ip - match;
        dst[op++] = offset & 0xff;
        dst[op++] = offset >>> 8;

        let matchCode = countMatching(view, src, ip + MIN_MATCH, match + MIN_MATCH, matchLimit);
        ip += matchCode + MIN_MATCH;
        if (matchCode >= ML_MASK) {
          dst[token]! += ML_MASK;
          matchCode -= ML_MASK;
          for (; matchCode >= 255; matchCode -= 255) dst[op++] = 255;
          dst[op++] = matchCode;
        } else {
          dst[token]! += matchCode;
        }

        anchor = ip;
        if (ip >= mfLimitPlusOne) break search;

        table[hashAt(view, src, ip - 2, wideTable)] = ip - 2;
        const h = hashAt(view, src, ip, wideTable);
        const candidate = table[h]!;
        table[h] = ip;
        if (candidate + MAX_DISTANCE >= ip && view.getInt32(candidate, true) === view.getInt32(ip, true)) {
          match = candidate;
          token = op++;
          dst[token] = 0;
          continue;
        }
        break;
      }

      ip++;
      forwardH = hashAt(view, src, ip, wideTable);
    }
  }

  const token = op++;
  return emitLiterals(src, anchor, n, dst, token, op);
}
