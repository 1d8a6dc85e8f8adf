/** Frame 0: the main header (bsr_m-1.1, older bsr_m-1.0, and Java's command messages). */
import { BsreadProtocolError } from "./errors.js";
import { parseJsonObject } from "./json-frame.js";
import { isCompression, type Compression } from "./types.js";

export interface Timestamp {
  sec: number;
  ns: number;
}

export interface MainHeader {
  htype: string;
  pulseId: number;
  globalTimestamp: Timestamp;
  /** Opaque cache key (Java's is not zero-padded): never validated. */
  hash: string | undefined;
  dhCompression: Compression;
}

/** A Java control message (bsr_stop-1.0, bsr_reconnect-1.0, or anything not bsr_m-*). */
export interface CommandHeader {
  htype: string;
  fields: Record<string, unknown>;
}

function integer(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new BsreadProtocolError("MAIN_HEADER_INVALID", `main header ${what} is not an integer: ${JSON.stringify(value)}`);
  }
  return value;
}

function timestampOf(raw: unknown): Timestamp {
  if (raw === undefined || raw === null) return { sec: 0, ns: 0 };
  if (typeof raw !== "object") throw new BsreadProtocolError("MAIN_HEADER_INVALID", "main header global_timestamp is not an object");
  const t = raw as Record<string, unknown>;
  if (t.sec !== undefined || t.epoch !== undefined) {
    return { sec: integer(t.sec ?? t.epoch, "global_timestamp.sec"), ns: integer(t.ns ?? 0, "global_timestamp.ns") };
  }
  if (t.ms !== undefined) {
    // Java, Feb-Mar 2016: milliseconds plus a nanosecond offset within the millisecond.
    const ms = integer(t.ms, "global_timestamp.ms");
    const nsOffset = integer(t.ns_offset ?? 0, "global_timestamp.ns_offset");
    return { sec: Math.floor(ms / 1000), ns: (ms % 1000) * 1_000_000 + nsOffset };
  }
  throw new BsreadProtocolError("MAIN_HEADER_INVALID", "main header global_timestamp has neither sec nor epoch");
}

/** Parses frame 0. Throws BsreadProtocolError; NOT_A_DATA_MESSAGE carries the CommandHeader as `command`. */
export function parseMainHeader(frame: Uint8Array): MainHeader {
  const json = parseJsonObject(frame);
  if (typeof json === "string") throw new BsreadProtocolError("MAIN_HEADER_INVALID", `main header ${json}`);
  const htype = json.htype;
  if (typeof htype !== "string") throw new BsreadProtocolError("MAIN_HEADER_INVALID", "main header has no htype");
  if (!htype.startsWith("bsr_m")) {
    const command: CommandHeader = { htype, fields: json };
    throw new BsreadProtocolError("NOT_A_DATA_MESSAGE", `not a data message (htype ${htype})`, { command });
  }
  const dh = json.dh_compression ?? "none";
  if (typeof dh !== "string" || !isCompression(dh)) {
    throw new BsreadProtocolError("MAIN_HEADER_INVALID", `unknown data header compression ${JSON.stringify(dh)}`);
  }
  const hash = json.hash;
  return {
    htype,
    pulseId: json.pulse_id === undefined ? 0 : integer(json.pulse_id, "pulse_id"),
    globalTimestamp: timestampOf(json.global_timestamp),
    hash: typeof hash === "string" ? hash : undefined,
    dhCompression: dh,
  };
}
