/**
 * Guards convertValue's allocation-free paths: scalars read through the shared scratch
 * (any byteOffset, both byte orders, Buffers), and arrays wrapped in place when the caller
 * owns the bytes (`owned`) — while bytes that are not owned (a ZeroMQ frame) are never
 * aliased or modified. Results are compared with the copying conversion as it was before.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMessage } from "./decode.js";
import { encodeMessage } from "./encode.js";
import { CorruptDataError } from "./errors.js";
import { BSREAD_TYPES, COMPRESSIONS, HOST_IS_LITTLE_ENDIAN, elementSize, type BsreadType } from "./types.js";
import { ARRAY_TYPES, convertValue, type ArrayValue, type ChannelValue } from "./value-conversion.js";

type NumericType = Exclude<BsreadType, "string">;
const NUMERIC_TYPES = BSREAD_TYPES.filter((t): t is NumericType => t !== "string");

const CTORS = ARRAY_TYPES;

/** The conversion as it was: a DataView per scalar, a fresh copy per array. */
function referenceConvert(bytes: Uint8Array, type: NumericType, count: number, little: boolean): ChannelValue {
  if (count === 1) {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    switch (type) {
      case "bool":
        return v.getUint8(0) !== 0;
      case "int8":
        return v.getInt8(0);
      case "uint8":
        return v.getUint8(0);
      case "int16":
        return v.getInt16(0, little);
      case "uint16":
        return v.getUint16(0, little);
      case "int32":
        return v.getInt32(0, little);
      case "uint32":
        return v.getUint32(0, little);
      case "int64":
        return v.getBigInt64(0, little);
      case "uint64":
        return v.getBigUint64(0, little);
      case "float32":
        return v.getFloat32(0, little);
      case "float64":
        return v.getFloat64(0, little);
    }
  }
  const size = elementSize(type);
  const out = new CTORS[type](count);
  const outBytes = new Uint8Array(out.buffer);
  outBytes.set(bytes);
  if (size > 1 && little !== HOST_IS_LITTLE_ENDIAN) {
    for (let i = 0; i < outBytes.length; i += size) outBytes.subarray(i, i + size).reverse();
  }
  if (type === "bool") for (let i = 0; i < count; i++) outBytes[i] = outBytes[i] !== 0 ? 1 : 0;
  return out;
}

/** `data` placed at `offset` inside a larger buffer filled with 0xEE. */
function placed(data: ArrayLike<number>, offset: number, asBuffer = false): Uint8Array {
  const host = asBuffer ? Buffer.alloc(offset + data.length + 5, 0xee) : new Uint8Array(offset + data.length + 5).fill(0xee);
  host.set(data, offset);
  return host.subarray(offset, offset + data.length);
}

function expectSameValue(actual: ChannelValue, expected: ChannelValue): void {
  if (typeof expected === "number") {
    expect(typeof actual).toBe("number");
    expect(Object.is(actual, expected) || (Number.isNaN(actual as number) && Number.isNaN(expected))).toBe(true);
  } else if (ArrayBuffer.isView(expected)) {
    expect((actual as ArrayValue).constructor).toBe(expected.constructor);
    const a = actual as ArrayValue;
    expect(a.length).toBe(expected.length);
    expect(Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(0);
  } else {
    expect(actual).toStrictEqual(expected);
  }
}

describe("scalar values through the shared scratch", () => {
  it("every numeric type, both byte orders, every byteOffset 0..8, Uint8Array and Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 8 }), fc.boolean(), (raw, offset, asBuffer) => {
        for (const type of NUMERIC_TYPES) {
          const bytes = placed(raw.subarray(0, elementSize(type)), offset, asBuffer);
          for (const little of [true, false]) {
            for (const shape of [[1], [], [0]]) {
              const before = Uint8Array.from(bytes);
              expectSameValue(convertValue(bytes, type, shape, little), referenceConvert(bytes, type, 1, little));
              expectSameValue(convertValue(bytes, type, shape, little, true), referenceConvert(bytes, type, 1, little));
              expect(Buffer.compare(bytes, before)).toBe(0);
            }
          }
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("edge values round the scratch: extremes, -0, infinities, NaN, bools other than 0/1", () => {
    const cases: [NumericType, number[]][] = [
      ["float64", [0, 0, 0, 0, 0, 0, 0, 0x80]],
      ["float64", [0, 0, 0, 0, 0, 0, 0xf0, 0x7f]],
      ["float64", [1, 0, 0, 0, 0, 0, 0xf0, 0x7f]],
      ["float32", [0, 0, 0x80, 0xff]],
      ["int64", [0, 0, 0, 0, 0, 0, 0, 0x80]],
      ["uint64", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
      ["int32", [0, 0, 0, 0x80]],
      ["uint32", [0xff, 0xff, 0xff, 0xff]],
      ["int16", [0, 0x80]],
      ["int8", [0x80]],
      ["int8", [0x7f]],
      ["bool", [2]],
      ["bool", [0]],
    ];
    for (const [type, raw] of cases) {
      for (const little of [true, false]) {
        const bytes = placed(raw, 3);
        expectSameValue(convertValue(bytes, type, [1], little), referenceConvert(bytes, type, 1, little));
      }
    }
  });

  it("a scalar read does not leak bytes of the previous one (shorter type after a longer one)", () => {
    const long = placed([1, 2, 3, 4, 5, 6, 7, 8], 0);
    for (const type of NUMERIC_TYPES) {
      convertValue(long, "float64", [1], true);
      const bytes = placed(new Uint8Array(elementSize(type)), 1);
      expectSameValue(convertValue(bytes, type, [1], true), referenceConvert(bytes, type, 1, true));
    }
  });

  it("length mismatch still throws CorruptDataError before reading", () => {
    expect(() => convertValue(placed([1, 2, 3], 0), "float64", [1], true)).toThrow(CorruptDataError);
    expect(() => convertValue(placed([1, 2, 3, 4, 5, 6, 7, 8, 9], 0), "float64", [1], true, true)).toThrow(CorruptDataError);
    expect(convertValue(new Uint8Array(0), "float64", [1], true, true)).toBeNull();
  });
});

describe("arrays: owned bytes are wrapped, other bytes copied", () => {
  it("every numeric type x byte order x owned x byteOffset: same values as the copying conversion", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8 * 40, maxLength: 8 * 40 }), fc.integer({ min: 2, max: 40 }), (raw, count) => {
        for (const type of NUMERIC_TYPES) {
          const size = elementSize(type);
          for (const little of [true, false]) {
            for (const offset of [0, 1, 2, 3, 4, 5, 8]) {
              const data = raw.subarray(0, count * size);
              const expected = referenceConvert(data, type, count, little) as ArrayValue;

              // Not owned (a ZeroMQ frame): a copy; the input is neither aliased nor changed.
              const frame = placed(data, offset, true);
              const copied = convertValue(frame, type, [count], little) as ArrayValue;
              expectSameValue(copied, expected);
              expect(copied.buffer).not.toBe(frame.buffer);
              expect(Buffer.compare(frame, data)).toBe(0);

              // Owned: wrapped in place when aligned to the element size, copied otherwise.
              const own = placed(data, offset);
              const ownBuffer = own.buffer;
              const value = convertValue(own, type, [count], little, true) as ArrayValue;
              expectSameValue(value, expected);
              if (offset % size === 0) {
                expect(value.buffer).toBe(ownBuffer);
                expect(value.byteOffset).toBe(own.byteOffset);
              } else {
                expect(value.buffer).not.toBe(ownBuffer);
                expect(Buffer.compare(own, data)).toBe(0);
              }
            }
          }
        }
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it("multi-dimensional shapes and size mismatches behave the same owned or not", () => {
    const data = Uint8Array.from({ length: 24 }, (_, i) => i * 7);
    for (const owned of [false, true]) {
      const value = convertValue(Uint8Array.from(data), "uint16", [3, 4], false, owned) as Uint16Array;
      expect(Array.from(value)).toEqual(Array.from(referenceConvert(data, "uint16", 12, false) as Uint16Array));
      expect(() => convertValue(Uint8Array.from(data), "uint16", [5, 4], false, owned)).toThrow(CorruptDataError);
      expect(() => convertValue(Uint8Array.from(data), "float64", [2], true, owned)).toThrow(CorruptDataError);
      expect(convertValue(Uint8Array.from([104, 105]), "string", [1], true, owned)).toBe("hi");
    }
  });
});

describe("decoded values never alias a received frame", () => {
  it("for every compression and byte order, an array value shares no buffer with any frame", () => {
    for (const compression of COMPRESSIONS) {
      for (const encoding of ["little", "big"] as const) {
        for (const type of NUMERIC_TYPES) {
          const values = Array.from({ length: 300 }, (_, i) => (type === "bool" ? i % 3 === 0 : i % 100));
          const frames = encodeMessage({
            pulseId: 1,
            globalTimestamp: { sec: 1, ns: 0 },
            channels: [{ name: "A", type, encoding, compression, shape: [values.length], value: values as number[] }],
          });
          // As ZeroMQ hands them over: each frame its own Buffer.
          const received = frames.map((f) => Buffer.from(f));
          const snapshot = received.map((f) => Buffer.from(f));
          const message = decodeMessage(received);
          const value = message.value(0) as ArrayValue;
          const again = message.value(0) as ArrayValue;
          expect(again).not.toBe(value);
          expect(again.buffer).not.toBe(value.buffer);
          for (const f of received) expect(value.buffer).not.toBe(f.buffer);
          received.forEach((f, i) => expect(Buffer.compare(f, snapshot[i]!), `${type} ${encoding} ${compression} frame ${i}`).toBe(0));
          const expected = type === "int64" || type === "uint64" ? values.map((v) => BigInt(v as number)) : values.map(Number);
          expect(Array.from(value as ArrayLike<number | bigint>)).toEqual(expected);
        }
      }
    }
  });
});
