/**
 * One running ChannelWatch: store + monitor runtime + service + HTTP server, started and
 * stopped as a unit. `channelwatch serve` and `demo` are thin wrappers around it.
 */
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { ChannelThresholds, MonitorTiming } from "../monitor/defaults.js";
import { MonitorRuntime, parseSourceOption } from "../monitor/monitor-runtime.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { buildApp, type LogLevel } from "./app.js";
import type { Token } from "./auth.js";
import { DurableEventQueue } from "./durable-events.js";
import type { LiveOptions } from "./live-hub.js";
import { ChannelWatchService } from "./service.js";

export interface ServerOptions {
  port: number;
  host: string;
  /** Dispatcher backend base URLs. */
  dispatchers: readonly string[];
  /** Direct sources, `tcp://host:port[?mode=pull]`. */
  sources: readonly string[];
  /** `sqlite:PATH` or `postgres://…`. */
  database: string;
  tokens: readonly Token[];
  timing?: Partial<MonitorTiming>;
  thresholds?: Partial<ChannelThresholds>;
  live?: Partial<LiveOptions>;
  logger?: boolean | LogLevel;
  /** The built web UI to serve (default: the package's web/dist). */
  uiDir?: string;
}

export class ChannelWatchServer {
  private constructor(
    readonly service: ChannelWatchService,
    readonly app: FastifyInstance,
    readonly store: Store,
    readonly url: string,
  ) {}

  static async start(options: ServerOptions): Promise<ChannelWatchServer> {
    const sources = options.sources.map(parseSourceOption);
    const store = await openStore(options.database);
    let app: FastifyInstance | undefined;
    let service: ChannelWatchService | undefined;
    try {
      await store.migrate();
      const events = new DurableEventQueue(store);
      const runtime = new MonitorRuntime({ dispatchers: options.dispatchers, sources, timing: options.timing, thresholds: options.thresholds, events });
      service = new ChannelWatchService(store, runtime, events);
      await service.start();
      ({ app } = await buildApp(service, { tokens: options.tokens, live: options.live, logger: options.logger, uiDir: options.uiDir }));
      await app.listen({ port: options.port, host: options.host });
    } catch (err) {
      await app?.close().catch(() => undefined);
      await service?.stop().catch(() => undefined);
      await store.close().catch(() => undefined);
      throw err;
    }
    const address = app.server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return new ChannelWatchServer(service, app, store, `http://${host}:${address.port}`);
  }

  /** Graceful: stop accepting, stop monitoring (DELETE /stream), flush events, close the store. */
  async stop(): Promise<void> {
    await this.app.close();
    await this.service.stop();
    await this.store.close();
  }
}
