/**
 * Counts received messages the way the C receiver does (c/receiver.c), so every receiver
 * is measured alike: messages during the warm-up are not counted (JIT, connection
 * set-up), then the clock starts at the end of a message and the following messages are
 * counted until the duration is over.
 */

export interface ReceiveResult {
  messages: number;
  frames: number;
  /** Payload bytes: the sum of frame lengths, no ZeroMQ framing. */
  bytes: number;
  seconds: number;
}

export class RateMeter {
  private first = -1;
  private start = -1;
  private end = -1;
  private messages = 0;
  private frames = 0;
  private bytes = 0;
  /** performance.now() of the last message, for a watchdog. */
  lastMessageAt = performance.now();

  constructor(
    private readonly warmupMs: number,
    private readonly durationMs: number,
  ) {}

  /** Notes one received message; true when the measurement is complete. */
  tick(frames: readonly Uint8Array[]): boolean {
    const t = performance.now();
    this.lastMessageAt = t;
    if (this.first < 0) this.first = t;
    if (this.start < 0) {
      if (t - this.first >= this.warmupMs) this.start = t;
      return false;
    }
    this.messages++;
    this.frames += frames.length;
    for (let i = 0; i < frames.length; i++) this.bytes += frames[i]!.length;
    if (t - this.start < this.durationMs) return false;
    this.end = t;
    return true;
  }

  get done(): boolean {
    return this.end >= 0;
  }

  result(): ReceiveResult {
    if (!this.done) throw new Error("measurement not complete");
    return { messages: this.messages, frames: this.frames, bytes: this.bytes, seconds: (this.end - this.start) / 1000 };
  }
}
