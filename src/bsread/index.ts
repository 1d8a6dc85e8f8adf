/**
 * bsread for TypeScript: SwissFEL's beam-synchronous data protocol (ZeroMQ multipart,
 * one message per pulse). Public module `channelwatch/bsread`.
 */
export { decodeMessage, MessageDecoder, DecodedMessage, type DecodedChannel } from "./decode.js";
export {
  encodeMessage,
  prepareLayout,
  EncodedValue,
  MessageEncoder,
  type ChannelToSend,
  type ChannelLayoutToSend,
  type PreparedLayout,
  type MessageToSend,
  type EncodeOptions,
  type ValueToSend,
} from "./encode.js";
export { Receiver, normalizeAddress, type ReceiverOptions, type ReceiverStats, type ReceiverEvents, type ReceiveMode } from "./receiver.js";
export { Sender, type SenderOptions, type SenderStats, type SendMode } from "./sender.js";
export {
  BsreadProtocolError,
  BsreadDecodeError,
  type ProtocolErrorCode,
  type DecodeErrorCode,
  type ProtocolErrorDetails,
} from "./errors.js";
export { DataHeaderCache, parseDataHeader, type ChannelInfo, type DataHeader } from "./data-header.js";
export { parseMainHeader, type MainHeader, type CommandHeader, type Timestamp } from "./main-header.js";
export { BSREAD_TYPES, elementSize, type BsreadType, type Encoding, type Compression } from "./types.js";
export type { ChannelValue, ScalarValue, ArrayValue } from "./value-conversion.js";
export { lz4Compress } from "./lz4-compress.js";
export { lz4Decompress } from "./lz4-decompress.js";
export { bitshuffleLz4Compress, bitshuffleLz4Decompress } from "./bitshuffle.js";
