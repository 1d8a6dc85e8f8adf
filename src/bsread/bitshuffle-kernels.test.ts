/**
 * The word path shares one kernel across element sizes (registers for 1 and 2, a scratch
 * quad for multiples of 4): it must agree with the byte path for every size it takes,
 * including many 4-byte slices, and with sizes interleaved in one process.
 */
import { describe, expect, it } from "vitest";
import { bitShuffleBlock, bitUnshuffleBlock } from "./bitshuffle.js";

function randomBytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => {
    const h = Math.imul(i + seed, 0x9e3779b1);
    return (h ^ (h >>> 16)) & 255;
  });
}

/** Unshuffles through the word path (aligned) and the byte path (src one byte off alignment). */
function bothPaths(shuffled: Uint8Array, n: number, s: number): [Uint8Array, Uint8Array] {
  const words = new Uint8Array(n * s);
  bitUnshuffleBlock(shuffled, 0, words, 0, n, s);
  const host = new Uint8Array(shuffled.length + 1);
  host.set(shuffled, 1);
  const bytes = new Uint8Array(n * s);
  bitUnshuffleBlock(host, 1, bytes, 0, n, s);
  return [words, bytes];
}

describe("word path kernel", () => {
  it("equals the byte path and inverts bitShuffleBlock for element sizes up to 16 slices, sizes interleaved", () => {
    for (const n of [32, 64, 96, 4096]) {
      for (const s of [1, 2, 4, 8, 1, 12, 2, 16, 20, 24, 32, 64, 4]) {
        const data = randomBytes(n * s, n * 977 + s);
        const shuffled = new Uint8Array(data.length);
        bitShuffleBlock(data, 0, shuffled, 0, n, s);
        const [words, bytes] = bothPaths(shuffled, n, s);
        const where = `s=${s} n=${n}`;
        expect(Buffer.compare(words, bytes), where).toBe(0);
        expect(Buffer.compare(words, data), where).toBe(0);
      }
    }
  });
});
