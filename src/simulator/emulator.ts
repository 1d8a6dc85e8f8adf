/**
 * The SwissFEL emulator: both dispatcher backends, the /sim fault API, and the 100 Hz
 * pulse loop feeding every output stream. What `channelwatch simulate` runs and what the
 * tests and benchmarks talk to.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import { buildCatalog } from "./catalog.js";
import { BACKENDS, type Backend, type Catalog } from "./channel-spec.js";
import { registerDispatcherBackend } from "./dispatcher-api.js";
import { FaultRegistry } from "./fault-registry.js";
import type { FaultSpec } from "./fault-spec.js";
import { systemClock, type Clock } from "./pulse-clock.js";
import { PulseTicker } from "./pulse-ticker.js";
import { playScenario, type Scenario } from "./scenario.js";
import { registerSimApi } from "./sim-api.js";
import { StreamRegistry } from "./stream-registry.js";
import { valueAt } from "./value-generator.js";

export interface EmulatorOptions {
  /** HTTP port; 0 picks a free one. Default 8090. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Catalog size (default about 2,000). */
  channels?: number;
  seed?: number;
  scenario?: Scenario;
  /** Streams without a connected client are removed after this long (default 30 s). */
  streamIdleTimeoutMs?: number;
  /** Log requests (pino); default off. */
  logger?: boolean;
  clock?: Clock;
}

const IDLE_CHECK_EVERY_PULSES = 100;

export class Emulator {
  readonly catalog: Catalog;
  readonly faults = new FaultRegistry();
  readonly streams: StreamRegistry;
  readonly ticker: PulseTicker;
  private readonly app: FastifyInstance;
  private readonly clock: Clock;
  private stopScenario: (() => void) | undefined;
  private baseUrl = "";

  private constructor(private readonly options: EmulatorOptions) {
    this.clock = options.clock ?? systemClock;
    this.catalog = buildCatalog({ channels: options.channels, seed: options.seed });
    this.streams = new StreamRegistry(this.catalog, this.faults, options.streamIdleTimeoutMs ?? 30_000);
    this.faults.onChange((fault, change) => {
      if (change === "added" && fault.kind === "stream_kill") this.streams.kill(fault.backend);
    });
    // Array values are computed once per channel; doing it now keeps the first pulses on time.
    for (const c of this.catalog.channels) if (c.shape.length > 1 || c.shape[0] !== 1) valueAt(c, 0);
    this.ticker = new PulseTicker((pulseId) => this.onPulse(pulseId), this.clock);
    this.app = Fastify({ logger: options.logger ?? false });
    const ctx = { catalog: this.catalog, faults: this.faults, streams: this.streams, clock: this.clock };
    for (const backend of BACKENDS) registerDispatcherBackend(this.app, backend, ctx);
    registerSimApi(this.app, { ...ctx, tickerStats: () => ({ ...this.ticker.stats }) });
    this.app.get("/", async () => ({
      service: "ChannelWatch SwissFEL emulator",
      backends: Object.fromEntries(BACKENDS.map((b) => [b, this.backendUrl(b)])),
      sim: `${this.baseUrl}/sim`,
    }));
  }

  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const emulator = new Emulator(options);
    await emulator.listen();
    return emulator;
  }

  private async listen(): Promise<void> {
    await this.app.listen({ port: this.options.port ?? 8090, host: this.options.host ?? "127.0.0.1" });
    const address = this.app.server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${host}:${address.port}`;
    this.ticker.start();
    if (this.options.scenario) this.stopScenario = playScenario(this.options.scenario, (f) => this.inject(f));
  }

  get url(): string {
    return this.baseUrl;
  }

  backendUrl(backend: Backend): string {
    return `${this.baseUrl}/${backend}`;
  }

  inject(fault: FaultSpec): string {
    return this.faults.add(fault, this.clock.now()).id;
  }

  private onPulse(pulseId: number): void {
    this.faults.expire(this.clock.now());
    this.streams.emit(pulseId);
    if (pulseId % IDLE_CHECK_EVERY_PULSES === 0) this.streams.removeIdle(this.clock.now());
  }

  async close(): Promise<void> {
    this.stopScenario?.();
    this.ticker.stop();
    this.streams.closeAll();
    await this.app.close();
  }
}
