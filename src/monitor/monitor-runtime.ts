/**
 * The monitor wired to the world: per dispatcher backend a catalog refresher, a batched
 * recorded-state poller and a stream keeper; direct bsread sources; and the evaluation
 * timer. The only file of src/monitor with timers and sockets: the engine stays pure.
 */
import { Receiver } from "../bsread/index.js";
import { DispatcherClient } from "../dispatcher/dispatcher-client.js";
import { StreamKeeper } from "../dispatcher/stream-keeper.js";
import { Backoff } from "../dispatcher/backoff.js";
import type { ChannelThresholds, MonitorTiming } from "./defaults.js";
import type { EventSink } from "./events.js";
import { Monitor, type WatchSpec } from "./monitor.js";
import { StallGuard } from "./stall-guard.js";
import { ValueSampler } from "./value-sampler.js";

export interface DirectSourceOption {
  address: string;
  mode: "sub" | "pull";
}

export interface MonitorRuntimeOptions {
  /** Dispatcher backend base URLs, e.g. http://host/sf-databuffer. */
  dispatchers: readonly string[];
  sources?: readonly DirectSourceOption[];
  timing?: Partial<MonitorTiming>;
  thresholds?: Partial<ChannelThresholds>;
  events?: EventSink;
}

/** Parses `tcp://host:port` or `tcp://host:port?mode=pull` (SUB by default). */
export function parseSourceOption(text: string): DirectSourceOption {
  const [address, query] = text.split("?", 2) as [string, string | undefined];
  const mode = query ? new URLSearchParams(query).get("mode") : null;
  if (!/^tcp:\/\/[^:/]+:\d+$/.test(address)) throw new Error(`source ${text}: expected tcp://host:port[?mode=pull]`);
  if (mode !== null && mode !== "pull" && mode !== "sub") throw new Error(`source ${text}: mode must be sub or pull`);
  return { address, mode: mode === "pull" ? "pull" : "sub" };
}

/** Waits ms, or less when the signal aborts; never rejects. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

class BackendLink {
  readonly client: DispatcherClient;
  readonly keeper: StreamKeeper;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly stopping = new AbortController();
  private pollNow = new AbortController();

  constructor(
    url: string,
    private readonly monitor: Monitor,
    private readonly timing: MonitorTiming,
    values: ValueSampler,
  ) {
    this.client = new DispatcherClient(url, { timeoutMs: timing.httpTimeoutMs });
    const backend = this.client.backend;
    this.keeper = new StreamKeeper(
      this.client,
      {
        renewAfterMs: timing.streamRenewMs,
        firstMessageTimeoutMs: Math.max(2000, timing.streamRenewMs),
        retryMinMs: timing.retryMinMs,
        retryMaxMs: timing.retryMaxMs,
        refusedRetryMs: timing.refusedRetryMs,
        receiveTimeoutMs: timing.streamSilenceMs,
      },
      {
        message: (msg, now) => {
          monitor.ingestMessage(backend, "dispatcher", msg, now);
          values.offer(msg, now);
        },
        connection: (connected, error, now) => monitor.setFeedConnected(backend, "dispatcher", connected, error, now),
        refused: (refused) => monitor.setRefused(backend, refused),
        protocolError: () => monitor.noteProtocolError(backend, "dispatcher", Date.now()),
      },
    );
  }

  get backend(): string {
    return this.client.backend;
  }

  start(): void {
    this.running = true;
    this.monitor.feed(this.backend, "dispatcher", Date.now());
    this.loops = [this.catalogLoop(), this.stateLoop()];
    this.keeper.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await Promise.all(this.loops);
    await this.keeper.stop();
  }

  /** The watched set changed: stream and poll the new one now. */
  refresh(): void {
    this.keeper.setChannels(this.monitor.channelsByBackend().get(this.backend) ?? []);
    this.pollNow.abort();
  }

  private async catalogLoop(): Promise<void> {
    const backoff = new Backoff(this.timing.retryMinMs, this.timing.retryMaxMs);
    while (this.running) {
      let wait = this.timing.catalogRefreshMs;
      try {
        const channels = await this.client.liveChannels();
        this.monitor.setCatalog(this.backend, channels);
        this.monitor.setRestHealth(this.backend, true, undefined, Date.now());
        this.refresh();
        backoff.reset();
      } catch (err) {
        this.monitor.setRestHealth(this.backend, false, (err as Error).message, Date.now());
        wait = backoff.next();
      }
      await sleep(wait, this.stopping.signal);
    }
  }

  private async stateLoop(): Promise<void> {
    while (this.running) {
      const names = this.monitor.channelsByBackend().get(this.backend) ?? [];
      if (names.length > 0) {
        try {
          const states = await this.client.channelStates(names);
          const now = Date.now();
          this.monitor.setRecorded(states, names, now);
          this.monitor.setRestHealth(this.backend, true, undefined, now);
        } catch (err) {
          this.monitor.setRestHealth(this.backend, false, (err as Error).message, Date.now());
        }
      }
      this.pollNow = new AbortController();
      await sleep(this.timing.recordedPollMs, AbortSignal.any([this.stopping.signal, this.pollNow.signal]));
    }
  }
}

export class MonitorRuntime {
  readonly monitor: Monitor;
  /** Live values of the channels someone looks at (decoded on request only). */
  readonly values = new ValueSampler();
  private readonly links: BackendLink[];
  private readonly receivers: Receiver[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Evaluations skipped because this process itself was blocked (see StallGuard). */
  readonly stallGuard: StallGuard;
  private readonly listeners = new Set<(changed: string[], now: number) => void>();

  constructor(private readonly options: MonitorRuntimeOptions) {
    this.monitor = new Monitor({ timing: options.timing, thresholds: options.thresholds, events: options.events });
    this.links = options.dispatchers.map((url) => new BackendLink(url, this.monitor, this.monitor.timing, this.values));
    this.monitor.setExpectedBackends(this.links.map((l) => l.backend));
    this.stallGuard = new StallGuard(this.monitor.timing.evaluateMs);
  }

  start(): void {
    for (const link of this.links) link.start();
    for (const source of this.options.sources ?? []) this.startDirect(source);
    this.timer = setInterval(() => {
      const now = Date.now();
      if (this.stallGuard.shouldEvaluate(now)) this.evaluate(now);
    }, this.monitor.timing.evaluateMs);
  }

  private startDirect(source: DirectSourceOption): void {
    const receiver = new Receiver({ address: source.address, mode: source.mode, receiveTimeoutMs: this.monitor.timing.streamSilenceMs });
    this.receivers.push(receiver);
    const id = source.address;
    this.monitor.setFeedConnected(id, "direct", false, "waiting for the first message", Date.now());
    receiver.on("stall", ({ silentMs }) => this.monitor.setFeedConnected(id, "direct", false, `silent for ${(silentMs / 1000).toFixed(1)} s`, Date.now()));
    receiver.on("protocolError", () => this.monitor.noteProtocolError(id, "direct", Date.now()));
    void (async () => {
      for await (const msg of receiver) {
        const now = Date.now();
        const feed = this.monitor.feed(id, "direct", now);
        if (!feed.connected) this.monitor.setFeedConnected(id, "direct", true, undefined, now);
        this.monitor.ingestMessage(id, "direct", msg, now);
        this.values.offer(msg, now);
      }
    })();
  }

  onEvaluate(listener: (changed: string[], now: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  evaluate(now = Date.now()): string[] {
    const changed = this.monitor.evaluate(now);
    // Expired value interests release their held messages even when no traffic or request comes.
    this.values.sweep(now);
    for (const l of this.listeners) l(changed, now);
    return changed;
  }

  watch(owner: string, specs: readonly WatchSpec[]): void {
    this.monitor.watch(owner, specs, Date.now());
    for (const link of this.links) link.refresh();
  }

  unwatch(owner: string): void {
    this.monitor.unwatch(owner, Date.now());
    for (const link of this.links) link.refresh();
  }

  /** Stops timers, closes receivers and deletes the dispatcher streams. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const r of this.receivers) r.close();
    await Promise.all(this.links.map((l) => l.stop()));
  }
}
