/**
 * Turns the live channel states into sound: new alerts are collected for FLOOD_WINDOW_MS
 * and announced once (tone + optional speech, collapsed per group), and while any alert
 * waits for acknowledgement a reminder repeats every nag interval. The decisions are the
 * pure functions of announcements.ts; this class owns only the timers.
 */
import { Signal } from "../live/signal.js";
import type { Channel } from "../types.js";
import type { AlarmSound } from "./alarm-sound.js";
import { FloodWindow, freshAlerts, nagAnnouncement, summarize, waitsForAck, type Announcement } from "./announcements.js";

/** New alerts this close together make one announcement ("12 channels of SARFE10 failed"). */
export const FLOOD_WINDOW_MS = 2000;

export class AlertAnnouncer {
  private readonly seen = new Set<string>();
  private readonly flood = new FloodWindow(FLOOD_WINDOW_MS);
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private nagTimer: ReturnType<typeof setInterval> | undefined;
  private wasArmed = false;
  private readonly unsubscribe: () => void;
  /** The reminder to repeat now (null: nothing waits for acknowledgement). */
  nag: Announcement | null = null;
  /** The last thing said, for the screen. */
  last: Announcement | null = null;
  readonly changed = new Signal();

  constructor(
    private readonly sound: AlarmSound,
    private readonly nagMs: number,
  ) {
    // Arming with alerts already waiting: say so at once, not a nag interval later.
    this.unsubscribe = sound.changed.subscribe(() => {
      if (sound.armed && !this.wasArmed && this.nag) this.play(this.nag);
      this.wasArmed = sound.armed;
    });
  }

  /** Every snapshot and delta. While the link is not live nothing is known: silence, no news. */
  update(channels: readonly Channel[], live: boolean): void {
    if (!live) {
      this.setNag(null);
      return;
    }
    const now = Date.now();
    this.flood.add(freshAlerts(channels, this.seen), now);
    const waiting = new Set(channels.filter(waitsForAck).map((c) => c.name));
    this.flood.drop((name) => waiting.has(name));
    const due = this.flood.dueAt;
    if (due !== null && this.flushTimer === undefined) this.flushTimer = setTimeout(() => this.flush(), Math.max(0, due - now));
    this.setNag(nagAnnouncement(channels));
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    clearInterval(this.nagTimer);
    this.unsubscribe();
  }

  private flush(): void {
    this.flushTimer = undefined;
    const announcement = summarize(this.flood.take(Date.now()));
    if (!announcement) return;
    this.play(announcement);
    this.restartNag(); // the next reminder counts from this announcement
  }

  private setNag(nag: Announcement | null): void {
    const before = this.nag;
    this.nag = nag;
    if (!nag) {
      clearInterval(this.nagTimer);
      this.nagTimer = undefined;
    } else if (this.nagTimer === undefined) this.restartNag();
    if (before?.text !== nag?.text) this.changed.notify();
  }

  private restartNag(): void {
    clearInterval(this.nagTimer);
    this.nagTimer = this.nag ? setInterval(() => this.nag && this.play(this.nag), this.nagMs) : undefined;
  }

  private play(a: Announcement): void {
    if (!this.sound.armed) return;
    this.sound.announce(a.level, a.speech);
    this.last = a;
    this.changed.notify();
  }
}
