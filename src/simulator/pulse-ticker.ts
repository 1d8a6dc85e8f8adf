/**
 * Drives the emulator at 100 Hz from the wall clock, so pulse ids never drift from time:
 * every wake-up emits each pulse whose slot has begun. A late wake-up (a GC pause, a busy
 * machine) catches up at most `maxCatchUp` pulses (1 s by default), as the dispatcher's
 * buffers do; beyond that, pulses are skipped and counted rather than fall further behind.
 */
import { pulseIdAt, pulseTimeMs, systemClock, type Clock } from "./pulse-clock.js";

export interface TickerStats {
  pulses: number;
  skipped: number;
  /** Worst delay between a pulse's slot start and its emission, ms. */
  maxLateMs: number;
}

export class PulseTicker {
  readonly stats: TickerStats = { pulses: 0, skipped: 0, maxLateMs: 0 };
  private timer: NodeJS.Timeout | undefined;
  private lastPulse = -1;
  private running = false;

  constructor(
    private readonly onPulse: (pulseId: number) => void,
    private readonly clock: Clock = systemClock,
    private readonly maxCatchUp = 100,
  ) {}

  get currentPulse(): number {
    return this.lastPulse;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastPulse = pulseIdAt(this.clock.now()) - 1;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    const delay = Math.max(0, pulseTimeMs(this.lastPulse + 1) - this.clock.now());
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    const now = this.clock.now();
    const current = pulseIdAt(now);
    if (current - this.lastPulse > this.maxCatchUp) {
      this.stats.skipped += current - this.lastPulse - this.maxCatchUp;
      this.lastPulse = current - this.maxCatchUp;
    }
    while (this.lastPulse < current && this.running) {
      const pulseId = ++this.lastPulse;
      this.stats.maxLateMs = Math.max(this.stats.maxLateMs, now - pulseTimeMs(pulseId));
      this.stats.pulses++;
      this.onPulse(pulseId);
    }
    this.schedule();
  }
}

