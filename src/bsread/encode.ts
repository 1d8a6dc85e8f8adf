/**
 * Message encoding, byte-identical to the reference Python sender (bsread_python 2.0.2)
 * for the same input: its JSON layout and key order, md5 of frame 1 as sent, and its lz4
 * size prefixes (little endian) unless told to write them in channel order like IOC/Java.
 */
import { createHash } from "node:crypto";
import { compress } from "./compression.js";
import { BsreadProtocolError } from "./errors.js";
import { pythonJson } from "./json-frame.js";
import type { Timestamp } from "./main-header.js";
import { elementSize, parseType, type BsreadType, type Compression, type Encoding } from "./types.js";
import { valueToBytes, writeScalar, type ChannelValue } from "./value-conversion.js";

/**
 * A value frame already in wire form (compressed as its channel declares): sent as is.
 * For senders that repeat costly values, e.g. an emulator cycling camera images.
 */
export class EncodedValue {
  constructor(readonly frame: Uint8Array) {}
}

export type ValueToSend = ChannelValue | readonly number[] | readonly boolean[] | EncodedValue;

export interface ChannelToSend {
  name: string;
  /** Inferred from the value when absent (number -> float64, bigint -> int64, typed arrays by kind). */
  type?: BsreadType;
  /** Inferred when absent: [1] for scalars and strings, [length] for arrays. Fastest dimension first. */
  shape?: readonly number[];
  encoding?: Encoding;
  compression?: Compression;
  /** Written to the data header only when given, as Python does. */
  modulo?: number;
  offset?: number;
  /** null sends two empty frames: no value this pulse. */
  value: ValueToSend;
  /** Defaults to the message's global timestamp. */
  timestamp?: Timestamp;
}

export interface MessageToSend {
  pulseId: number;
  /** Defaults to the current time. */
  globalTimestamp?: Timestamp;
  channels: readonly ChannelToSend[];
  dataHeaderCompression?: Compression;
}

export interface EncodeOptions {
  /**
   * Byte order of lz4 size prefixes: "little" as bsread_python writes (default), or
   * "channel" as the IOC, Java and Rust write (channel encoding; big for the data header).
   */
  lz4Prefix?: "little" | "channel";
}

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

function inferType(value: ValueToSend): BsreadType {
  if (value === null) return "float64";
  if (value instanceof EncodedValue) throw new BsreadProtocolError("ENCODE_INVALID", "an encoded value needs an explicit type and shape");
  if (typeof value === "number") return "float64";
  if (typeof value === "bigint") return "int64";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "string") return "string";
  if (Array.isArray(value)) return value.length > 0 && typeof value[0] === "boolean" ? "bool" : "float64";
  if (value instanceof Float64Array) return "float64";
  if (value instanceof Float32Array) return "float32";
  if (value instanceof Int8Array) return "int8";
  if (value instanceof Uint8Array) return "uint8";
  if (value instanceof Int16Array) return "int16";
  if (value instanceof Uint16Array) return "uint16";
  if (value instanceof Int32Array) return "int32";
  if (value instanceof Uint32Array) return "uint32";
  if (value instanceof BigInt64Array) return "int64";
  if (value instanceof BigUint64Array) return "uint64";
  throw new BsreadProtocolError("ENCODE_INVALID", "cannot infer a bsread type for this value");
}

function inferShape(value: ValueToSend): number[] {
  if (value === null || typeof value !== "object" || value instanceof EncodedValue) return [1];
  return [(value as ArrayLike<unknown>).length];
}

/** A channel's metadata, resolved: what the data header says about it. */
export interface ChannelLayoutToSend {
  readonly name: string;
  readonly type: BsreadType;
  readonly shape: readonly number[];
  readonly encoding: Encoding;
  readonly compression: Compression;
  readonly modulo?: number;
  readonly offset?: number;
}

/**
 * A channel set encoded once: its data header frame and hash. A stream whose channels stay
 * the same reuses it every pulse instead of paying JSON + compression + md5 again.
 */
export interface PreparedLayout {
  readonly channels: readonly ChannelLayoutToSend[];
  readonly dataHeaderCompression: Compression;
  readonly dataHeader: Uint8Array;
  readonly hash: string;
}

function resolveChannel(c: ChannelToSend): ChannelLayoutToSend {
  const type = c.type ?? inferType(c.value);
  return {
    name: c.name,
    type,
    shape: c.shape ?? inferShape(c.value),
    encoding: c.encoding ?? "little",
    compression: c.compression ?? "none",
    modulo: c.modulo,
    offset: c.offset,
  };
}

function validateChannel(c: ChannelLayoutToSend): void {
  if (typeof c.name !== "string" || c.name === "") throw new BsreadProtocolError("ENCODE_INVALID", "every channel needs a name");
  if (parseType(c.type) !== c.type) throw new BsreadProtocolError("ENCODE_INVALID", `channel ${c.name}: unknown type ${String(c.type)}`);
}

function headerEntry(c: ChannelLayoutToSend): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: c.name, type: c.type, shape: [...c.shape], encoding: c.encoding };
  if (c.compression !== "none") entry.compression = c.compression;
  if (c.modulo !== undefined) entry.modulo = c.modulo;
  if (c.offset !== undefined) entry.offset = c.offset;
  return entry;
}

/** Encodes the data header of a channel set (see PreparedLayout). */
export function prepareLayout(
  channels: readonly ChannelLayoutToSend[],
  dataHeaderCompression: Compression = "none",
  options: EncodeOptions = {},
): PreparedLayout {
  channels.forEach(validateChannel);
  const json = pythonJson({ htype: "bsr_d-1.1", channels: channels.map(headerEntry) });
  // Data headers use element size 1 and, in channel-order mode, a big-endian lz4 prefix.
  const dataHeader = compress(encoder.encode(json), dataHeaderCompression, {
    elementSize: 1,
    lz4PrefixLittle: options.lz4Prefix !== "channel",
  });
  return { channels, dataHeaderCompression, dataHeader, hash: createHash("md5").update(dataHeader).digest("hex") };
}

function timestampFrame(ts: Timestamp, little: boolean): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, BigInt(ts.sec), little);
  view.setBigInt64(8, BigInt(ts.ns), little);
  return out;
}

function nowTimestamp(): Timestamp {
  const ms = Date.now();
  return { sec: Math.floor(ms / 1000), ns: (ms % 1000) * 1_000_000 };
}

function layoutKey(channels: readonly ChannelLayoutToSend[], dhCompression: Compression): string {
  let key = dhCompression;
  for (const c of channels) key += `\n${c.name}\t${c.type}\t${c.shape.join(",")}\t${c.encoding}\t${c.compression}\t${c.modulo ?? ""}\t${c.offset ?? ""}`;
  return key;
}

/**
 * Encodes messages. `encode` keeps the last channel layout and reuses its data header
 * while the layout stays the same; `encodeValues` takes a layout prepared in advance.
 */
export class MessageEncoder {
  private cachedKey: string | undefined;
  private cachedLayout: PreparedLayout | undefined;

  constructor(private readonly options: EncodeOptions = {}) {}

  prepare(channels: readonly ChannelLayoutToSend[], dataHeaderCompression: Compression = "none"): PreparedLayout {
    return prepareLayout(channels, dataHeaderCompression, this.options);
  }

  encode(message: MessageToSend): Uint8Array[] {
    const channels = message.channels.map(resolveChannel);
    const dhCompression = message.dataHeaderCompression ?? "none";
    const key = layoutKey(channels, dhCompression);
    if (key !== this.cachedKey || !this.cachedLayout) {
      this.cachedLayout = this.prepare(channels, dhCompression);
      this.cachedKey = key;
    }
    return this.encodeValues(
      this.cachedLayout,
      message.pulseId,
      message.globalTimestamp,
      message.channels.map((c) => c.value),
      message.channels.map((c) => c.timestamp),
    );
  }

  /**
   * Encodes one pulse of a prepared layout: `values[i]` belongs to `layout.channels[i]`
   * (null: no value this pulse); a missing timestamp means the global one.
   */
  encodeValues(
    layout: PreparedLayout,
    pulseId: number,
    globalTimestamp: Timestamp | undefined,
    values: readonly ValueToSend[],
    timestamps?: readonly (Timestamp | undefined)[],
  ): Uint8Array[] {
    if (!Number.isSafeInteger(pulseId) || pulseId < 0) {
      throw new BsreadProtocolError("ENCODE_INVALID", `pulse id must be a non-negative integer, got ${pulseId}`);
    }
    if (values.length !== layout.channels.length) {
      throw new BsreadProtocolError("ENCODE_INVALID", `${values.length} values for ${layout.channels.length} channels`);
    }
    const ts = globalTimestamp ?? nowTimestamp();
    const main: Record<string, unknown> = { htype: "bsr_m-1.1" };
    if (layout.dataHeaderCompression !== "none") main.dh_compression = layout.dataHeaderCompression;
    main.hash = layout.hash;
    main.pulse_id = pulseId;
    main.global_timestamp = { sec: ts.sec, ns: ts.ns };
    const frames: Uint8Array[] = new Array(2 + 2 * values.length);
    frames[0] = encoder.encode(pythonJson(main));
    frames[1] = layout.dataHeader;
    // One shared timestamp frame per byte order: most channels carry the global timestamp.
    let globalLittle: Uint8Array | undefined;
    let globalBig: Uint8Array | undefined;
    const channelOrderPrefix = this.options.lz4Prefix === "channel";
    // Uncompressed scalars share one fresh buffer per message instead of one each.
    const arena = new ByteArena();
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      if (value === null) {
        frames[2 + 2 * i] = EMPTY;
        frames[3 + 2 * i] = EMPTY;
        continue;
      }
      const c = layout.channels[i]!;
      const little = c.encoding === "little";
      if (value instanceof EncodedValue) {
        frames[2 + 2 * i] = value.frame;
      } else {
        try {
          if (c.compression === "none" && c.type !== "string" && (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")) {
            frames[2 + 2 * i] = arena.take(elementSize(c.type));
            writeScalar(arena.view, arena.lastOffset, c.type, value, little);
          } else {
            const raw = valueToBytes(value, c.type, little);
            frames[2 + 2 * i] = compress(raw, c.compression, { elementSize: elementSize(c.type), lz4PrefixLittle: channelOrderPrefix ? little : true });
          }
        } catch (err) {
          throw new BsreadProtocolError("ENCODE_INVALID", `channel ${c.name}: ${(err as Error).message}`, { cause: err });
        }
      }
      const own = timestamps?.[i];
      frames[3 + 2 * i] = own
        ? timestampFrame(own, little)
        : little
          ? (globalLittle ??= timestampFrame(ts, true))
          : (globalBig ??= timestampFrame(ts, false));
    }
    return frames;
  }
}

/** Hands out slices of fresh chunks; never reused, as ZeroMQ may still hold sent frames. */
class ByteArena {
  private static readonly CHUNK = 64 * 1024;
  private chunk = new Uint8Array(0);
  private used = 0;
  view = new DataView(this.chunk.buffer);
  lastOffset = 0;

  take(size: number): Uint8Array {
    if (this.used + size > this.chunk.length) {
      this.chunk = new Uint8Array(Math.max(ByteArena.CHUNK, size));
      this.view = new DataView(this.chunk.buffer);
      this.used = 0;
    }
    this.lastOffset = this.used;
    this.used += size;
    return this.chunk.subarray(this.lastOffset, this.used);
  }
}

/** Encodes one message into its ZeroMQ frames. */
export function encodeMessage(message: MessageToSend, options?: EncodeOptions): Uint8Array[] {
  return new MessageEncoder(options).encode(message);
}
