/**
 * Keeps one dispatcher stream open for a changing set of channels: requests it with
 * fill-null, connects a SUB receiver, renews it when it goes silent or dies, retries
 * without the channels the dispatcher refuses, and switches make-before-break when the
 * channel set changes (the new stream delivers before the old one is deleted), so
 * unchanged channels see no gap. `DELETE /stream` on every stream it leaves.
 */
import { Receiver, type DecodedMessage } from "../bsread/index.js";
import { Backoff } from "./backoff.js";
import type { DispatcherClient } from "./dispatcher-client.js";
import { DispatcherError } from "./dispatcher-errors.js";

export interface StreamKeeperOptions {
  /** A stream that delivered nothing for this long is replaced. */
  renewAfterMs: number;
  /** How long a new stream may take to deliver its first message. */
  firstMessageTimeoutMs: number;
  retryMinMs: number;
  retryMaxMs: number;
  /** Refused channels are offered again this often. */
  refusedRetryMs: number;
  /** Receiver stall report, ms. */
  receiveTimeoutMs: number;
}

export interface StreamKeeperEvents {
  message(msg: DecodedMessage, now: number): void;
  /** The stream is (or is not) delivering; `error` says why not. */
  connection(connected: boolean, error: string | undefined, now: number): void;
  /** Channels the dispatcher refused, with its reason (replaces the previous map). */
  refused(refused: ReadonlyMap<string, string>): void;
  /** Protocol problems in the stream. */
  protocolError(message: string): void;
}

interface ActiveStream {
  address: string;
  receiver: Receiver;
  channels: Set<string>;
  lastMessageAt: number;
  delivering: boolean;
}

// Unref: a pending wait must not keep a stopping process alive.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export class StreamKeeper {
  private desired = new Set<string>();
  private desiredVersion = 0;
  private active: ActiveStream | undefined;
  private refused = new Map<string, string>();
  private refusedAt = 0;
  private readonly backoff: Backoff;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly client: DispatcherClient,
    private readonly options: StreamKeeperOptions,
    private readonly events: StreamKeeperEvents,
  ) {
    this.backoff = new Backoff(options.retryMinMs, options.retryMaxMs);
  }

  /** The channels to stream; the switch happens in the background. */
  setChannels(names: Iterable<string>): void {
    const next = new Set(names);
    if (next.size === this.desired.size && [...next].every((n) => this.desired.has(n))) return;
    this.desired = next;
    this.desiredVersion++;
    for (const name of [...this.refused.keys()]) if (!next.has(name)) this.refused.delete(name);
    this.events.refused(new Map(this.refused));
    this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.active) await this.leave(this.active);
    this.active = undefined;
  }

  get address(): string | undefined {
    return this.active?.address;
  }

  private setConnected(connected: boolean, error: string | undefined): void {
    if (connected === this.connected && connected) return;
    this.connected = connected;
    this.events.connection(connected, error, Date.now());
  }

  private async pause(ms: number): Promise<void> {
    await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
    this.wake = undefined;
  }

  private wanted(): string[] {
    return [...this.desired].filter((n) => !this.refused.has(n)).sort();
  }

  private async run(): Promise<void> {
    let builtVersion = -1;
    while (this.running) {
      const now = Date.now();
      const active = this.active;
      const silent = active ? now - active.lastMessageAt : Infinity;
      const retryRefused = this.refused.size > 0 && now - this.refusedAt > this.options.refusedRetryMs;
      const needsNew = this.desired.size > 0 && (!active || builtVersion !== this.desiredVersion || silent > this.options.renewAfterMs || retryRefused);
      if (active && silent > this.options.renewAfterMs) this.setConnected(false, `no message for ${(silent / 1000).toFixed(1)} s`);
      if (this.desired.size === 0 && active) {
        await this.leave(active);
        this.active = undefined;
        this.setConnected(false, "no channels to stream");
      }
      if (!needsNew) {
        await this.pause(200);
        continue;
      }
      const version = this.desiredVersion;
      if (retryRefused) this.refused.clear();
      try {
        const next = await this.open(this.wanted());
        if (!this.running) {
          await this.leave(next);
          break;
        }
        builtVersion = version;
        this.backoff.reset();
        // What is streamed now was accepted: only the channels refused on this request stay refused.
        this.events.refused(new Map(this.refused));
        const old = this.active;
        this.active = next;
        if (old) await this.leave(old);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        this.setConnected(false, why);
        await this.pause(this.backoff.next());
      }
    }
  }

  /** Requests a stream (dropping refused channels) and waits for its first message. */
  private async open(names: string[]): Promise<ActiveStream> {
    let request = names;
    for (;;) {
      if (request.length === 0) throw new Error("every channel was refused");
      try {
        const opened = await this.client.openStream(request.map((name) => ({ name })));
        return await this.connect(opened.address, new Set(request));
      } catch (err) {
        if (err instanceof DispatcherError && err.code === "STREAM_REFUSED" && err.details.refused) {
          for (const [name, reason] of err.details.refused) this.refused.set(name, reason);
          this.refusedAt = Date.now();
          this.events.refused(new Map(this.refused));
          request = request.filter((n) => !this.refused.has(n));
          continue;
        }
        throw err;
      }
    }
  }

  private async connect(address: string, channels: Set<string>): Promise<ActiveStream> {
    // 3 s of pulses may queue while the process is busy; more would be dropped by ZeroMQ (and counted as gaps).
    const receiver = new Receiver({ address, mode: "sub", receiveTimeoutMs: this.options.receiveTimeoutMs, highWaterMark: 300 });
    const stream: ActiveStream = { address, receiver, channels, lastMessageAt: Date.now(), delivering: false };
    receiver.on("protocolError", (e) => this.events.protocolError(`${e.code}: ${e.message}`));
    let first: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => (first = resolve));
    void (async () => {
      for await (const msg of receiver) {
        const now = Date.now();
        stream.lastMessageAt = now;
        if (!stream.delivering) {
          stream.delivering = true;
          first();
        }
        // During a switch both streams deliver; only the newest one feeds the monitor.
        if (this.active === stream || (this.active === undefined && this.running)) {
          this.setConnected(true, undefined);
          this.events.message(msg, now);
        }
      }
    })();
    const ok = await Promise.race([delivered.then(() => true), sleep(this.options.firstMessageTimeoutMs).then(() => false)]);
    if (!ok) {
      await this.leave(stream);
      throw new Error(`stream ${address} delivered nothing within ${this.options.firstMessageTimeoutMs} ms`);
    }
    return stream;
  }

  private async leave(stream: ActiveStream): Promise<void> {
    stream.receiver.close();
    try {
      await this.client.deleteStream(stream.address);
    } catch {
      // The dispatcher cleans up unconnected streams by itself; nothing else to do.
    }
  }
}
