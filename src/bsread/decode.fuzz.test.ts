/**
 * Truncated and corrupted messages: the decoder only ever throws BsreadProtocolError (the
 * message) or BsreadDecodeError (one channel's value), never anything else, and never hangs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureNames, loadFixture } from "../../test/support/fixtures.js";
import { MessageDecoder } from "./decode.js";
import { BsreadDecodeError, BsreadProtocolError } from "./errors.js";
import { bitshuffleLz4Decompress } from "./bitshuffle.js";
import { lz4FramedDecompress } from "./lz4-framing.js";
import { CorruptDataError } from "./errors.js";

const seeds = fixtureNames()
  .filter((n) => n !== "py-scalars-1000-channels" && n !== "py-bitshuffle-multi-block")
  .flatMap((n) => loadFixture(n).messages.map((m) => m.frames));

/** Decodes and touches everything a consumer could; returns the kinds of errors met. */
function exercise(frames: Uint8Array[]): string[] {
  const met: string[] = [];
  const check = (err: unknown, allowed: Function): void => {
    if (!(err instanceof allowed)) throw err;
    met.push((err as BsreadProtocolError | BsreadDecodeError).code);
  };
  let message;
  try {
    message = new MessageDecoder().decode(frames);
  } catch (err) {
    check(err, BsreadProtocolError);
    message = (err as BsreadProtocolError).partial;
    if (!message) return met;
  }
  for (const channel of message.channels) {
    void channel.isEmpty;
    void channel.byteLength;
    void channel.timestamp;
    void channel.timestampError;
    try {
      channel.value();
    } catch (err) {
      check(err, BsreadDecodeError);
    }
  }
  return met;
}

type Mutation =
  | { kind: "truncate"; frame: number; keep: number }
  | { kind: "flip"; frame: number; at: number; xor: number }
  | { kind: "drop"; frame: number }
  | { kind: "duplicate"; frame: number }
  | { kind: "replace"; frame: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), frame: fc.nat(), keep: fc.nat() }),
  fc.record({ kind: fc.constant("flip" as const), frame: fc.nat(), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("drop" as const), frame: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), frame: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), frame: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
);

function mutate(original: Uint8Array[], mutations: Mutation[]): Uint8Array[] {
  const frames: Uint8Array[] = original.map((f) => f.slice());
  for (const m of mutations) {
    if (frames.length === 0) break;
    const i = m.frame % frames.length;
    const f = frames[i]!;
    switch (m.kind) {
      case "truncate":
        frames[i] = f.subarray(0, f.length === 0 ? 0 : m.keep % f.length);
        break;
      case "flip":
        if (f.length > 0) f[m.at % f.length] ^= m.xor;
        break;
      case "drop":
        frames.splice(i, 1);
        break;
      case "duplicate":
        frames.splice(i, 0, f.slice());
        break;
      case "replace":
        frames[i] = m.bytes;
        break;
    }
  }
  return frames;
}

describe("decoder robustness", () => {
  it("has seed messages", () => {
    expect(seeds.length).toBeGreaterThan(40);
  });

  it("throws only the two bsread error types for mutated golden messages", () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        for (const code of exercise(mutate(seeds[seed]!, mutations))) codes.add(code);
      }),
      { numRuns: 3000, seed: 20261121 },
    );
    // The mutations must actually reach the error paths, or this test proves nothing.
    for (const code of ["MAIN_HEADER_INVALID", "FRAME_COUNT_MISMATCH", "DECOMPRESSION_FAILED", "VALUE_SIZE_MISMATCH"]) {
      expect(codes).toContain(code);
    }
  });

  it("survives random frames", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (frames) => {
        exercise(frames);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("rejects compressed payloads that claim huge sizes without allocating them", () => {
    const bomb = new Uint8Array(64);
    new DataView(bomb.buffer).setUint32(4, 0x7fff_0000, false); // bitshuffle: 2 GiB declared
    expect(() => bitshuffleLz4Decompress(bomb, 8)).toThrow(CorruptDataError);
    const lz4Bomb = new Uint8Array([0xff, 0xff, 0xff, 0x7f, 0x00]);
    expect(() => lz4FramedDecompress(lz4Bomb, true)).toThrow(CorruptDataError);
  });

  it("decodes arbitrary bytes as lz4 / bitshuffle only into CorruptDataError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(1, 2, 4, 8), fc.boolean(), (bytes, elementSize, little) => {
        for (const run of [() => bitshuffleLz4Decompress(bytes, elementSize), () => lz4FramedDecompress(bytes, little)]) {
          try {
            run();
          } catch (err) {
            if (!(err instanceof CorruptDataError)) throw err;
          }
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});
