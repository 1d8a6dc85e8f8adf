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
import { valueToBytes, type ChannelValue } from "./value-conversion.js";

export type ValueToSend = ChannelValue | readonly number[] | readonly boolean[];

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
  if (value === null || typeof value !== "object") return [1];
  return [(value as ArrayLike<unknown>).length];
}

interface ResolvedChannel {
  name: string;
  type: BsreadType;
  shape: readonly number[];
  encoding: Encoding;
  compression: Compression;
  header: Record<string, unknown>;
}

function resolveChannel(c: ChannelToSend): ResolvedChannel {
  if (typeof c.name !== "string" || c.name === "") throw new BsreadProtocolError("ENCODE_INVALID", "every channel needs a name");
  const type = c.type ?? inferType(c.value);
  if (parseType(type) !== type) throw new BsreadProtocolError("ENCODE_INVALID", `channel ${c.name}: unknown type ${type}`);
  const shape = c.shape ?? inferShape(c.value);
  const encoding = c.encoding ?? "little";
  const compression = c.compression ?? "none";
  const header: Record<string, unknown> = { name: c.name, type, shape: [...shape], encoding };
  if (compression !== "none") header.compression = compression;
  if (c.modulo !== undefined) header.modulo = c.modulo;
  if (c.offset !== undefined) header.offset = c.offset;
  return { name: c.name, type, shape, encoding, compression, header };
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

interface EncodedDataHeader {
  frame: Uint8Array;
  hash: string;
}

/**
 * Encodes messages; caches the encoded data header while the channel layout stays the
 * same, so a steady stream pays JSON + compression + md5 once, not every pulse.
 */
export class MessageEncoder {
  private cachedKey: string | undefined;
  private cachedHeader: EncodedDataHeader | undefined;

  constructor(private readonly options: EncodeOptions = {}) {}

  encode(message: MessageToSend): Uint8Array[] {
    if (!Number.isSafeInteger(message.pulseId) || message.pulseId < 0) {
      throw new BsreadProtocolError("ENCODE_INVALID", `pulse id must be a non-negative integer, got ${message.pulseId}`);
    }
    const channels = message.channels.map(resolveChannel);
    const dhCompression = message.dataHeaderCompression ?? "none";
    const { frame: dataHeader, hash } = this.dataHeader(channels, dhCompression);
    const globalTimestamp = message.globalTimestamp ?? nowTimestamp();
    const main: Record<string, unknown> = { htype: "bsr_m-1.1" };
    if (dhCompression !== "none") main.dh_compression = dhCompression;
    main.hash = hash;
    main.pulse_id = message.pulseId;
    main.global_timestamp = { sec: globalTimestamp.sec, ns: globalTimestamp.ns };
    const frames: Uint8Array[] = [encoder.encode(pythonJson(main)), dataHeader];
    const channelOrderPrefix = this.options.lz4Prefix === "channel";
    message.channels.forEach((input, i) => {
      const c = channels[i]!;
      if (input.value === null) {
        frames.push(EMPTY, EMPTY);
        return;
      }
      const little = c.encoding === "little";
      let raw: Uint8Array;
      try {
        raw = valueToBytes(input.value, c.type, little);
      } catch (err) {
        throw new BsreadProtocolError("ENCODE_INVALID", `channel ${c.name}: ${(err as Error).message}`, { cause: err });
      }
      frames.push(
        compress(raw, c.compression, { elementSize: elementSize(c.type), lz4PrefixLittle: channelOrderPrefix ? little : true }),
        timestampFrame(input.timestamp ?? globalTimestamp, little),
      );
    });
    return frames;
  }

  private dataHeader(channels: readonly ResolvedChannel[], dhCompression: Compression): EncodedDataHeader {
    const json = pythonJson({ htype: "bsr_d-1.1", channels: channels.map((c) => c.header) });
    const key = `${dhCompression}\n${json}`;
    if (key === this.cachedKey && this.cachedHeader) return this.cachedHeader;
    // Data headers use element size 1 and, in channel-order mode, a big-endian lz4 prefix.
    const frame = compress(encoder.encode(json), dhCompression, {
      elementSize: 1,
      lz4PrefixLittle: this.options.lz4Prefix !== "channel",
    });
    const header = { frame, hash: createHash("md5").update(frame).digest("hex") };
    this.cachedKey = key;
    this.cachedHeader = header;
    return header;
  }
}

/** Encodes one message into its ZeroMQ frames. */
export function encodeMessage(message: MessageToSend, options?: EncodeOptions): Uint8Array[] {
  return new MessageEncoder(options).encode(message);
}
