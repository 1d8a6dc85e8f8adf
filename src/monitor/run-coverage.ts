/**
 * Run coverage accounting (DESIGN.md §3 "Runs", §5 `GET /runs/{id}/report`).
 *
 * A run covers the pulses [startPulseId, stopPulseId] (inclusive; the stop may be unknown
 * for a while). Per channel, pulse p is *due* when (p - offset) % modulo == 0; the run counts
 * the due pulses that were accounted (`expected`) and those that carried a value
 * (`received`), and keeps the missing due pulses as merged inclusive ranges: consecutive
 * missing due pulses form one range (missing 1003, 1013, 1023 of a modulo-10 / offset-3
 * channel is [1003, 1023]), also across `account` calls. Range ends are always due pulses,
 * so ranges are naturally clipped to [start, stop].
 *
 * The monitor feeds pulses in increasing, contiguous order (replaying kept history first when
 * the start lies in the past); this class never looks at a clock.
 *
 * Cost: per channel three doubles in typed arrays plus, once the channel misses a pulse, one
 * `PulseRanges` (16 bytes per stored range, capacity doubling, capped at `maxRangesPerChannel`).
 * `expected` is computed in closed form, `received = expected - missing`, so the per-pulse
 * work is one `received(i, p)` call (callback path) or one bit test (bit path, with 32-pulse
 * word skipping for modulo 1), plus a few float operations per *missing* pulse. Nothing is
 * allocated per pulse.
 *
 * Coverage is `floor(10000 * received / expected) / 100` — percent, rounded *down* to two
 * decimals, so 100 means nothing is missing and a report never rounds a gap away — and `null`
 * when `expected` is 0 (no due pulse accounted yet, or none in the run).
 */

import { countDue, dueAtOrAfter, dueAtOrBefore } from "./pulse-math.js";
import { DEFAULT_MAX_RANGES, PulseRanges } from "./pulse-ranges.js";

export interface RunChannel {
  name: string;
  /** >= 1: the channel carries a value every `modulo`-th pulse. */
  modulo: number;
  /** Pulse p is due when (p - offset) % modulo == 0; any integer (taken modulo `modulo`). */
  offset: number;
}

export interface RunChannelReport {
  name: string;
  /** Due pulses in [startPulseId, accountedUpTo]. */
  expected: number;
  /** Due pulses that carried a value. Exact even when `truncated`. */
  received: number;
  /** Percent, rounded down to 2 decimals; null when expected is 0. */
  coverage: number | null;
  /** Missing due pulses as inclusive [first, last] ranges, increasing; ends are due pulses. */
  missing: [number, number][];
  /**
   * Present (true) when more than `maxRangesPerChannel` ranges occurred: the last range then
   * also covers received pulses (it runs from where exact ranges ended to the last missing
   * pulse). Counts stay exact.
   */
  truncated?: boolean;
}

export interface RunReportBody {
  startPulseId: number;
  stopPulseId: number | null;
  /** Last pulse accounted so far (null: nothing yet); the counts cover [start, accountedUpTo]. */
  accountedUpTo: number | null;
  /** Stop known and accounted up to it: the report is final. */
  complete: boolean;
  channels: RunChannelReport[];
}

export interface RunCoverageOptions {
  /** Cap of stored missing ranges per channel (default 10,000 = 160 KB per channel at most). */
  maxRangesPerChannel?: number;
}

/** Whether channel `channelIndex` carried a value at `pulseId` (only asked for due pulses). */
export type ReceivedFn = (channelIndex: number, pulseId: number) => boolean;

/**
 * A channel's received flags over a window of consecutive pulses, one bit per pulse:
 * the pulse `firstPulse + k` is bit `b = (firstBit + k) % (words.length * 32)`, i.e.
 * `(words[b >>> 5] >>> (b & 31)) & 1`, 1 = a value was received. With `firstBit` the window
 * can be a ring buffer of the monitor's history; without, a plain bit array starting at bit 0.
 */
export interface ReceivedBits {
  words: Uint32Array;
  /** Pulse id of the window's first (oldest) bit. */
  firstPulse: number;
  /** Bit index of `firstPulse` in `words` (default 0). */
  firstBit?: number;
  /** Number of valid pulses in the window (default: words.length * 32). */
  length?: number;
}

/** `null`: the channel has no value at all in the window (every due pulse missing). */
export type ReceivedBitsFn = (channelIndex: number) => ReceivedBits | null;

export type RunCoverageErrorCode = "INVALID_ARGUMENT" | "PULSE_ORDER" | "BITS_WINDOW" | "TRIM_NEEDS_HISTORY";

export class RunCoverageError extends Error {
  override readonly name = "RunCoverageError";
  constructor(
    readonly code: RunCoverageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class RunCoverage {
  readonly startPulseId: number;
  readonly channelCount: number;
  private stop: number | null;
  private accounted: number | null = null;
  private readonly names: string[];
  private readonly modulo: Float64Array;
  private readonly offset: Float64Array;
  private readonly missingCount: Float64Array;
  /** Created on a channel's first missing pulse. */
  private readonly ranges: (PulseRanges | null)[];
  private readonly maxRanges: number;
  /** Scratch for the bit path (validated windows), reused across calls. */
  private readonly windows: (ReceivedBits | null | undefined)[];

  constructor(
    channels: readonly RunChannel[],
    startPulseId: number,
    stopPulseId: number | null = null,
    options: RunCoverageOptions = {},
  ) {
    checkPulse("startPulseId", startPulseId);
    if (stopPulseId !== null) {
      checkPulse("stopPulseId", stopPulseId);
      if (stopPulseId < startPulseId) invalid(`stopPulseId ${stopPulseId} is before startPulseId ${startPulseId}`);
    }
    const maxRanges = options.maxRangesPerChannel ?? DEFAULT_MAX_RANGES;
    if (!Number.isSafeInteger(maxRanges) || maxRanges < 1) invalid(`maxRangesPerChannel must be an integer >= 1`);
    const n = channels.length;
    this.startPulseId = startPulseId;
    this.stop = stopPulseId;
    this.channelCount = n;
    this.maxRanges = maxRanges;
    this.names = new Array<string>(n);
    this.modulo = new Float64Array(n);
    this.offset = new Float64Array(n);
    this.missingCount = new Float64Array(n);
    this.ranges = new Array<PulseRanges | null>(n).fill(null);
    this.windows = new Array<ReceivedBits | null | undefined>(n).fill(undefined);
    for (let i = 0; i < n; i++) {
      const c = channels[i];
      if (!Number.isSafeInteger(c.modulo) || c.modulo < 1) invalid(`channel ${c.name}: modulo must be an integer >= 1, got ${c.modulo}`);
      if (!Number.isSafeInteger(c.offset)) invalid(`channel ${c.name}: offset must be an integer, got ${c.offset}`);
      this.names[i] = c.name;
      this.modulo[i] = c.modulo;
      this.offset[i] = ((c.offset % c.modulo) + c.modulo) % c.modulo;
    }
  }

  get stopPulseId(): number | null {
    return this.stop;
  }

  /** Last accounted pulse (null before the first pulse of the run was accounted). */
  get accountedUpTo(): number | null {
    return this.accounted;
  }

  /** The pulse the next `account` call must cover (start it at or before); null when complete. */
  get nextPulseId(): number | null {
    const next = this.accounted === null ? this.startPulseId : this.accounted + 1;
    return this.stop !== null && next > this.stop ? null : next;
  }

  /** Stop known and accounted up to the stop. */
  get isComplete(): boolean {
    return this.stop !== null && this.accounted === this.stop;
  }

  /**
   * Accounts the pulses [from, to] (inclusive, from <= to). Pulses before the start or after
   * a known stop are ignored. The part inside the run must begin exactly at `nextPulseId`
   * (the first call may begin at or before the start, later calls continue at
   * `accountedUpTo + 1`); a hole or an overlap throws `RunCoverageError` ("PULSE_ORDER")
   * before anything changes. Once the run is complete, calls beyond the stop are ignored.
   *
   * `received(i, p)` is asked once per channel i and due pulse p inside the run, in
   * channel-major order; it must not throw (the run would be left partly accounted).
   */
  account(from: number, to: number, received: ReceivedFn): void {
    const span = this.span(from, to);
    if (span === null) return;
    const lo = span;
    const hi = this.stop === null ? to : Math.min(to, this.stop);
    for (let i = 0; i < this.channelCount; i++) {
      const m = this.modulo[i];
      let p = dueAtOrAfter(lo, m, this.offset[i]);
      if (p > hi) continue;
      for (; p <= hi; p += m) {
        if (!received(i, p)) this.addMissing(i, p, m);
      }
    }
    this.accounted = hi;
  }

  /**
   * The fast path: same contract as `account`, but each channel's received flags come as a
   * bit window (see `ReceivedBits`) that must cover the accounted part of [from, to]. All
   * windows are fetched and checked before anything changes ("BITS_WINDOW"). For modulo-1
   * channels 32 pulses are checked per word operation.
   */
  accountBits(from: number, to: number, bits: ReceivedBitsFn): void {
    const span = this.span(from, to);
    if (span === null) return;
    const lo = span;
    const hi = this.stop === null ? to : Math.min(to, this.stop);
    const windows = this.windows;
    try {
      for (let i = 0; i < this.channelCount; i++) {
        if (dueAtOrAfter(lo, this.modulo[i], this.offset[i]) > hi) {
          windows[i] = undefined;
          continue;
        }
        const w = bits(i);
        if (w !== null) checkWindow(this.names[i], w, lo, hi);
        windows[i] = w;
      }
      for (let i = 0; i < this.channelCount; i++) {
        const w = windows[i];
        if (w === undefined) continue;
        const m = this.modulo[i];
        const p0 = dueAtOrAfter(lo, m, this.offset[i]);
        if (w === null) {
          const pLast = dueAtOrBefore(hi, m, this.offset[i]);
          this.addMissingRange(i, p0, pLast, m);
        } else if (m === 1) {
          this.scanModulo1(i, w, p0, hi);
        } else {
          this.scanDue(i, w, p0, hi, m);
        }
      }
    } finally {
      windows.fill(undefined);
    }
    this.accounted = hi;
  }

  /**
   * Sets (or moves) the stop. A stop at or after `accountedUpTo` just bounds future
   * accounting. A stop before `accountedUpTo` trims the run to it: missing ranges are cut
   * and counts recomputed from them. Only a channel whose ranges were truncated *and* whose
   * merged last range reaches past the new stop cannot be recounted from its ranges; for it,
   * `received` is asked for its due pulses in (stop, accountedUpTo] (the monitor's kept
   * history), and without `received` the call throws "TRIM_NEEDS_HISTORY" before changing
   * anything.
   */
  setStop(stopPulseId: number, received?: ReceivedFn): void {
    checkPulse("stopPulseId", stopPulseId);
    if (stopPulseId < this.startPulseId) invalid(`stopPulseId ${stopPulseId} is before startPulseId ${this.startPulseId}`);
    const accounted = this.accounted;
    if (accounted === null || stopPulseId >= accounted) {
      this.stop = stopPulseId;
      return;
    }
    // Trim: first find the channels that need history, so that a refusal changes nothing.
    if (received === undefined) {
      for (let i = 0; i < this.channelCount; i++) {
        if (this.needsHistory(i, stopPulseId)) {
          throw new RunCoverageError(
            "TRIM_NEEDS_HISTORY",
            `channel ${this.names[i]}: its missing ranges were truncated, so trimming the run to ${stopPulseId} needs the received flags of pulses after it`,
          );
        }
      }
    }
    for (let i = 0; i < this.channelCount; i++) {
      const r = this.ranges[i];
      if (r === null) continue;
      const m = this.modulo[i];
      const o = this.offset[i];
      if (this.needsHistory(i, stopPulseId)) {
        let unaccounted = 0;
        for (let p = dueAtOrAfter(stopPulseId + 1, m, o); p <= accounted; p += m) {
          if (!received!(i, p)) unaccounted++;
        }
        this.missingCount[i] -= unaccounted;
        r.trimAfter(dueAtOrBefore(stopPulseId, m, o));
      } else {
        r.trimAfter(dueAtOrBefore(stopPulseId, m, o));
        if (r.truncated) continue; // the merged range ends at or before the stop: nothing to subtract
        let missing = 0;
        for (let k = 0; k < r.count; k++) missing += countDue(r.first(k), r.last(k), m, o);
        this.missingCount[i] = missing;
      }
    }
    this.stop = stopPulseId;
    this.accounted = stopPulseId;
  }

  report(): RunReportBody {
    const acc = this.accounted;
    const channels: RunChannelReport[] = new Array(this.channelCount);
    for (let i = 0; i < this.channelCount; i++) {
      const expected = acc === null ? 0 : countDue(this.startPulseId, acc, this.modulo[i], this.offset[i]);
      const received = expected - this.missingCount[i];
      const r = this.ranges[i];
      const ch: RunChannelReport = {
        name: this.names[i],
        expected,
        received,
        coverage: coveragePercent(received, expected),
        missing: r === null ? [] : r.toArray(),
      };
      if (r !== null && r.truncated) ch.truncated = true;
      channels[i] = ch;
    }
    return {
      startPulseId: this.startPulseId,
      stopPulseId: this.stop,
      accountedUpTo: acc,
      complete: this.isComplete,
      channels,
    };
  }

  /** Bytes held by the per-channel state (typed arrays and range lists). */
  get byteLength(): number {
    let bytes = this.modulo.byteLength + this.offset.byteLength + this.missingCount.byteLength;
    for (const r of this.ranges) if (r !== null) bytes += r.byteLength;
    return bytes;
  }

  // --- internals -------------------------------------------------------------------------

  /** Validates a call; returns the first pulse to account, or null when nothing is to do. */
  private span(from: number, to: number): number | null {
    checkPulse("from", from);
    checkPulse("to", to);
    if (to < from) invalid(`to ${to} is before from ${from}`);
    if (to < this.startPulseId) return null;
    const next = this.accounted === null ? this.startPulseId : this.accounted + 1;
    const lo = Math.max(from, this.startPulseId);
    if (lo !== next) {
      if (this.stop !== null && next > this.stop && lo > this.stop) return null; // complete: after the stop
      throw new RunCoverageError(
        "PULSE_ORDER",
        lo < next
          ? `pulses ${lo}..${next - 1} were accounted already (next pulse is ${next})`
          : `pulses ${next}..${lo - 1} would be skipped (next pulse is ${next})`,
      );
    }
    if (this.stop !== null && lo > this.stop) return null;
    return lo;
  }

  private addMissing(i: number, p: number, m: number): void {
    let r = this.ranges[i];
    if (r === null) r = this.ranges[i] = new PulseRanges(this.maxRanges);
    r.addPulse(p, m);
    this.missingCount[i]++;
  }

  private addMissingRange(i: number, first: number, last: number, m: number): void {
    let r = this.ranges[i];
    if (r === null) r = this.ranges[i] = new PulseRanges(this.maxRanges);
    r.add(first, last, m);
    this.missingCount[i] += (last - first) / m + 1;
  }

  /** Modulo 1: every pulse of [p0, hi] is due; scan the window for 0 bits, 32 at a time. */
  private scanModulo1(i: number, w: ReceivedBits, p0: number, hi: number): void {
    const words = w.words;
    const total = words.length * 32;
    let b = ((w.firstBit ?? 0) + (p0 - w.firstPulse)) % total;
    let p = p0;
    let remaining = hi - p0 + 1;
    while (remaining > 0) {
      const seg = Math.min(remaining, total - b);
      // Linear segment: bits [b, b + seg) <-> pulses [p, p + seg).
      const end = b + seg;
      let bit = b;
      while (bit < end) {
        const shift = bit & 31;
        const len = Math.min(32 - shift, end - bit);
        let z = (~words[bit >>> 5] >>> shift) & (0xffffffff >>> (32 - len));
        if (z !== 0) {
          const base = p + (bit - b);
          do {
            const t = z & -z;
            this.addMissing(i, base + (31 - Math.clz32(t)), 1);
            z ^= t;
          } while (z !== 0);
        }
        bit += len;
      }
      remaining -= seg;
      p += seg;
      b = 0;
    }
  }

  private scanDue(i: number, w: ReceivedBits, p0: number, hi: number, m: number): void {
    const words = w.words;
    const total = words.length * 32;
    let b = ((w.firstBit ?? 0) + (p0 - w.firstPulse)) % total;
    const stepBits = m % total;
    for (let p = p0; p <= hi; p += m) {
      if (((words[b >>> 5] >>> (b & 31)) & 1) === 0) this.addMissing(i, p, m);
      b += stepBits;
      if (b >= total) b -= total;
    }
  }

  private needsHistory(i: number, stop: number): boolean {
    const r = this.ranges[i];
    if (r === null || !r.truncated) return false;
    return r.lastPulse > stop && dueAtOrBefore(stop, this.modulo[i], this.offset[i]) > r.exactUpTo;
  }
}

/**
 * The run report as CSV (RFC 4180: CRLF line ends, fields with `"`, `,`, CR or LF quoted,
 * quotes doubled). Header `name,expected,received,coverage,missing_ranges,truncated`, one row
 * per channel; coverage with 2 decimals (empty when null); missing ranges as "a-b;c-d", a
 * single pulse as "a"; truncated "true" or empty. The run's id and set are not columns (the
 * caller names the file, e.g. `run-<id>.csv`).
 */
export function reportToCsv(report: RunReportBody & { id: string; set: string }): string {
  const lines = ["name,expected,received,coverage,missing_ranges,truncated"];
  for (const c of report.channels) {
    let ranges = "";
    for (let k = 0; k < c.missing.length; k++) {
      const [a, b] = c.missing[k];
      if (k > 0) ranges += ";";
      ranges += a === b ? String(a) : `${a}-${b}`;
    }
    lines.push(
      [
        csvField(c.name),
        String(c.expected),
        String(c.received),
        c.coverage === null ? "" : c.coverage.toFixed(2),
        ranges,
        c.truncated === true ? "true" : "",
      ].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** floor(10000 * received / expected) / 100, or null when nothing was expected. */
export function coveragePercent(received: number, expected: number): number | null {
  if (expected === 0) return null;
  return Math.floor((received * 10000) / expected) / 100;
}

function checkPulse(what: string, p: number): void {
  if (!Number.isSafeInteger(p) || p < 0) invalid(`${what} must be a pulse id (integer 0..2^53-1), got ${p}`);
}

function invalid(message: string): never {
  throw new RunCoverageError("INVALID_ARGUMENT", message);
}

function checkWindow(name: string, w: ReceivedBits, lo: number, hi: number): void {
  const total = w.words.length * 32;
  const firstBit = w.firstBit ?? 0;
  const length = w.length ?? total;
  if (!Number.isSafeInteger(w.firstPulse) || !Number.isInteger(firstBit) || firstBit < 0 || firstBit >= total || !Number.isInteger(length) || length < 0 || length > total) {
    throw new RunCoverageError("BITS_WINDOW", `channel ${name}: invalid bit window`);
  }
  if (lo < w.firstPulse || hi > w.firstPulse + length - 1) {
    throw new RunCoverageError(
      "BITS_WINDOW",
      `channel ${name}: bit window [${w.firstPulse}, ${w.firstPulse + length - 1}] does not cover pulses [${lo}, ${hi}]`,
    );
  }
}
