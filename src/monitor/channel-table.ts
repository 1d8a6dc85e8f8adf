/**
 * Per-channel live state in typed arrays, one slot per watched channel: the hot path
 * writes numbers, never objects. Per slot: last value, per-second counters for one hour
 * (received, empty at a due pulse, skipped due pulses) and a bit per pulse for the last
 * PULSE_HISTORY pulses (which pulses carried a value, for runs opened in the past).
 * About 15 KB per slot.
 */
import { HISTORY_SECONDS, PULSE_HISTORY } from "./defaults.js";

const BITS_BYTES = PULSE_HISTORY / 8;
const INITIAL_CAPACITY = 64;

export class ChannelTable {
  private capacity = 0;
  private readonly slotByName = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  names: (string | undefined)[] = [];

  modulo = new Int32Array(0);
  offset = new Int32Array(0);
  watchStart = new Float64Array(0);
  /** Pulse id of the last value, NaN before the first. */
  lastValuePulse = new Float64Array(0);
  /** Wall time (ms) the last value was received, NaN before the first. */
  lastValueTime = new Float64Array(0);
  /** First value after the latest missing due pulse: where the latest gap ended (NaN: none). */
  resumedPulse = new Float64Array(0);
  resumedTime = new Float64Array(0);
  /** Pulse-second the per-second counters were last written for, NaN before. */
  histSecond = new Float64Array(0);
  /** First pulse-second the channel was seen in, NaN before: windows start after it. */
  firstSecond = new Float64Array(0);
  received = new Uint8Array(0);
  empty = new Uint8Array(0);
  skipped = new Uint8Array(0);
  /** Last pulse the bit history is valid up to, NaN before. */
  bitsUpTo = new Float64Array(0);
  bits = new Uint8Array(0);
  /** Values received at or before the previous value's pulse. */
  reversals = new Uint32Array(0);
  /** Wall time a value was last decoded for display and checks. */
  lastSampleAt = new Float64Array(0);

  get size(): number {
    return this.slotByName.size;
  }

  slotOf(name: string): number {
    return this.slotByName.get(name) ?? -1;
  }

  /** Slots in use, as [name, slot]. */
  entries(): IterableIterator<[string, number]> {
    return this.slotByName.entries();
  }

  /** Makes room for `total` channels in all, so a large set allocates once and exactly. */
  reserve(total: number): void {
    const newSlots = Math.max(0, total - this.slotByName.size - this.freeSlots.length);
    const needed = this.names.length + newSlots;
    if (needed > this.capacity) this.grow(needed);
  }

  add(name: string, modulo: number, offset: number, now: number): number {
    const existing = this.slotByName.get(name);
    if (existing !== undefined) return existing;
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.names.length;
      // Grow by a quarter, not double: slots are ~15 KB each and counted against 20 KB/channel.
      if (slot >= this.capacity) this.grow(Math.max(INITIAL_CAPACITY, Math.ceil((this.capacity * 1.25) / 64) * 64));
    }
    this.slotByName.set(name, slot);
    this.names[slot] = name;
    this.modulo[slot] = Math.max(1, modulo);
    this.offset[slot] = offset;
    this.watchStart[slot] = now;
    this.lastValuePulse[slot] = NaN;
    this.lastValueTime[slot] = NaN;
    this.resumedPulse[slot] = NaN;
    this.resumedTime[slot] = NaN;
    this.histSecond[slot] = NaN;
    this.firstSecond[slot] = NaN;
    this.bitsUpTo[slot] = NaN;
    this.reversals[slot] = 0;
    this.lastSampleAt[slot] = 0;
    this.received.fill(0, slot * HISTORY_SECONDS, (slot + 1) * HISTORY_SECONDS);
    this.empty.fill(0, slot * HISTORY_SECONDS, (slot + 1) * HISTORY_SECONDS);
    this.skipped.fill(0, slot * HISTORY_SECONDS, (slot + 1) * HISTORY_SECONDS);
    this.bits.fill(0, slot * BITS_BYTES, (slot + 1) * BITS_BYTES);
    return slot;
  }

  remove(name: string): void {
    const slot = this.slotByName.get(name);
    if (slot === undefined) return;
    this.slotByName.delete(name);
    this.names[slot] = undefined;
    this.freeSlots.push(slot);
  }

  setRate(slot: number, modulo: number, offset: number): void {
    this.modulo[slot] = Math.max(1, modulo);
    this.offset[slot] = offset;
  }

  /** Moves the slot's per-second counters to `second`, zeroing the seconds in between. */
  advanceSecond(slot: number, second: number): void {
    const last = this.histSecond[slot]!;
    if (last === second) return;
    // First write, a jump past the whole hour, or a clock going backwards: start afresh.
    if (Number.isNaN(last)) this.firstSecond[slot] = second;
    const from = Number.isNaN(last) || second < last || second - last >= HISTORY_SECONDS ? second - HISTORY_SECONDS + 1 : last + 1;
    this.clearSeconds(slot, from, second);
    this.histSecond[slot] = second;
  }

  private clearSeconds(slot: number, from: number, to: number): void {
    const base = slot * HISTORY_SECONDS;
    for (let s = from; s <= to; s++) {
      const i = base + (s % HISTORY_SECONDS);
      this.received[i] = 0;
      this.empty[i] = 0;
      this.skipped[i] = 0;
    }
  }

  /** Index into received/empty/skipped for a slot's pulse-second. */
  secondIndex(slot: number, second: number): number {
    return slot * HISTORY_SECONDS + (second % HISTORY_SECONDS);
  }

  /** Sum of one per-second counter over [fromSecond, toSecond], counting unwritten seconds as 0. */
  sumSeconds(counter: Uint8Array, slot: number, fromSecond: number, toSecond: number): number {
    const last = this.histSecond[slot]!;
    if (Number.isNaN(last)) return 0;
    const lo = Math.max(fromSecond, last - HISTORY_SECONDS + 1);
    const hi = Math.min(toSecond, last);
    let sum = 0;
    for (let s = lo; s <= hi; s++) sum += counter[slot * HISTORY_SECONDS + (s % HISTORY_SECONDS)]!;
    return sum;
  }

  /**
   * Received, empty and skipped over [fromSecond, toSecond] in one pass (into `out`, which is
   * returned), counting unwritten seconds as 0.
   */
  sumWindow(slot: number, fromSecond: number, toSecond: number, out: Int32Array): Int32Array {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    const last = this.histSecond[slot]!;
    if (Number.isNaN(last)) return out;
    const lo = Math.max(fromSecond, last - HISTORY_SECONDS + 1);
    const hi = Math.min(toSecond, last);
    const base = slot * HISTORY_SECONDS;
    for (let s = lo; s <= hi; s++) {
      const i = base + (s % HISTORY_SECONDS);
      out[0] += this.received[i]!;
      out[1] += this.empty[i]!;
      out[2] += this.skipped[i]!;
    }
    return out;
  }

  /** Marks that the slot carried a value at pulseId (`bit`: pulseId % PULSE_HISTORY, if the caller has it). */
  setPulseBit(slot: number, pulseId: number, bit = pulseId % PULSE_HISTORY): void {
    const upTo = this.bitsUpTo[slot]!;
    if (Number.isNaN(upTo) || pulseId > upTo) {
      const from = Number.isNaN(upTo) ? pulseId - PULSE_HISTORY + 1 : Math.max(upTo + 1, pulseId - PULSE_HISTORY + 1);
      this.clearBits(slot, from, pulseId);
      this.bitsUpTo[slot] = pulseId;
    } else if (pulseId <= upTo - PULSE_HISTORY) {
      return; // older than the kept history
    }
    this.bits[slot * BITS_BYTES + (bit >> 3)]! |= 1 << (bit & 7);
  }

  private clearBits(slot: number, from: number, to: number): void {
    const base = slot * BITS_BYTES;
    for (let p = from; p <= to; p++) {
      const bit = p % PULSE_HISTORY;
      this.bits[base + (bit >> 3)]! &= ~(1 << (bit & 7));
    }
  }

  /** The slot's pulse bits as 32-bit words (a ring indexed by pulseId % PULSE_HISTORY), for run accounting. */
  bitWords(slot: number): { words: Uint32Array; upTo: number } | undefined {
    const upTo = this.bitsUpTo[slot]!;
    if (Number.isNaN(upTo)) return undefined;
    return { words: new Uint32Array(this.bits.buffer, this.bits.byteOffset + slot * BITS_BYTES, BITS_BYTES / 4), upTo };
  }

  /** Whether the slot carried a value at pulseId; undefined when outside the kept history. */
  hadValue(slot: number, pulseId: number): boolean | undefined {
    const upTo = this.bitsUpTo[slot]!;
    if (Number.isNaN(upTo)) return undefined;
    if (pulseId > upTo) return false;
    if (pulseId <= upTo - PULSE_HISTORY) return undefined;
    const bit = pulseId % PULSE_HISTORY;
    return (this.bits[slot * BITS_BYTES + (bit >> 3)]! & (1 << (bit & 7))) !== 0;
  }

  private grow(capacity: number): void {
    const grow64 = (a: Float64Array, per = 1) => {
      const b = new Float64Array(capacity * per);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    const growU8 = (a: Uint8Array, per: number) => {
      const b = new Uint8Array(capacity * per);
      b.set(a);
      return b;
    };
    this.modulo = grow32(this.modulo);
    this.offset = grow32(this.offset);
    this.watchStart = grow64(this.watchStart);
    this.lastValuePulse = grow64(this.lastValuePulse);
    this.lastValueTime = grow64(this.lastValueTime);
    this.resumedPulse = grow64(this.resumedPulse);
    this.resumedTime = grow64(this.resumedTime);
    this.histSecond = grow64(this.histSecond);
    this.firstSecond = grow64(this.firstSecond);
    this.bitsUpTo = grow64(this.bitsUpTo);
    this.lastSampleAt = grow64(this.lastSampleAt);
    this.received = growU8(this.received, HISTORY_SECONDS);
    this.empty = growU8(this.empty, HISTORY_SECONDS);
    this.skipped = growU8(this.skipped, HISTORY_SECONDS);
    this.bits = growU8(this.bits, BITS_BYTES);
    const rev = new Uint32Array(capacity);
    rev.set(this.reversals);
    this.reversals = rev;
    this.capacity = capacity;
  }

  /** Bytes held per slot (for the memory figure of DESIGN.md §9). */
  static bytesPerSlot(): number {
    return 3 * HISTORY_SECONDS + BITS_BYTES + 2 * 4 + 9 * 8 + 4;
  }
}
