/** What the monitor knows about one watched channel besides the hot counters of ChannelTable. */
import type { Level, Reason } from "./status.js";
import type { ChannelThresholds } from "./defaults.js";

/** A sampled value for display: scalars as they are, arrays as their length. */
export type SampledValue = number | string | boolean | { length: number } | null;

export interface ChannelInfo {
  name: string;
  /** Feed that carries it (dispatcher backend or direct source address); undefined until known. */
  feed: string | undefined;
  /** Dispatcher backend per the catalog; undefined: not in the catalog (kept current by the monitor). */
  backend: string | undefined;
  thresholds: ChannelThresholds;
  /** Pinned by the set, or first seen. */
  expectedType: string | undefined;
  expectedShape: readonly number[] | undefined;
  pinned: boolean;
  seenType: string | undefined;
  seenShape: readonly number[] | undefined;
  typeChangedSince: number | undefined;
  shapeChangedSince: number | undefined;
  decodeErrors: number;
  lastDecodeError: string | undefined;
  lastDecodeErrorAt: number | undefined;
  decodeErrorSince: number | undefined;
  skewMs: number | undefined;
  skewSince: number | undefined;
  lastValue: SampledValue;
  /** Reasons of the last evaluation (their `since` carries over). */
  reasons: Reason[];
  level: Level;
}

export function newChannelInfo(name: string, thresholds: ChannelThresholds, expected: { type?: string; shape?: readonly number[] } = {}): ChannelInfo {
  return {
    name,
    feed: undefined,
    backend: undefined,
    thresholds,
    expectedType: expected.type,
    expectedShape: expected.shape,
    pinned: expected.type !== undefined || expected.shape !== undefined,
    seenType: undefined,
    seenShape: undefined,
    typeChangedSince: undefined,
    shapeChangedSince: undefined,
    decodeErrors: 0,
    lastDecodeError: undefined,
    lastDecodeErrorAt: undefined,
    decodeErrorSince: undefined,
    skewMs: undefined,
    skewSince: undefined,
    lastValue: null,
    reasons: [],
    level: "unknown",
  };
}
