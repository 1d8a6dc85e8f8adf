/**
 * The last hour of every channel of the set, for the tiles' sparklines: one request for the
 * whole set (GET /history, 1-minute buckets), repeated every minute while sparklines are
 * shown, never while they are not (a dense wall of 2,000 tiles has none). Each sparkline
 * subscribes to its own channel, so a refresh redraws sparklines, never the grid or tiles.
 */
import { api } from "../api.js";
import { Signal } from "../live/signal.js";

export const HISTORY_SECONDS = 3600;
export const HISTORY_STEP = 60;
const REFRESH_MS = 60_000;
const RETRY_MS = 10_000;

interface HistoryAnswer {
  seconds: number;
  step: number;
  buckets: number;
  endTime: string;
  channels: Array<{ name: string; expectedHz: number | null; received: number[]; missing: number[]; known: number[] }>;
}

/** One channel's hour, ready to draw: per bucket, oldest first. */
export interface ChannelHistory {
  /** Wall time (ms) at the end of the last bucket. */
  endMs: number;
  step: number;
  expectedHz: number | null;
  /** Values per second over the known seconds of the bucket; null: nothing known (no data). */
  rate: (number | null)[];
  /** Missing / due in the bucket; null where nothing was missing or nothing is known. */
  gap: (number | null)[];
}

/** Buckets -> rates and gap fractions. A bucket with no known second is no-data, never zero. */
export function toChannelHistory(c: HistoryAnswer["channels"][number], endMs: number, step: number): ChannelHistory {
  const n = c.known.length;
  const rate = new Array<number | null>(n);
  const gap = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const known = c.known[i]!;
    const received = c.received[i]!;
    const missing = c.missing[i]!;
    rate[i] = known > 0 ? received / known : null;
    gap[i] = known > 0 && missing > 0 ? missing / (received + missing) : null;
  }
  return { endMs, step, expectedHz: c.expectedHz, rate, gap };
}

export class HistoryStore {
  private readonly data = new Map<string, ChannelHistory>();
  private readonly signals = new Map<string, Signal>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wanted = false;
  private inFlight = false;
  /** Date.now() of the last answer (0: none yet). */
  loadedAt = 0;

  constructor(readonly set: string) {}

  get(name: string): ChannelHistory | undefined {
    return this.data.get(name);
  }

  subscribe(name: string, listener: () => void): () => void {
    let s = this.signals.get(name);
    if (!s) this.signals.set(name, (s = new Signal()));
    return s.subscribe(listener);
  }

  /** Fetch (now, then every minute) only while some sparkline is on screen. */
  want(wanted: boolean): void {
    if (wanted === this.wanted) return;
    this.wanted = wanted;
    if (wanted) {
      // Shown again after a pause: refresh now if what we hold is old, else at its due time.
      this.schedule(Math.max(0, this.loadedAt + REFRESH_MS - Date.now()));
    } else if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  stop(): void {
    this.want(false);
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load();
    }, ms);
  }

  private async load(): Promise<void> {
    if (!this.wanted || this.inFlight) return;
    this.inFlight = true;
    let ok = false;
    try {
      const h = await api.get<HistoryAnswer>(`/history?set=${encodeURIComponent(this.set)}&seconds=${HISTORY_SECONDS}&step=${HISTORY_STEP}`);
      const endMs = Date.parse(h.endTime);
      const seen = new Set<string>();
      for (const c of h.channels) {
        seen.add(c.name);
        this.data.set(c.name, toChannelHistory(c, endMs, h.step));
      }
      for (const name of [...this.data.keys()]) if (!seen.has(name)) this.data.delete(name);
      this.loadedAt = Date.now();
      ok = true;
      for (const s of this.signals.values()) s.notify();
    } catch {
      // Server away or set gone: the sparklines keep what they had, the panel says the rest.
    } finally {
      this.inFlight = false;
      if (this.wanted) this.schedule(ok ? REFRESH_MS : RETRY_MS);
    }
  }
}
