/**
 * Frame 1: the data header. Parsed once per main-header hash and cached; defaults are
 * applied as Java/IOC senders omit fields (Java sends only non-default ones).
 */
import { decompress } from "./compression.js";
import { BsreadProtocolError, CorruptDataError } from "./errors.js";
import { parseJsonObject } from "./json-frame.js";
import type { MainHeader } from "./main-header.js";
import { elementCount, elementSize, isCompression, parseType, type BsreadType, type Compression, type Encoding } from "./types.js";

/** One channel as the data header declares it, defaults applied. */
export interface ChannelInfo {
  readonly name: string;
  /** As declared; may be a type this decoder does not know (its value() then throws). */
  readonly type: BsreadType | (string & {});
  readonly shape: readonly number[];
  readonly encoding: Encoding;
  readonly compression: Compression | (string & {});
  readonly modulo: number;
  readonly offset: number;
}

/** ChannelInfo plus what the decoder precomputes once per header. */
export interface ChannelLayout extends ChannelInfo {
  readonly knownType: BsreadType | undefined;
  readonly knownCompression: Compression | undefined;
  readonly littleEndian: boolean;
  readonly elementSize: number;
  /** Decoded byte length the shape implies; undefined for strings and unknown types. */
  readonly expectedBytes: number | undefined;
}

export interface DataHeader {
  readonly htype: string;
  readonly channels: readonly ChannelLayout[];
  /** name -> index in channels (first occurrence). */
  readonly indexByName: ReadonlyMap<string, number>;
}

function invalid(message: string): BsreadProtocolError {
  return new BsreadProtocolError("DATA_HEADER_INVALID", `data header ${message}`);
}

function nonNegativeInteger(value: unknown, fallback: number, what: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw invalid(`${what} is not a non-negative integer`);
  return value;
}

function channelLayout(raw: unknown, index: number): ChannelLayout {
  if (typeof raw !== "object" || raw === null) throw invalid(`channel ${index} is not an object`);
  const c = raw as Record<string, unknown>;
  if (typeof c.name !== "string" || c.name === "") throw invalid(`channel ${index} has no name`);
  const name = c.name;
  const type = c.type === undefined ? "float64" : c.type;
  if (typeof type !== "string") throw invalid(`channel ${name}: type is not a string`);
  const shapeRaw = c.shape === undefined || c.shape === null ? [1] : c.shape;
  if (!Array.isArray(shapeRaw) || shapeRaw.some((d) => typeof d !== "number" || !Number.isSafeInteger(d) || d < 0)) {
    throw invalid(`channel ${name}: shape is not a list of non-negative integers`);
  }
  const encodingRaw = c.encoding ?? "little";
  if (typeof encodingRaw !== "string") throw invalid(`channel ${name}: encoding is not a string`);
  // Java treats any spelling containing "big" as big endian; Rust also accepts ">".
  const encoding: Encoding = encodingRaw.toLowerCase().includes("big") || encodingRaw === ">" ? "big" : "little";
  const compression = c.compression === undefined || c.compression === null ? "none" : c.compression;
  if (typeof compression !== "string") throw invalid(`channel ${name}: compression is not a string`);
  const modulo = nonNegativeInteger(c.modulo, 1, `channel ${name}: modulo`);
  const offset = nonNegativeInteger(c.offset, 0, `channel ${name}: offset`);
  const knownType = parseType(type);
  const shape = shapeRaw as number[];
  const size = knownType ? elementSize(knownType) : 1;
  return {
    name,
    type: knownType ?? type,
    shape,
    encoding,
    compression,
    modulo: modulo === 0 ? 1 : modulo,
    offset,
    knownType,
    knownCompression: isCompression(compression) ? compression : undefined,
    littleEndian: encoding === "little",
    elementSize: size,
    expectedBytes: knownType && knownType !== "string" ? elementCount(shape) * size : undefined,
  };
}

/** Decompresses and parses frame 1. Throws BsreadProtocolError. */
export function parseDataHeader(frame: Uint8Array, compression: Compression): DataHeader {
  let bytes: Uint8Array;
  try {
    bytes = decompress(frame, compression, { elementSize: 1, littleEndian: false });
  } catch (err) {
    if (err instanceof CorruptDataError) {
      throw new BsreadProtocolError("DATA_HEADER_DECOMPRESSION", `data header cannot be decompressed (${err.message})`, { cause: err });
    }
    throw err;
  }
  const json = parseJsonObject(bytes);
  if (typeof json === "string") throw invalid(json);
  if (!Array.isArray(json.channels)) throw invalid("has no channels list");
  const channels = json.channels.map(channelLayout);
  const indexByName = new Map<string, number>();
  channels.forEach((c, i) => {
    if (!indexByName.has(c.name)) indexByName.set(c.name, i);
  });
  return { htype: typeof json.htype === "string" ? json.htype : "bsr_d-1.1", channels, indexByName };
}

const DEFAULT_CACHE_ENTRIES = 64;

/**
 * Parsed data headers by main-header hash, failures included (a corrupt header is not
 * decompressed again for every message). Bounded: oldest entries go first.
 */
export class DataHeaderCache {
  private readonly byHash = new Map<string, DataHeader | BsreadProtocolError>();
  private unhashed: { bytes: Uint8Array; compression: Compression; header: DataHeader } | undefined;

  constructor(private readonly maxEntries = DEFAULT_CACHE_ENTRIES) {}

  get size(): number {
    return this.byHash.size;
  }

  /** The data header for this message, parsed only when its hash is new. Throws BsreadProtocolError. */
  resolve(main: MainHeader, frame: Uint8Array): DataHeader {
    const hash = main.hash;
    if (hash === undefined) return this.resolveUnhashed(main.dhCompression, frame);
    let entry = this.byHash.get(hash);
    if (entry === undefined) {
      try {
        entry = parseDataHeader(frame, main.dhCompression);
      } catch (err) {
        if (!(err instanceof BsreadProtocolError)) throw err;
        entry = err;
      }
      if (this.byHash.size >= this.maxEntries) this.byHash.delete(this.byHash.keys().next().value!);
      this.byHash.set(hash, entry);
    }
    if (entry instanceof BsreadProtocolError) throw entry;
    return entry;
  }

  private resolveUnhashed(compression: Compression, frame: Uint8Array): DataHeader {
    const last = this.unhashed;
    if (last && last.compression === compression && bytesEqual(last.bytes, frame)) return last.header;
    const header = parseDataHeader(frame, compression);
    this.unhashed = { bytes: frame.slice(), compression, header };
    return header;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
