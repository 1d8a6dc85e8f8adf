/**
 * A compact, growable list of inclusive `[first, last]` pulse-id ranges, increasing and
 * disjoint, stored as pairs in one Float64Array (pulse ids are > 2^32 but < 2^53, so they do
 * not fit a Uint32Array and are exact in a double). Used by runs (DESIGN.md §3 "Runs") to
 * keep the missing pulses of one channel.
 *
 * Ranges are added in increasing order with a `step`: a new range whose first pulse is at
 * most `step` after the last range's end continues that range ("no due pulse in between was
 * received": for a modulo-10 channel, missing pulses 1003, 1013, 1023 are the one range
 * [1003, 1023]).
 *
 * Memory is bounded: at most `maxRanges` ranges are stored. When the list is full, a new
 * range that does not continue the last one is merged into it (the last range then also
 * covers pulses that were received) and `truncated` becomes true. The list remembers where
 * its exact information ended, so that trimming back to before that point (`trimAfter`)
 * restores an exact, untruncated list.
 */

export const DEFAULT_MAX_RANGES = 10_000;

const INITIAL_CAPACITY = 4;

export class PulseRanges {
  /** Pairs: data[2k] = first, data[2k+1] = last of range k. */
  private data: Float64Array;
  private n = 0;
  private isTruncated = false;
  /** While truncated: the end of the last range as it was before the first merge. */
  private exactEnd = Number.NaN;
  /** While truncated: every pulse <= exactUpTo is described exactly by the ranges (with exactEnd). */
  private exactUpToPulse = Number.NaN;

  readonly maxRanges: number;

  constructor(maxRanges: number = DEFAULT_MAX_RANGES, initialCapacity: number = INITIAL_CAPACITY) {
    if (!Number.isSafeInteger(maxRanges) || maxRanges < 1) {
      throw new RangeError(`maxRanges must be an integer >= 1, got ${maxRanges}`);
    }
    this.maxRanges = maxRanges;
    const capacity = Math.max(1, Math.min(maxRanges, Math.floor(initialCapacity) || 1));
    this.data = new Float64Array(2 * capacity);
  }

  /** Number of stored ranges. */
  get count(): number {
    return this.n;
  }

  /** True when ranges were merged beyond `maxRanges`: the last range also covers received pulses. */
  get truncated(): boolean {
    return this.isTruncated;
  }

  /** While truncated, the last pulse up to which the list is still exact; NaN otherwise. */
  get exactUpTo(): number {
    return this.exactUpToPulse;
  }

  /** End of the last range, or NaN when empty. */
  get lastPulse(): number {
    return this.n === 0 ? Number.NaN : this.data[2 * this.n - 1];
  }

  /** Stored bytes (the backing array; excludes the fixed object overhead). */
  get byteLength(): number {
    return this.data.byteLength;
  }

  first(index: number): number {
    this.checkIndex(index);
    return this.data[2 * index];
  }

  last(index: number): number {
    this.checkIndex(index);
    return this.data[2 * index + 1];
  }

  /**
   * Adds the single pulse `pulse` (hot path of run accounting: no allocation unless the
   * backing array grows). Same rules as `add(pulse, pulse, step)`.
   */
  addPulse(pulse: number, step: number): void {
    const n = this.n;
    if (n > 0) {
      const li = 2 * n - 1;
      const lastEnd = this.data[li];
      if (pulse <= lastEnd) throw orderError(pulse, lastEnd);
      if (pulse - lastEnd <= step) {
        this.data[li] = pulse;
        return;
      }
      if (n === this.maxRanges) {
        this.mergeIntoLast(pulse, pulse);
        return;
      }
    }
    this.append(pulse, pulse);
  }

  /**
   * Adds the inclusive range [first, last] (first > end of the last stored range). When
   * `first - lastEnd <= step` the last range is extended; otherwise a new range is appended,
   * or, when `maxRanges` are stored already, merged into the last one (`truncated`).
   */
  add(first: number, last: number, step: number): void {
    if (!(first <= last)) throw new RangeError(`range [${first}, ${last}] is empty`);
    const n = this.n;
    if (n > 0) {
      const li = 2 * n - 1;
      const lastEnd = this.data[li];
      if (first <= lastEnd) throw orderError(first, lastEnd);
      if (first - lastEnd <= step) {
        this.data[li] = last;
        return;
      }
      if (n === this.maxRanges) {
        this.mergeIntoLast(first, last);
        return;
      }
    }
    this.append(first, last);
  }

  /**
   * Removes every pulse > maxPulse: drops ranges starting after it, clips the one that
   * spans it (pass a pulse that is itself "due" to keep range ends on due pulses). When the
   * list is truncated and maxPulse lies within its exact part, the exact last range is
   * restored and `truncated` becomes false.
   */
  trimAfter(maxPulse: number): void {
    if (this.isTruncated && maxPulse <= this.exactUpToPulse) {
      this.data[2 * this.n - 1] = this.exactEnd;
      this.clearTruncation();
    }
    let n = this.n;
    while (n > 0 && this.data[2 * (n - 1)] > maxPulse) n--;
    if (n > 0 && this.data[2 * n - 1] > maxPulse) this.data[2 * n - 1] = maxPulse;
    this.n = n;
  }

  /** Removes all ranges (keeps the backing array). */
  clear(): void {
    this.n = 0;
    this.clearTruncation();
  }

  toArray(): [number, number][] {
    const out: [number, number][] = new Array(this.n);
    for (let k = 0; k < this.n; k++) out[k] = [this.data[2 * k], this.data[2 * k + 1]];
    return out;
  }

  /** Calls fn(first, last) for each range, in order, without allocating. */
  forEach(fn: (first: number, last: number) => void): void {
    for (let k = 0; k < this.n; k++) fn(this.data[2 * k], this.data[2 * k + 1]);
  }

  private append(first: number, last: number): void {
    if (2 * this.n === this.data.length) this.grow();
    this.data[2 * this.n] = first;
    this.data[2 * this.n + 1] = last;
    this.n++;
  }

  private mergeIntoLast(first: number, last: number): void {
    const li = 2 * this.n - 1;
    if (!this.isTruncated) {
      this.isTruncated = true;
      this.exactEnd = this.data[li];
      this.exactUpToPulse = first - 1;
    }
    this.data[li] = last;
  }

  private clearTruncation(): void {
    this.isTruncated = false;
    this.exactEnd = Number.NaN;
    this.exactUpToPulse = Number.NaN;
  }

  private grow(): void {
    const capacity = Math.min(this.maxRanges, Math.max(INITIAL_CAPACITY, 2 * (this.data.length / 2)));
    const next = new Float64Array(2 * capacity);
    next.set(this.data);
    this.data = next;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.n) {
      throw new RangeError(`range index ${index} out of [0, ${this.n})`);
    }
  }
}

function orderError(first: number, lastEnd: number): RangeError {
  return new RangeError(`pulse ${first} does not come after the last stored pulse ${lastEnd}`);
}
