/**
 * The panel's voice: WebAudio tones (no files) — a harsh falling triple beep for error, a
 * soft double tone for warning — and optional speech (Web Speech API). Browsers allow
 * audio only after a user gesture: until then the sound is "not armed" and says so.
 * When to sound is decided elsewhere (alert-announcer.ts).
 */
import { Signal } from "../live/signal.js";
import type { AlarmLevel } from "./announcements.js";

export type { AlarmLevel } from "./announcements.js";

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

/** Long enough for the longest tone to end before speech starts over it. */
const SPEECH_AFTER_TONE_MS = 800;

export class AlarmSound {
  private ctx: AudioContext | null = null;
  private speechTimer: ReturnType<typeof setTimeout> | undefined;
  private testTimer: ReturnType<typeof setTimeout> | undefined;
  /** Speak announcements (off: tones only). */
  speech = false;
  readonly changed = new Signal();

  get armed(): boolean {
    return this.ctx?.state === "running";
  }

  /** Whether this browser can speak at all. */
  get canSpeak(): boolean {
    return typeof speechSynthesis !== "undefined" && typeof SpeechSynthesisUtterance !== "undefined";
  }

  /** Call from a user gesture (click, key): only then may a page start audio (and speech). */
  async arm(): Promise<void> {
    this.ctx ??= new AudioContext();
    this.ctx.onstatechange = () => this.changed.notify();
    await this.ctx.resume().catch(() => undefined);
    this.changed.notify();
  }

  setSpeech(on: boolean): void {
    this.speech = on;
    if (!on && this.canSpeak) speechSynthesis.cancel();
    this.changed.notify();
  }

  /** Both tones, and a spoken sentence when speech is on. */
  test(): void {
    this.tone("error");
    clearTimeout(this.testTimer);
    this.testTimer = setTimeout(() => this.tone("warning"), 1000);
    if (this.speech) this.say("Sound test: error tone, then warning tone.", 2000);
  }

  /** The level's tone, then (speech on) the sentence. Nothing while not armed. */
  announce(level: AlarmLevel, sentence: string): void {
    this.tone(level);
    if (this.speech) this.say(sentence, SPEECH_AFTER_TONE_MS);
  }

  dispose(): void {
    clearTimeout(this.speechTimer);
    clearTimeout(this.testTimer);
    if (this.canSpeak) speechSynthesis.cancel();
    void this.ctx?.close();
  }

  private say(sentence: string, afterMs: number): void {
    if (!this.armed || !this.canSpeak) return;
    clearTimeout(this.speechTimer);
    this.speechTimer = setTimeout(() => {
      // The newest news only: an unfinished older sentence must not delay it.
      speechSynthesis.cancel();
      const u = new SpeechSynthesisUtterance(sentence);
      u.lang = "en-US";
      speechSynthesis.speak(u);
    }, afterMs);
  }

  tone(level: AlarmLevel): void {
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
