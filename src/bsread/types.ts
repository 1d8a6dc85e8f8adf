/** The bsread value types, their element sizes and how to read them. */

export type BsreadType =
  | "bool"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "float32"
  | "float64"
  | "string";

export type Encoding = "little" | "big";
export type Compression = "none" | "bitshuffle_lz4" | "lz4";

export const COMPRESSIONS: readonly Compression[] = ["none", "bitshuffle_lz4", "lz4"];

export interface TypeInfo {
  readonly type: BsreadType;
  readonly elementSize: number;
}

const ELEMENT_SIZES: Record<BsreadType, number> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8,
  string: 1,
};

export const BSREAD_TYPES = Object.keys(ELEMENT_SIZES) as BsreadType[];

/** Type names as found on the wire; Java reads them case-insensitively. */
export function parseType(name: string): BsreadType | undefined {
  const lower = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(ELEMENT_SIZES, lower) ? (lower as BsreadType) : undefined;
}

export function elementSize(type: BsreadType): number {
  return ELEMENT_SIZES[type];
}

export function isCompression(name: string): name is Compression {
  return (COMPRESSIONS as readonly string[]).includes(name);
}

/** Number of elements a shape describes; `[]` and `[0]` count as one (scalar), as daqbuffer does. */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return shape.length === 0 || n === 0 ? 1 : n;
}

export function isScalarShape(shape: readonly number[]): boolean {
  return shape.length === 0 || (shape.length === 1 && (shape[0] === 1 || shape[0] === 0));
}

export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
