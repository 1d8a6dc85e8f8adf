/**
 * Audible alarm (WebAudio oscillators, no files): a harsh falling triple beep for error, a
 * soft double tone for warning, repeated while an unacknowledged alert stands. Browsers
 * allow audio only after a user gesture: until then the sound is "not armed" and says so.
 */
import { Signal } from "../live/signal.js";

export type AlarmLevel = "error" | "warning";

const REPEAT_MS = 4000;

interface Beep {
  hz: number;
  at: number;
  length: number;
  wave: OscillatorType;
}

const TONES: Record<AlarmLevel, Beep[]> = {
  error: [
    { hz: 988, at: 0, length: 0.16, wave: "square" },
    { hz: 784, at: 0.22, length: 0.16, wave: "square" },
    { hz: 988, at: 0.44, length: 0.16, wave: "square" },
  ],
  warning: [
    { hz: 523, at: 0, length: 0.3, wave: "sine" },
    { hz: 659, at: 0.4, length: 0.3, wave: "sine" },
  ],
};

export class AlarmSound {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private level: AlarmLevel | null = null;
  readonly changed = new Signal();

  get armed(): boolean {
    return this.ctx?.state === "running";
  }

  get sounding(): AlarmLevel | null {
    return this.level;
  }

  /** Call from a user gesture (click, key): only then may a page start audio. */
  async arm(): Promise<void> {
    this.ctx ??= new AudioContext();
    this.ctx.onstatechange = () => this.changed.notify();
    await this.ctx.resume().catch(() => undefined);
    this.changed.notify();
    if (this.level) this.play(this.level);
  }

  test(): void {
    this.play("error");
    setTimeout(() => this.play("warning"), 1000);
  }

  /** The worst unacknowledged alert now (null: none): starts, changes or stops the alarm. */
  setAlarm(level: AlarmLevel | null): void {
    if (level === this.level) return;
    this.level = level;
    clearInterval(this.timer);
    if (level) {
      this.play(level);
      this.timer = setInterval(() => this.play(level), REPEAT_MS);
    }
    this.changed.notify();
  }

  dispose(): void {
    clearInterval(this.timer);
    void this.ctx?.close();
  }

  private play(level: AlarmLevel): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== "running") return;
    const t0 = ctx.currentTime + 0.02;
    for (const b of TONES[level]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = b.wave;
      osc.frequency.value = b.hz;
      // Short ramps: no clicks at the start and end of each beep.
      gain.gain.setValueAtTime(0, t0 + b.at);
      gain.gain.linearRampToValueAtTime(0.25, t0 + b.at + 0.01);
      gain.gain.setValueAtTime(0.25, t0 + b.at + b.length - 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + b.at + b.length);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + b.at);
      osc.stop(t0 + b.at + b.length + 0.01);
    }
  }
}
