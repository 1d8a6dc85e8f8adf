/**
 * Live values for whoever looks at a channel (channel page, scripts), at no cost for the
 * channels nobody looks at. A request marks interest in a channel for `interestMs`; while
 * any interest exists, each ingested message is checked for the interesting channels and
 * the newest message that carried a value is kept (a reference, no copy, no decode). The
 * value is decoded only when asked, at most every `minIntervalMs` per channel
 * (`imageIntervalMs` for images); answers in between repeat the last decode.
 * With no interest at all, `offer` is one size check.
 */
import { BsreadDecodeError, type DecodedMessage, type Timestamp } from "../bsread/index.js";
import { DEFAULT_SHAPE_LIMITS, shapeValue, type ShapeLimits, type ShapedValue } from "./value-shape.js";

export interface ValueSamplerOptions extends ShapeLimits {
  /** Interest in a channel lasts this long after its last request. */
  interestMs: number;
  /** Fastest decode rate per channel (10 Hz). */
  minIntervalMs: number;
  /** Fastest decode rate for images (2 Hz). */
  imageIntervalMs: number;
}

export const DEFAULT_SAMPLER_OPTIONS: ValueSamplerOptions = { ...DEFAULT_SHAPE_LIMITS, interestMs: 10_000, minIntervalMs: 100, imageIntervalMs: 500 };

export interface SampledValue extends ShapedValue {
  channel: string;
  pulseId: number;
  /** The channel's own timestamp, or the message's global one when the channel has none. */
  timestamp: Timestamp;
  type: string;
  shape: readonly number[];
  /** When this decode happened (ms since the epoch). */
  decodedAt: number;
  /** When the message carrying this value arrived here (ms since the epoch, server clock). */
  receivedAt: number;
}

export type ValueAnswer =
  | { ok: true; sample: SampledValue }
  | { ok: false; code: "NO_VALUE_YET"; message: string }
  | { ok: false; code: "VALUE_UNDECODABLE"; decodeCode: string; pulseId: number; message: string };

interface Interest {
  until: number;
  /** Newest message that carried a value of the channel, and the channel's index in it. */
  message: DecodedMessage | undefined;
  index: number;
  /** When `message` arrived (server clock): its age does not depend on the IOC's clock. */
  receivedAt: number;
  /** Last decode: its answer, the pulse it decoded, and when. */
  answer: ValueAnswer | undefined;
  answerPulse: number;
  decodedAt: number;
  since: number;
  /** Requests waiting for the first value. */
  waiters: Array<() => void>;
}

/** A pulse id this far below the kept one is a restarted clock, not an old message. */
const RESET_JUMP = 100_000;

export class ValueSampler {
  private readonly options: ValueSamplerOptions;
  private readonly interests = new Map<string, Interest>();
  /** Decodes done (for tests and metrics). */
  decodes = 0;

  constructor(options: Partial<ValueSamplerOptions> = {}) {
    this.options = { ...DEFAULT_SAMPLER_OPTIONS, ...options };
  }

  /** Channels someone asked for recently. */
  interestedIn(): string[] {
    return [...this.interests.keys()];
  }

  /** Hot path: called for every ingested message. */
  offer(msg: DecodedMessage, now: number): void {
    if (this.interests.size === 0) return;
    for (const [name, interest] of this.interests) {
      if (interest.until < now) {
        this.drop(name, interest);
        continue;
      }
      const index = msg.indexOf(name);
      if (index < 0 || msg.isEmpty(index)) continue;
      const held = interest.message?.pulseId;
      if (held !== undefined && msg.pulseId <= held && msg.pulseId > held - RESET_JUMP) continue;
      interest.message = msg;
      interest.index = index;
      interest.receivedAt = now;
      if (interest.waiters.length > 0) for (const wake of interest.waiters.splice(0)) wake();
    }
  }

  /**
   * The channel's latest value, decoded now unless the last decode is recent enough.
   * Marks interest; on the first request (nothing kept yet) waits up to `waitMs` for a
   * message that carries the channel.
   */
  async read(name: string, now: number, waitMs = 0): Promise<ValueAnswer> {
    this.sweep(now);
    let interest = this.interests.get(name);
    if (!interest) {
      interest = { until: 0, message: undefined, index: -1, receivedAt: NaN, answer: undefined, answerPulse: NaN, decodedAt: -Infinity, since: now, waiters: [] };
      this.interests.set(name, interest);
    }
    interest.until = now + this.options.interestMs;
    const waitLeft = interest.since + waitMs - now;
    if (interest.message === undefined && waitLeft > 0) {
      const started = Date.now();
      await this.firstValue(interest, waitLeft);
      now += Date.now() - started;
    }
    return this.answer(name, interest, now);
  }

  /** Resolves on the first message, when the interest is dropped, or after `ms`; a timed-out waiter leaves the list. */
  private firstValue(interest: Interest, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = interest.waiters.indexOf(done);
        if (at >= 0) interest.waiters.splice(at, 1);
        resolve();
      }, ms);
      interest.waiters.push(done);
    });
  }

  private answer(name: string, interest: Interest, now: number): ValueAnswer {
    const msg = interest.message;
    if (!msg) {
      const asked = ((now - interest.since) / 1000).toFixed(1);
      return { ok: false, code: "NO_VALUE_YET", message: `no value of ${name} has arrived since it was first asked for ${asked} s ago` };
    }
    const layout = msg.dataHeader.channels[interest.index]!;
    const interval = layout.shape.filter((d) => d > 1).length >= 2 ? this.options.imageIntervalMs : this.options.minIntervalMs;
    const fresh = interest.answerPulse === msg.pulseId || now - interest.decodedAt < interval;
    if (interest.answer && fresh) return interest.answer;
    interest.answer = this.decode(name, msg, interest.index, interest.receivedAt, now);
    interest.answerPulse = msg.pulseId;
    interest.decodedAt = now;
    return interest.answer;
  }

  private decode(name: string, msg: DecodedMessage, index: number, receivedAt: number, now: number): ValueAnswer {
    const layout = msg.dataHeader.channels[index]!;
    this.decodes++;
    let value;
    try {
      value = msg.value(index);
    } catch (err) {
      const decodeCode = err instanceof BsreadDecodeError ? err.code : "DECODE_FAILED";
      return { ok: false, code: "VALUE_UNDECODABLE", decodeCode, pulseId: msg.pulseId, message: err instanceof Error ? err.message : String(err) };
    }
    // offer() keeps only messages with a value, so null means an empty frame slipped through.
    if (value === null) return { ok: false, code: "NO_VALUE_YET", message: `the last message of ${name} carried no value` };
    return {
      ok: true,
      sample: {
        channel: name,
        pulseId: msg.pulseId,
        timestamp: msg.timestamp(index) ?? msg.globalTimestamp,
        type: layout.type,
        shape: layout.shape,
        decodedAt: now,
        receivedAt,
        ...shapeValue(value, layout.shape, this.options),
      },
    };
  }

  /**
   * Forgets expired interests and the messages they hold (a whole decoded message can be
   * megabytes); called on every request and by the runtime's periodic evaluation, so memory
   * is released even when no message and no request arrives any more.
   */
  sweep(now: number): void {
    for (const [name, interest] of this.interests) if (interest.until < now) this.drop(name, interest);
  }

  private drop(name: string, interest: Interest): void {
    this.interests.delete(name);
    interest.message = undefined;
    interest.answer = undefined;
    for (const wake of interest.waiters.splice(0)) wake();
  }

  /** Messages held for interested channels (tests and metrics). */
  heldMessages(): number {
    let n = 0;
    for (const interest of this.interests.values()) if (interest.message) n++;
    return n;
  }

  /** Requests waiting for a first value (tests and metrics). */
  waiting(): number {
    let n = 0;
    for (const interest of this.interests.values()) n += interest.waiters.length;
    return n;
  }
}
