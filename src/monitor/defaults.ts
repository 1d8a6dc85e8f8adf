/**
 * Every default of the monitor in one place (DESIGN.md §2-3). Thresholds are per channel:
 * a set may override any of them for one channel.
 */

export interface ChannelThresholds {
  /** `starting` until this long after the channel began to be watched. */
  warmupMs: number;
  /** `no_data` after max(staleMinMs, staleFactor x expected period) without a value. */
  staleMinMs: number;
  staleFactor: number;
  /** `rate_low` below this fraction of the expected rate over the window. */
  rateLowFraction: number;
  /** `missing_values` above this fraction of empty values over the window. */
  missingValuesFraction: number;
  /** `record_lag` when the dispatcher's latest event is older than this while data flows. */
  recordLagMs: number;
  /** `time_skew` when a channel's timestamp is this far from its pulse's. */
  timeSkewMs: number;
  /** Raise alerts on warnings too, not only on errors. */
  alertOnWarning: boolean;
}

export const DEFAULT_THRESHOLDS: Readonly<ChannelThresholds> = Object.freeze({
  warmupMs: 3000,
  staleMinMs: 500,
  staleFactor: 20,
  rateLowFraction: 0.9,
  missingValuesFraction: 0.01,
  recordLagMs: 5000,
  timeSkewMs: 10_000,
  alertOnWarning: false,
});

export interface MonitorTiming {
  /** Rules are evaluated this often. */
  evaluateMs: number;
  /** The dispatcher's recorded state is polled this often (one batched request). */
  recordedPollMs: number;
  /** The channel catalog is refreshed this often. */
  catalogRefreshMs: number;
  /** Timeout of one REST call to the dispatcher. */
  httpTimeoutMs: number;
  /** Window of rate_low, missing_values and pulse_gaps. */
  windowSeconds: number;
  /** A stream with no message for this long counts as not connected. */
  streamSilenceMs: number;
  /** A silent stream is re-requested after this long. */
  streamRenewMs: number;
  /** Retry back-off after a failed dispatcher call: from min to max, doubling. */
  retryMinMs: number;
  retryMaxMs: number;
  /** Refused channels are offered to the dispatcher again this often. */
  refusedRetryMs: number;
}

export const DEFAULT_TIMING: Readonly<MonitorTiming> = Object.freeze({
  evaluateMs: 200,
  recordedPollMs: 2000,
  catalogRefreshMs: 60_000,
  httpTimeoutMs: 5000,
  windowSeconds: 10,
  streamSilenceMs: 1000,
  streamRenewMs: 5000,
  retryMinMs: 500,
  retryMaxMs: 30_000,
  refusedRetryMs: 30_000,
});

/** SwissFEL's machine rate. */
export const PULSE_RATE_HZ = 100;
export const PULSE_PERIOD_MS = 1000 / PULSE_RATE_HZ;
/** Seconds of per-second history kept per channel (sparklines). */
export const HISTORY_SECONDS = 3600;
/** Pulses of per-pulse history kept per channel (runs opened in the past): about 5.5 min, a power of two so the bits form whole 32-bit words. */
export const PULSE_HISTORY = 32_768;
