/**
 * Decoded value bytes -> JavaScript values: scalars for shape [1], typed arrays in wire
 * order otherwise, UTF-8 strings. A value never pins a ZeroMQ frame buffer in memory:
 * arrays are copies, except when the caller hands over a private buffer (`owned`, e.g. a
 * decompressor's fresh output), which is then wrapped without a second copy.
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
  new (buffer: ArrayBuffer, byteOffset: number, length: number): ArrayValue;
  readonly BYTES_PER_ELEMENT: number;
};

/** The typed array each numeric bsread type decodes to (bool: Uint8Array of 0/1). */
export const ARRAY_TYPES: Readonly<Record<Exclude<BsreadType, "string">, TypedArrayConstructor>> = {
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

/**
 * Scalars are read through this 8-byte scratch with a DataView made once: a DataView per
 * call (~85 ns, plus ~17 ns for `.buffer` of a Buffer) cost most of a scalar value().
 * The value's bytes are copied in first (at most 8), so any byteOffset works.
 */
const SCALAR_SCRATCH = new ArrayBuffer(8);
const SCALAR_BYTES = new Uint8Array(SCALAR_SCRATCH);
const SCALAR_VIEW = new DataView(SCALAR_SCRATCH);

/**
 * `bytes.length` is the type's element size (checked by the caller), so the size picks
 * the group of types first and at most two type names are compared.
 */
function readScalar(bytes: Uint8Array, type: Exclude<BsreadType, "string">, little: boolean): ScalarValue {
  const size = bytes.length;
  if (size === 1) {
    const b = bytes[0]!;
    return type === "bool" ? b !== 0 : type === "int8" ? (b << 24) >> 24 : b; // else uint8
  }
  const view = SCALAR_VIEW;
  const scratch = SCALAR_BYTES;
  for (let i = 0; i < size; i++) scratch[i] = bytes[i]!;
  if (size === 8) {
    return type === "float64" ? view.getFloat64(0, little) : type === "int64" ? view.getBigInt64(0, little) : view.getBigUint64(0, little);
  }
  if (size === 4) {
    return type === "float32" ? view.getFloat32(0, little) : type === "int32" ? view.getInt32(0, little) : view.getUint32(0, little);
  }
  return type === "int16" ? view.getInt16(0, little) : view.getUint16(0, little);
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
 *
 * `owned`: the caller hands `bytes` over — nobody else holds or reuses its ArrayBuffer and
 * it holds nothing else worth freeing (a decompressor's fresh output buffer). An array
 * value then wraps `bytes` in place (byte-swapped / bool-normalized in place when needed)
 * instead of copying it, provided `bytes.byteOffset` is a multiple of the element size.
 * Never pass true for bytes that are (a view of) a received ZeroMQ frame: the value would
 * pin the frame, and the frame would be modified in place. Scalars and strings never keep
 * a reference to `bytes` either way.
 */
export function convertValue(
  bytes: Uint8Array,
  type: BsreadType,
  shape: readonly number[],
  littleEndian: boolean,
  owned = false,
): ChannelValue {
  if (type === "string") {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new Utf8Error("string value is not valid UTF-8");
    }
  }
  if (bytes.length === 0) return null;
  const size = elementSize(type);
  const scalar = isScalarShape(shape);
  const count = scalar ? 1 : elementCount(shape); // elementCount of a scalar shape is 1
  if (bytes.length !== count * size) {
    throw new CorruptDataError(`value has ${bytes.length} bytes, shape [${shape.join(", ")}] of ${type} needs ${count * size}`);
  }
  if (scalar) return readScalar(bytes, type, littleEndian);
  if (owned && bytes.byteOffset % size === 0) {
    if (size > 1 && littleEndian !== HOST_IS_LITTLE_ENDIAN) swapBytes(bytes, size);
    if (type === "bool") for (let i = 0; i < count; i++) bytes[i] = bytes[i] !== 0 ? 1 : 0;
    return new ARRAY_TYPES[type](bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
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
