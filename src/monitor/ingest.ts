/**
 * The hot path: one decoded message -> counters. Per message it reads the headers; per
 * channel only whether the value frame is empty. Values are decoded for about one
 * message per channel per second, to catch decode errors and time skew and to show them.
 */
import { BsreadDecodeError, type DataHeader, type DecodedMessage } from "../bsread/index.js";
import type { ChannelInfo, SampledValue } from "./channel-info.js";
import type { ChannelTable } from "./channel-table.js";
import type { FeedState } from "./feed-state.js";
import { HISTORY_SECONDS, PULSE_HISTORY } from "./defaults.js";
import { countDue, isDue, pulseSecond } from "./pulse-math.js";

const SAMPLE_EVERY_MS = 1000;
/** A pulse id this far below the last one is a restarted clock, not a repeat. */
const RESET_JUMP = 100_000;
/** A skipped stretch longer than this is counted in one second instead of pulse by pulse. */
const MAX_GAP_WALK = 1000;

function sameShape(a: readonly number[] | undefined, b: readonly number[]): boolean {
  return a !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
}

function sample(value: ReturnType<DecodedMessage["value"]>): SampledValue {
  if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return Number(value);
  return { length: value.length };
}

export class Ingest {
  /** Message channel index -> slot (-1: not watched), per data header of each feed. */
  private slotMaps = new WeakMap<DataHeader, Int32Array>();
  /** The slot map of each feed's previous message. */
  private readonly lastMap = new Map<string, Int32Array>();

  constructor(
    private readonly table: ChannelTable,
    private readonly info: (ChannelInfo | undefined)[],
  ) {}

  /** The watched set changed: slot maps are rebuilt on the next message. */
  invalidate(): void {
    this.slotMaps = new WeakMap();
    this.lastMap.clear();
  }

  handle(feed: FeedState, msg: DecodedMessage, now: number): void {
    const pulseId = msg.pulseId;
    const previous = feed.lastPulseId;
    feed.messages++;
    feed.lastMessageTime = now;
    if (msg.formatChanged) feed.formatChanges++;
    const slots = this.slotMap(feed, msg.dataHeader);
    // A cached header can come back (same hash): check types and shapes on every change.
    if (msg.formatChanged || slots !== this.lastMap.get(feed.id)) this.noteLayout(slots, msg.dataHeader, now);
    this.lastMap.set(feed.id, slots);
    if (!Number.isNaN(previous) && pulseId <= previous && pulseId > previous - RESET_JUMP) {
      // A repeat (e.g. both streams during a make-before-break switch): counted once only.
      feed.reversals++;
      return;
    }
    feed.lastPulseId = pulseId;
    if (!Number.isNaN(previous) && pulseId > previous + 1) this.countSkipped(slots, previous + 1, pulseId - 1);
    const t = this.table;
    const second = pulseSecond(pulseId);
    // Same for every channel of the message: computed once.
    const secondOffset = second % HISTORY_SECONDS;
    const bit = pulseId % PULSE_HISTORY;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot < 0) continue;
      if (t.histSecond[slot] !== second) t.advanceSecond(slot, second);
      const counter = slot * HISTORY_SECONDS + secondOffset;
      if (msg.isEmpty(i)) {
        if (isDue(pulseId, t.modulo[slot]!, t.offset[slot]!)) t.empty[counter]!++;
        continue;
      }
      t.received[counter]!++;
      const previousValue = t.lastValuePulse[slot]!;
      if (pulseId <= previousValue) t.reversals[slot]!++;
      else if (pulseId - previousValue > t.modulo[slot]!) {
        t.resumedPulse[slot] = pulseId;
        t.resumedTime[slot] = now;
      }
      t.lastValuePulse[slot] = pulseId;
      t.lastValueTime[slot] = now;
      t.setPulseBit(slot, pulseId, bit);
      if (now - t.lastSampleAt[slot]! >= SAMPLE_EVERY_MS) {
        t.lastSampleAt[slot] = now;
        this.sampleValue(msg, i, this.info[slot]!, now);
      }
    }
  }

  /** Due pulses that never arrived (the stream skipped them) count per channel. */
  private countSkipped(slots: Int32Array, first: number, last: number): void {
    const t = this.table;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot < 0) continue;
      if (last - first >= MAX_GAP_WALK) {
        const second = pulseSecond(last);
        t.advanceSecond(slot, second);
        const idx = t.secondIndex(slot, second);
        t.skipped[idx] = Math.min(255, t.skipped[idx]! + countDue(first, last, t.modulo[slot]!, t.offset[slot]!));
        continue;
      }
      for (let p = first; p <= last; p++) {
        if (!isDue(p, t.modulo[slot]!, t.offset[slot]!)) continue;
        const second = pulseSecond(p);
        if (!(second <= t.histSecond[slot]!)) t.advanceSecond(slot, second);
        if (second <= t.histSecond[slot]! - HISTORY_SECONDS) continue;
        const idx = t.secondIndex(slot, second);
        t.skipped[idx] = Math.min(255, t.skipped[idx]! + 1);
      }
    }
  }

  private sampleValue(msg: DecodedMessage, index: number, info: ChannelInfo, now: number): void {
    try {
      info.lastValue = sample(msg.value(index));
      info.decodeErrorSince = undefined;
    } catch (err) {
      if (!(err instanceof BsreadDecodeError)) throw err;
      info.decodeErrors++;
      info.lastDecodeError = err.message;
      info.lastDecodeErrorAt = now;
      info.decodeErrorSince ??= now;
    }
    const ts = msg.timestamp(index);
    if (ts) {
      const g = msg.globalTimestamp;
      const skew = Math.abs((ts.sec - g.sec) * 1000 + (ts.ns - g.ns) / 1e6);
      info.skewMs = skew;
      if (skew > info.thresholds.timeSkewMs) info.skewSince ??= now;
      else info.skewSince = undefined;
    }
  }

  /** Maps the header's channels to slots (-1: not watched, or carried by another feed). */
  private slotMap(feed: FeedState, header: DataHeader): Int32Array {
    let map = this.slotMaps.get(header);
    if (map) return map;
    map = new Int32Array(header.channels.length).fill(-1);
    header.channels.forEach((c, i) => {
      const slot = this.table.slotOf(c.name);
      if (slot < 0) return;
      const info = this.info[slot]!;
      if (info.feed !== undefined && info.feed !== feed.id) return;
      info.feed = feed.id;
      map![i] = slot;
    });
    this.slotMaps.set(header, map);
    return map;
  }

  /** Rates, types and shapes as this header declares them, against the expectations. */
  private noteLayout(slots: Int32Array, header: DataHeader, now: number): void {
    header.channels.forEach((c, i) => {
      const slot = slots[i]!;
      if (slot < 0) return;
      const info = this.info[slot]!;
      this.table.setRate(slot, c.modulo, c.offset);
      info.seenType = c.type;
      info.seenShape = c.shape;
      if (info.expectedType === undefined) info.expectedType = c.type;
      if (info.expectedShape === undefined) info.expectedShape = c.shape;
      if (c.type !== info.expectedType) info.typeChangedSince ??= now;
      else info.typeChangedSince = undefined;
      if (c.type !== "string" && !sameShape(info.expectedShape, c.shape)) info.shapeChangedSince ??= now;
      else info.shapeChangedSince = undefined;
    });
  }
}
