/**
 * The two error types the decoder ever throws. `BsreadProtocolError` means the message
 * as a whole is unusable (or only partly usable: see `partial`); `BsreadDecodeError`
 * concerns one channel's value and never affects the other channels.
 */

import type { DecodedMessage } from "./decode.js";
import type { CommandHeader, MainHeader } from "./main-header.js";

export type ProtocolErrorCode =
  | "NO_FRAMES"
  | "MAIN_HEADER_INVALID"
  | "NOT_A_DATA_MESSAGE"
  | "DATA_HEADER_MISSING"
  | "DATA_HEADER_DECOMPRESSION"
  | "DATA_HEADER_INVALID"
  | "FRAME_COUNT_MISMATCH"
  | "ENCODE_INVALID";

export type DecodeErrorCode =
  | "UNKNOWN_TYPE"
  | "UNKNOWN_COMPRESSION"
  | "DECOMPRESSION_FAILED"
  | "VALUE_SIZE_MISMATCH"
  | "INVALID_UTF8"
  | "VALUE_FRAME_MISSING";

export interface ProtocolErrorDetails {
  cause?: unknown;
  /** FRAME_COUNT_MISMATCH: what a lenient decoder still recovers (missing channels throw VALUE_FRAME_MISSING). */
  partial?: DecodedMessage;
  /** NOT_A_DATA_MESSAGE: the command (bsr_stop-1.0, bsr_reconnect-1.0, ...). */
  command?: CommandHeader;
  /** Set whenever frame 0 was readable: pulse id and time of the unusable message. */
  mainHeader?: MainHeader;
}

export class BsreadProtocolError extends Error {
  override readonly name = "BsreadProtocolError";
  readonly partial?: DecodedMessage;
  readonly command?: CommandHeader;
  readonly mainHeader?: MainHeader;

  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    details: ProtocolErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.partial = details.partial;
    this.command = details.command;
    this.mainHeader = details.mainHeader ?? details.partial?.mainHeader;
  }

  /** The same error, now knowing the message's main header. */
  withMainHeader(mainHeader: MainHeader): BsreadProtocolError {
    return new BsreadProtocolError(this.code, this.message, {
      cause: this.cause,
      partial: this.partial,
      command: this.command,
      mainHeader,
    });
  }
}

export class BsreadDecodeError extends Error {
  override readonly name = "BsreadDecodeError";

  constructor(
    readonly code: DecodeErrorCode,
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${channel}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Internal: thrown by the codecs, turned into a BsreadDecodeError / BsreadProtocolError by the caller. */
export class CorruptDataError extends Error {
  override readonly name = "CorruptDataError";
}
