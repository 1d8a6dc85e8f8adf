/**
 * The per-message work being measured. Header-only is what the monitor needs per pulse:
 * for every channel, is it there and how big is it. Full decode also reads every value.
 * Results go to per-channel typed arrays, as the monitor keeps per-channel state, so the
 * work cannot be optimized away.
 */
import type { ChannelValue, DecodedMessage } from "../../src/bsread/index.js";

export type IngestWork = "header" | "full";

export class ChannelState {
  present = new Uint8Array(0);
  bytes = new Float64Array(0);
  valueSummary = new Float64Array(0);

  /** Per-channel arrays sized for this message (reallocated only when the channel count changes). */
  fit(channelCount: number): void {
    if (this.present.length === channelCount) return;
    this.present = new Uint8Array(channelCount);
    this.bytes = new Float64Array(channelCount);
    this.valueSummary = new Float64Array(channelCount);
  }

  checksum(): number {
    let sum = 0;
    for (let i = 0; i < this.present.length; i++) sum += this.present[i]! + this.bytes[i]! + this.valueSummary[i]!;
    return sum;
  }
}

export function headerOnly(message: DecodedMessage, state: ChannelState): void {
  const n = message.channelCount;
  state.fit(n);
  for (let i = 0; i < n; i++) {
    state.present[i] = message.isEmpty(i) ? 0 : 1;
    state.bytes[i] = message.byteLength(i);
  }
}

/** A number standing for a value, cheap next to decoding it: scalars as such, arrays by length and first element. */
export function summarize(value: ChannelValue): number {
  if (value === null) return 0;
  switch (typeof value) {
    case "number":
      return value;
    case "bigint":
      return Number(value);
    case "boolean":
      return value ? 1 : 0;
    case "string":
      return value.length;
    default:
      return value.length + Number(value[0] ?? 0);
  }
}

export function fullDecode(message: DecodedMessage, state: ChannelState): void {
  headerOnly(message, state);
  for (let i = 0; i < message.channelCount; i++) state.valueSummary[i] = summarize(message.value(i));
}

export function ingest(work: IngestWork): (message: DecodedMessage, state: ChannelState) => void {
  return work === "full" ? fullDecode : headerOnly;
}
