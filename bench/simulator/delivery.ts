/**
 * What a stream delivered in a window, from the receiver's per-message records: rate,
 * pulse-id continuity, latency behind the pulse clock, and whether that latency drifts.
 */
import { pulseTimeMs } from "../../src/simulator/pulse-clock.js";
import { distribution, median, type Distribution } from "../lib/stats.js";

/** [pulse id, arrival ms since the epoch, frames, bytes], as pulse-receiver.c prints them. */
export type MessageRecord = [number, number, number, number];

export interface Delivery {
  messages: number;
  messagesPerSec: number;
  framesPerMessage: number;
  bytesPerMessage: number;
  /** Pulse ids absent between consecutive messages: skipped by the ticker or lost on the way. */
  missingPulses: number;
  /** Messages whose pulse id was not above the previous one's. */
  repeats: number;
  /** Arrival minus the start of the pulse's 10 ms slot. */
  latencyMs: Distribution;
  /** Pulse ids per second of arrival time (least-squares slope over the window): 100 without drift. */
  pulseRateHz: number;
  /** Median latency over the window's last second minus over its first: how far the stream fell behind the clock. */
  driftMs: number;
}

const EDGE_MS = 1000;

export function delivery(all: readonly MessageRecord[], fromMs: number, toMs: number): Delivery {
  // A stream that hardly flowed is a result too: its figures come out NaN ("–").
  const records = all.filter(([, t]) => t >= fromMs && t < toMs);
  let missing = 0;
  let repeats = 0;
  for (let i = 1; i < records.length; i++) {
    const step = records[i]![0] - records[i - 1]![0];
    if (step <= 0) repeats++;
    else missing += step - 1;
  }
  const latency = records.map(([p, t]) => t - pulseTimeMs(p));
  const early = records.filter(([, t]) => t < fromMs + EDGE_MS).map(([p, t]) => t - pulseTimeMs(p));
  const late = records.filter(([, t]) => t >= toMs - EDGE_MS).map(([p, t]) => t - pulseTimeMs(p));
  const seconds = (toMs - fromMs) / 1000;
  return {
    messages: records.length,
    messagesPerSec: records.length / seconds,
    framesPerMessage: all.length ? all.reduce((s, r) => s + r[2], 0) / all.length : NaN,
    bytesPerMessage: all.length ? all.reduce((s, r) => s + r[3], 0) / all.length : NaN,
    missingPulses: missing,
    repeats,
    latencyMs: distribution(latency),
    pulseRateHz: records.length < 2 ? NaN : slope(records.map(([, t]) => t / 1000), records.map(([p]) => p - records[0]![0])),
    driftMs: median(late) - median(early),
  };
}

/** Least-squares slope of y over x: robust to the jitter of single arrivals, unlike the end points. */
function slope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}
