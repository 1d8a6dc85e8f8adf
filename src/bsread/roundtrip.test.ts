/** encode -> decode returns what was sent, for every type x encoding x compression. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMessage } from "./decode.js";
import { encodeMessage, type ChannelToSend } from "./encode.js";
import { BSREAD_TYPES, COMPRESSIONS, type BsreadType, type Compression, type Encoding } from "./types.js";

const ENCODINGS: Encoding[] = ["little", "big"];

/** An arbitrary for arrays of a type's full value range, as the typed array decode() returns. */
function arrayOf(type: Exclude<BsreadType, "string">, maxLength: number): fc.Arbitrary<ArrayLike<number | bigint>> {
  const len = { minLength: 2, maxLength };
  switch (type) {
    case "bool":
      return fc.array(fc.integer({ min: 0, max: 1 }), len).map((a) => Uint8Array.from(a));
    case "int8":
      return fc.array(fc.integer({ min: -128, max: 127 }), len).map((a) => Int8Array.from(a));
    case "uint8":
      return fc.array(fc.integer({ min: 0, max: 255 }), len).map((a) => Uint8Array.from(a));
    case "int16":
      return fc.array(fc.integer({ min: -32768, max: 32767 }), len).map((a) => Int16Array.from(a));
    case "uint16":
      return fc.array(fc.integer({ min: 0, max: 65535 }), len).map((a) => Uint16Array.from(a));
    case "int32":
      return fc.array(fc.integer(), len).map((a) => Int32Array.from(a));
    case "uint32":
      return fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), len).map((a) => Uint32Array.from(a));
    case "int64":
      return fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), len).map((a) => BigInt64Array.from(a));
    case "uint64":
      return fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), len).map((a) => BigUint64Array.from(a));
    case "float32":
      return fc.array(fc.float({ noNaN: true }), len).map((a) => Float32Array.from(a));
    case "float64":
      return fc.array(fc.double({ noNaN: true }), len).map((a) => Float64Array.from(a));
  }
}

function roundTrip(channel: ChannelToSend): unknown {
  const frames = encodeMessage({ pulseId: 7_000_000_001, globalTimestamp: { sec: 1_700_000_000, ns: 7_000_001 }, channels: [channel] });
  const message = decodeMessage(frames);
  const decoded = message.channels[0]!;
  expect(decoded.type).toBe(channel.type);
  expect(decoded.encoding).toBe(channel.encoding);
  expect(decoded.compression).toBe(channel.compression);
  expect(decoded.timestamp).toEqual({ sec: 1_700_000_000, ns: 7_000_001 });
  return decoded.value();
}

describe("encode -> decode round trip", () => {
  for (const type of BSREAD_TYPES) {
    for (const encoding of ENCODINGS) {
      for (const compression of COMPRESSIONS as Compression[]) {
        it(`${type} ${encoding} ${compression}`, () => {
          if (type === "string") {
            fc.assert(
              fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 300 }), (text) => {
                expect(roundTrip({ name: "RT:STR", type, encoding, compression, value: text })).toBe(text);
              }),
              { numRuns: 40 },
            );
            return;
          }
          // Lengths around the 8-element bitshuffle groups and past one block exercise every path.
          fc.assert(
            fc.property(arrayOf(type, 2100), (values) => {
              const decoded = roundTrip({ name: "RT:ARR", type, encoding, compression, shape: [values.length], value: values as Float64Array });
              expect(decoded).toEqual(values);
            }),
            { numRuns: 25 },
          );
          fc.assert(
            fc.property(arrayOf(type, 2), (values) => {
              const scalar = values[0]!;
              const decoded = roundTrip({ name: "RT:SCALAR", type, encoding, compression, shape: [1], value: type === "bool" ? scalar === 1 : scalar });
              expect(decoded).toEqual(type === "bool" ? scalar === 1 : scalar);
            }),
            { numRuns: 25 },
          );
        });
      }
    }
  }

  it("keeps a 2-D image in wire order (fastest dimension first)", () => {
    const width = 64;
    const height = 48;
    const pixels = Uint16Array.from({ length: width * height }, (_, i) => (i * 37) % 65536);
    const value = roundTrip({ name: "CAM:IMG", type: "uint16", encoding: "little", compression: "bitshuffle_lz4", shape: [width, height], value: pixels });
    expect(value).toEqual(pixels);
    expect((value as Uint16Array)[5 * width + 3]).toBe(pixels[5 * width + 3]);
  });

  it("sends null as two empty frames and decodes it as no value", () => {
    const frames = encodeMessage({ pulseId: 10, channels: [{ name: "A", value: 1 }, { name: "B", type: "int32", value: null }] });
    expect(frames.map((f) => f.length)).toEqual([expect.any(Number), expect.any(Number), 8, 16, 0, 0]);
    const message = decodeMessage(frames);
    expect(message.isEmpty(1)).toBe(true);
    expect(message.value(1)).toBeNull();
    expect(message.timestamp(1)).toBeNull();
    expect(message.value(0)).toBe(1);
  });

  it("compresses the data header in every mode and keeps md5 of frame 1 as hash", async () => {
    const { createHash } = await import("node:crypto");
    for (const dataHeaderCompression of COMPRESSIONS) {
      for (const lz4Prefix of ["little", "channel"] as const) {
        const frames = encodeMessage(
          { pulseId: 1, dataHeaderCompression, channels: [{ name: "X:Y", value: 2.5, encoding: "big", compression: "lz4" }] },
          { lz4Prefix },
        );
        const message = decodeMessage(frames);
        expect(message.hash).toBe(createHash("md5").update(frames[1]!).digest("hex"));
        expect(message.dhCompression).toBe(dataHeaderCompression);
        expect(message.value(0)).toBe(2.5);
      }
    }
  });
});
