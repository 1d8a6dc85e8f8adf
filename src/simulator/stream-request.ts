/** Parsing a POST /stream body the way the dispatcher reads it, with errors naming the field. */
import { isCompression } from "../bsread/types.js";
import type { IncompleteMapping, StreamRequest, StreamType } from "./output-stream.js";

export class StreamRequestError extends Error {}

const MAPPINGS: readonly IncompleteMapping[] = ["provide-as-is", "drop", "fill-null"];
const STREAM_TYPES: readonly StreamType[] = ["pub_sub", "push_pull"];
const INCONSISTENCY = ["drop", "keep-as-is", "adjust-individual", "adjust-global"];
/** The dispatcher compresses unless told otherwise (hence the clients' disable_compression). */
const DEFAULT_COMPRESSION = "bitshuffle_lz4";

function fail(message: string): never {
  throw new StreamRequestError(message);
}

function positiveInt(value: unknown, field: string, min: number): number {
  if (value === undefined || value === null) return min === 1 ? 1 : 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) fail(`${field} must be an integer >= ${min}`);
  return value;
}

export function parseStreamRequest(body: unknown): StreamRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) fail("request body must be a JSON object");
  const raw = body as Record<string, unknown>;
  if (!Array.isArray(raw.channels) || raw.channels.length === 0) fail("channels must be a non-empty list");
  const seen = new Set<string>();
  const channels = raw.channels.flatMap((c: unknown, i: number) => {
    const entry = typeof c === "string" ? { name: c } : c;
    if (typeof entry !== "object" || entry === null) fail(`channels[${i}] must be an object with a name`);
    const e = entry as Record<string, unknown>;
    if (typeof e.name !== "string" || e.name.trim() === "") fail(`channels[${i}].name must be a non-empty string`);
    if (seen.has(e.name)) return [];
    seen.add(e.name);
    const modulo = positiveInt(e.modulo, `channels[${i}].modulo`, 1);
    const offset = positiveInt(e.offset, `channels[${i}].offset`, 0);
    if (offset >= modulo && modulo > 1) fail(`channels[${i}].offset must be smaller than modulo`);
    return [{ name: e.name, modulo, offset }];
  });
  const streamType = raw.streamType ?? "pub_sub";
  if (!STREAM_TYPES.includes(streamType as StreamType)) fail(`streamType must be one of ${STREAM_TYPES.join(", ")}`);
  const mappingRaw = raw.mapping ?? {};
  if (typeof mappingRaw !== "object" || mappingRaw === null) fail("mapping must be an object");
  const incomplete = (mappingRaw as Record<string, unknown>).incomplete ?? "provide-as-is";
  if (!MAPPINGS.includes(incomplete as IncompleteMapping)) fail(`mapping.incomplete must be one of ${MAPPINGS.join(", ")}`);
  const compression = raw.compression ?? DEFAULT_COMPRESSION;
  if (typeof compression !== "string" || !isCompression(compression)) fail("compression must be one of none, bitshuffle_lz4, lz4");
  if (raw.verify !== undefined && typeof raw.verify !== "boolean") fail("verify must be a boolean");
  const validation = raw.channelValidation as Record<string, unknown> | undefined;
  if (validation !== undefined) {
    if (typeof validation !== "object" || validation === null) fail("channelValidation must be an object");
    if (validation.inconsistency !== undefined && !INCONSISTENCY.includes(validation.inconsistency as string)) {
      fail(`channelValidation.inconsistency must be one of ${INCONSISTENCY.join(", ")}`);
    }
  }
  const extra: Record<string, unknown> = {};
  for (const key of ["verify", "channelValidation", "sendBehaviour", "sendIncompleteMessages"]) {
    if (raw[key] !== undefined) extra[key] = raw[key];
  }
  return { channels, streamType: streamType as StreamType, mapping: incomplete as IncompleteMapping, compression, extra };
}
