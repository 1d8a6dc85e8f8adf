/** A fake dispatcher stream feeding a Monitor pulse by pulse, on a clock the test controls. */
import { MessageDecoder, MessageEncoder, type BsreadType, type ValueToSend } from "../../src/bsread/index.js";
import type { CatalogChannel, RecordedState } from "../../src/dispatcher/dispatcher-client.js";
import { Monitor } from "../../src/monitor/monitor.js";
import type { ChannelThresholds } from "../../src/monitor/defaults.js";
import type { ReasonCode } from "../../src/monitor/status.js";

export const BACKEND = "sf-databuffer";
export const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
export const P0 = 32_000_000_000;

export interface SimChannel {
  name: string;
  type?: BsreadType;
  shape?: number[];
  modulo?: number;
  offset?: number;
  source?: string;
}

/** A fake dispatcher stream feeding a Monitor pulse by pulse, with a clock it controls. */
export class Harness {
  readonly monitor: Monitor;
  now = T0;
  pulse = P0;
  private readonly encoder = new MessageEncoder();
  private readonly decoder = new MessageDecoder();
  channels: Required<SimChannel>[];
  /** Per channel: return null (empty), a value, or "corrupt" for an undecodable frame. */
  valueOf: (name: string, pulse: number) => ValueToSend | "corrupt" = () => 1.5;
  timestampSkewMs = 0;
  recorded = new Map<string, RecordedState>();
  /** Channels whose latestEventDate the fake dispatcher stops advancing. */
  frozen = new Set<string>();

  constructor(channels: SimChannel[], thresholds: Partial<ChannelThresholds> = {}) {
    this.channels = channels.map((c) => ({ type: "float64", shape: [1], modulo: 1, offset: 0, source: "tcp://IOC-A:9999", ...c }));
    this.monitor = new Monitor({ thresholds: { warmupMs: 1000, ...thresholds } });
    this.monitor.setCatalog(BACKEND, this.channels.map((c): CatalogChannel => ({ name: c.name, backend: BACKEND, type: c.type, shape: [...c.shape], modulo: c.modulo, offset: c.offset, source: c.source })));
    this.monitor.setRestHealth(BACKEND, true, undefined, this.now);
    for (const c of this.channels) this.recorded.set(c.name, { configured: true, connected: true, recording: true, latestEventDate: undefined, latestEventMs: this.now });
    this.monitor.watch("set", this.channels.map((c) => ({ name: c.name })), this.now);
    this.monitor.setFeedConnected(BACKEND, "dispatcher", true, undefined, this.now);
  }

  /** Advances `pulses` pulses (10 ms each), sending a message per pulse unless skipped. */
  run(pulses: number, options: { skip?: (pulse: number) => boolean } = {}): void {
    for (let i = 0; i < pulses; i++) {
      this.pulse++;
      this.now += 10;
      if (!options.skip?.(this.pulse)) this.send();
      if (this.pulse % 20 === 0) this.poll();
      if (this.pulse % 10 === 0) this.monitor.evaluate(this.now);
    }
    this.monitor.evaluate(this.now);
  }

  /** Time passes without any message. */
  silence(ms: number): void {
    for (let t = 0; t < ms; t += 100) {
      this.now += 100;
      this.pulse += 10;
      this.poll();
      this.monitor.evaluate(this.now);
    }
  }

  private poll(): void {
    for (const [name, s] of this.recorded) if (!this.frozen.has(name) && s.recording && s.connected) s.latestEventMs = this.now;
    this.monitor.setRecorded(this.recorded, [...this.recorded.keys()], this.now);
  }

  private send(): void {
    const ts = { sec: Math.floor(this.now / 1000), ns: (this.now % 1000) * 1e6 + (this.pulse % 1e6) };
    const skewed = { sec: ts.sec + Math.trunc(this.timestampSkewMs / 1000), ns: ts.ns };
    const corrupt: number[] = [];
    const values = this.channels.map((c, i) => {
      const due = (this.pulse - c.offset) % c.modulo === 0;
      const v = due ? this.valueOf(c.name, this.pulse) : null;
      if (v === "corrupt") {
        corrupt.push(i);
        return 0;
      }
      return v;
    });
    const layout = this.encoder.prepare(this.channels.map((c) => ({ name: c.name, type: c.type, shape: c.shape, encoding: "little", compression: "none", modulo: c.modulo, offset: c.offset })));
    const frames = this.encoder.encodeValues(layout, this.pulse, ts, values as ValueToSend[], this.channels.map(() => (this.timestampSkewMs ? skewed : undefined)));
    for (const i of corrupt) frames[2 + 2 * i] = new Uint8Array([1, 2, 3]);
    this.monitor.ingestMessage(BACKEND, "dispatcher", this.decoder.decode(frames), this.now);
  }

  codes(name: string): ReasonCode[] {
    return this.monitor.status(name, this.now)!.reasons.map((r) => r.code);
  }

  message(name: string, code: ReasonCode): string | undefined {
    return this.monitor.status(name, this.now)!.reasons.find((r) => r.code === code)?.message;
  }

  level(name: string) {
    return this.monitor.status(name, this.now)!.status;
  }
}

