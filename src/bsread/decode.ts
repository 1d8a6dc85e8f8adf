/**
 * Message decoding. Reading a message costs the main header JSON and, per channel, nothing
 * until asked: `isEmpty(i)` / `byteLength(i)` look at frame lengths only, timestamps and
 * values are read on demand, and channel objects are created only if `channels` is used.
 */
import { decompress } from "./compression.js";
import { DataHeaderCache, type ChannelInfo, type ChannelLayout, type DataHeader } from "./data-header.js";
import { BsreadDecodeError, BsreadProtocolError, CorruptDataError } from "./errors.js";
import { parseMainHeader, type MainHeader, type Timestamp } from "./main-header.js";
import type { Compression } from "./types.js";
import { Utf8Error, convertValue, type ChannelValue } from "./value-conversion.js";

const TIMESTAMP_BYTES = 16;

/** One channel of one message. */
export interface DecodedChannel extends ChannelInfo {
  /** Empty value frame: the channel has no value in this pulse. */
  readonly isEmpty: boolean;
  /** Length of the value frame as received (compressed). */
  readonly byteLength: number;
  /** The channel's own timestamp, null when absent, empty or malformed. */
  readonly timestamp: Timestamp | null;
  /** The timestamp frame is neither 0 nor 16 bytes (or missing while the value is there). */
  readonly timestampError: boolean;
  /** Decompresses and converts on every call; throws BsreadDecodeError for this channel only. */
  value(): ChannelValue;
}

function readInt64(view: DataView, offset: number, little: boolean): number {
  const high = view.getInt32(offset + (little ? 4 : 0), little);
  const low = view.getUint32(offset + (little ? 0 : 4), little);
  return high * 4294967296 + low;
}

export class DecodedMessage {
  readonly htype: string;
  readonly pulseId: number;
  readonly globalTimestamp: Timestamp;
  /** Opaque data header cache key as sent; never validated. */
  readonly hash: string | undefined;
  readonly dhCompression: Compression;
  private channelViews: DecodedChannel[] | undefined;

  constructor(
    readonly mainHeader: MainHeader,
    readonly dataHeader: DataHeader,
    /** The data header hash differs from the previous message of the same stream (or there was none). */
    readonly formatChanged: boolean,
    readonly frames: readonly Uint8Array[],
  ) {
    this.htype = mainHeader.htype;
    this.pulseId = mainHeader.pulseId;
    this.globalTimestamp = mainHeader.globalTimestamp;
    this.hash = mainHeader.hash;
    this.dhCompression = mainHeader.dhCompression;
  }

  get channelCount(): number {
    return this.dataHeader.channels.length;
  }

  /** Index of a channel by name, -1 when the header does not declare it. */
  indexOf(name: string): number {
    return this.dataHeader.indexByName.get(name) ?? -1;
  }

  /** False also when the frame is missing altogether (then value() throws VALUE_FRAME_MISSING). */
  isEmpty(index: number): boolean {
    const frame = this.frames[2 + 2 * index];
    return frame !== undefined && frame.length === 0;
  }

  byteLength(index: number): number {
    return this.frames[2 + 2 * index]?.length ?? 0;
  }

  timestampError(index: number): boolean {
    const value = this.frames[2 + 2 * index];
    if (value === undefined || value.length === 0) return false;
    const ts = this.frames[3 + 2 * index];
    return ts === undefined || (ts.length !== 0 && ts.length !== TIMESTAMP_BYTES);
  }

  timestamp(index: number): Timestamp | null {
    const value = this.frames[2 + 2 * index];
    const ts = this.frames[3 + 2 * index];
    if (value === undefined || value.length === 0 || ts === undefined || ts.length !== TIMESTAMP_BYTES) return null;
    const little = this.dataHeader.channels[index]!.littleEndian;
    const view = new DataView(ts.buffer, ts.byteOffset, TIMESTAMP_BYTES);
    return { sec: readInt64(view, 0, little), ns: readInt64(view, 8, little) };
  }

  value(index: number): ChannelValue {
    const layout = this.dataHeader.channels[index];
    if (layout === undefined) throw new RangeError(`channel index ${index} out of range`);
    return decodeValue(layout, this.frames[2 + 2 * index]);
  }

  get channels(): readonly DecodedChannel[] {
    this.channelViews ??= this.dataHeader.channels.map((layout, i) => channelView(this, layout, i));
    return this.channelViews;
  }

  channel(name: string): DecodedChannel | undefined {
    const i = this.indexOf(name);
    return i < 0 ? undefined : this.channels[i];
  }
}

function channelView(message: DecodedMessage, layout: ChannelLayout, index: number): DecodedChannel {
  return {
    name: layout.name,
    type: layout.type,
    shape: layout.shape,
    encoding: layout.encoding,
    compression: layout.compression,
    modulo: layout.modulo,
    offset: layout.offset,
    isEmpty: message.isEmpty(index),
    byteLength: message.byteLength(index),
    get timestamp() {
      return message.timestamp(index);
    },
    timestampError: message.timestampError(index),
    value: () => message.value(index),
  };
}

function decodeValue(layout: ChannelLayout, frame: Uint8Array | undefined): ChannelValue {
  const name = layout.name;
  if (frame === undefined) throw new BsreadDecodeError("VALUE_FRAME_MISSING", name, "value frame missing");
  if (frame.length === 0) return null;
  if (layout.knownType === undefined) throw new BsreadDecodeError("UNKNOWN_TYPE", name, `unknown type "${layout.type}"`);
  if (layout.knownCompression === undefined) {
    throw new BsreadDecodeError("UNKNOWN_COMPRESSION", name, `unknown compression "${layout.compression}"`);
  }
  let bytes: Uint8Array;
  try {
    bytes = decompress(frame, layout.knownCompression, {
      elementSize: layout.elementSize,
      littleEndian: layout.littleEndian,
      expectedSize: layout.expectedBytes,
    });
  } catch (err) {
    if (err instanceof CorruptDataError) throw new BsreadDecodeError("DECOMPRESSION_FAILED", name, err.message, { cause: err });
    throw err;
  }
  try {
    // decompress() returns the ZeroMQ frame itself for "none" (never handed over) and a fresh
    // buffer of its own for "lz4" / "bitshuffle_lz4", which the value may keep without a copy.
    return convertValue(bytes, layout.knownType, layout.shape, layout.littleEndian, layout.knownCompression !== "none");
  } catch (err) {
    if (err instanceof Utf8Error) throw new BsreadDecodeError("INVALID_UTF8", name, err.message, { cause: err });
    if (err instanceof CorruptDataError) throw new BsreadDecodeError("VALUE_SIZE_MISMATCH", name, err.message, { cause: err });
    throw err;
  }
}

/**
 * Decodes the messages of one stream: caches data headers by hash and reports format
 * changes. Use one per connection.
 */
export class MessageDecoder {
  /** The last message's hash, or its header object for senders that send no hash. */
  private lastFormat: unknown = undefined;

  constructor(private readonly cache = new DataHeaderCache()) {}

  /**
   * Throws BsreadProtocolError when the message is unusable. FRAME_COUNT_MISMATCH carries
   * the leniently decoded DecodedMessage as `partial`; NOT_A_DATA_MESSAGE the command header.
   */
  decode(frames: readonly Uint8Array[]): DecodedMessage {
    if (frames.length === 0) throw new BsreadProtocolError("NO_FRAMES", "message has no frames");
    const main = parseMainHeader(frames[0]!);
    if (frames.length < 2) {
      throw new BsreadProtocolError("DATA_HEADER_MISSING", "message has no data header frame", { mainHeader: main });
    }
    let header: DataHeader;
    try {
      header = this.cache.resolve(main, frames[1]!);
    } catch (err) {
      throw err instanceof BsreadProtocolError ? err.withMainHeader(main) : err;
    }
    const format = main.hash ?? header;
    const formatChanged = format !== this.lastFormat;
    this.lastFormat = format;
    const message = new DecodedMessage(main, header, formatChanged, frames);
    const expected = 2 + 2 * header.channels.length;
    if (frames.length !== expected) {
      throw new BsreadProtocolError("FRAME_COUNT_MISMATCH", `frame count mismatch: expected ${expected}, got ${frames.length}`, {
        partial: message,
      });
    }
    return message;
  }
}

const sharedCache = new DataHeaderCache();

/**
 * Decodes one message. Data headers are cached by hash across calls; each call counts as
 * the first message of its stream (formatChanged is true). Use MessageDecoder for a stream.
 */
export function decodeMessage(frames: readonly Uint8Array[]): DecodedMessage {
  return new MessageDecoder(sharedCache).decode(frames);
}
