/**
 * Decoded value bytes -> JavaScript values: scalars for shape [1], typed arrays in wire
 * order otherwise, UTF-8 strings. Arrays are always copies, so a value never pins a ZeroMQ
 * frame buffer in memory.
 */
import { CorruptDataError } from "./errors.js";
import { HOST_IS_LITTLE_ENDIAN, elementCount, elementSize, isScalarShape, type BsreadType } from "./types.js";

export type ScalarValue = number | bigint | boolean | string;
export type ArrayValue =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;
export type ChannelValue = ScalarValue | ArrayValue | null;

type TypedArrayConstructor = {
  new (length: number): ArrayValue;
  readonly BYTES_PER_ELEMENT: number;
};

const ARRAY_TYPES: Record<Exclude<BsreadType, "string">, TypedArrayConstructor> = {
  bool: Uint8Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

export class Utf8Error extends CorruptDataError {}

function readScalar(view: DataView, type: Exclude<BsreadType, "string">, little: boolean): ScalarValue {
  switch (type) {
    case "bool":
      return view.getUint8(0) !== 0;
    case "int8":
      return view.getInt8(0);
    case "uint8":
      return view.getUint8(0);
    case "int16":
      return view.getInt16(0, little);
    case "uint16":
      return view.getUint16(0, little);
    case "int32":
      return view.getInt32(0, little);
    case "uint32":
      return view.getUint32(0, little);
    case "int64":
      return view.getBigInt64(0, little);
    case "uint64":
      return view.getBigUint64(0, little);
    case "float32":
      return view.getFloat32(0, little);
    case "float64":
      return view.getFloat64(0, little);
  }
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Converts decoded bytes. Throws CorruptDataError when the length does not fit the shape
 * (strings excepted) and Utf8Error for invalid UTF-8. 0 bytes is null, or "" for a string.
 */
export function convertValue(bytes: Uint8Array, type: BsreadType, shape: readonly number[], littleEndian: boolean): ChannelValue {
  if (type === "string") {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new Utf8Error("string value is not valid UTF-8");
    }
  }
  if (bytes.length === 0) return null;
  const size = elementSize(type);
  const count = elementCount(shape);
  if (bytes.length !== count * size) {
    throw new CorruptDataError(`value has ${bytes.length} bytes, shape [${shape.join(", ")}] of ${type} needs ${count * size}`);
  }
  if (isScalarShape(shape)) {
    return readScalar(new DataView(bytes.buffer, bytes.byteOffset, bytes.length), type, littleEndian);
  }
  const out = new ARRAY_TYPES[type](count);
  const outBytes = new Uint8Array(out.buffer);
  outBytes.set(bytes);
  if (size > 1 && littleEndian !== HOST_IS_LITTLE_ENDIAN) swapBytes(outBytes, size);
  if (type === "bool") for (let i = 0; i < count; i++) outBytes[i] = outBytes[i] !== 0 ? 1 : 0;
  return out;
}

/** Writes one scalar at `offset` (the encoder's allocation-free path for uncompressed scalars). */
export function writeScalar(view: DataView, offset: number, type: Exclude<BsreadType, "string">, value: number | bigint | boolean, little: boolean): void {
  const n = typeof value === "number" ? value : Number(value);
  switch (type) {
    case "bool":
      return view.setUint8(offset, value ? 1 : 0);
    case "int8":
      return view.setInt8(offset, n);
    case "uint8":
      return view.setUint8(offset, n);
    case "int16":
      return view.setInt16(offset, n, little);
    case "uint16":
      return view.setUint16(offset, n, little);
    case "int32":
      return view.setInt32(offset, n, little);
    case "uint32":
      return view.setUint32(offset, n, little);
    case "int64":
      return view.setBigInt64(offset, typeof value === "bigint" ? value : BigInt(Math.trunc(n)), little);
    case "uint64":
      return view.setBigUint64(offset, typeof value === "bigint" ? value : BigInt(Math.trunc(n)), little);
    case "float32":
      return view.setFloat32(offset, n, little);
    case "float64":
      return view.setFloat64(offset, n, little);
  }
}

/** The reverse, for the encoder: JS value -> bytes in the given byte order. */
export function valueToBytes(value: Exclude<ChannelValue, null> | readonly number[] | readonly boolean[], type: BsreadType, littleEndian: boolean): Uint8Array {
  if (type === "string") {
    if (typeof value !== "string") throw new TypeError("a string channel needs a string value");
    return new TextEncoder().encode(value);
  }
  const size = elementSize(type);
  // A typed array of the channel's own type in host order goes out as is, without a copy.
  if (value instanceof ARRAY_TYPES[type] && (size === 1 || littleEndian === HOST_IS_LITTLE_ENDIAN) && type !== "bool") {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  const items: ArrayLike<number | bigint | boolean> =
    typeof value === "object" ? (value as ArrayLike<number | bigint | boolean>) : [value as number | bigint | boolean];
  const out = new ARRAY_TYPES[type](items.length);
  for (let i = 0; i < items.length; i++) {
    const v = items[i]!;
    if (type === "int64" || type === "uint64") {
      (out as BigInt64Array)[i] = typeof v === "bigint" ? v : BigInt(typeof v === "boolean" ? Number(v) : Math.trunc(v));
    } else {
      (out as Float64Array)[i] = typeof v === "bigint" ? Number(v) : Number(v);
    }
  }
  const bytes = new Uint8Array(out.buffer);
  if (size > 1 && littleEndian !== HOST_IS_LITTLE_ENDIAN) swapBytes(bytes, size);
  return bytes;
}
