/**
 * The one WebSocket to /api/v1/live (DESIGN.md §5): subscribe, apply the snapshot, then
 * deltas in `seq` order. A seq gap or 3 s without a heartbeat -> subscribe again (fresh
 * snapshot); still nothing -> drop the socket and reconnect with backoff. The link is
 * "down" once nothing trustworthy arrived for `staleMs`, and says so.
 */
import type { LiveMessage } from "../types.js";

export type LinkState = "connecting" | "live" | "down";

export interface LiveLinkHandlers {
  snapshot(msg: Extract<LiveMessage, { type: "snapshot" }>): void;
  delta(msg: Extract<LiveMessage, { type: "delta" }>): void;
  heartbeat(): void;
  error(error: { code: string; message: string }): void;
  state(state: LinkState): void;
}

export const STALE_MS = 3000;
const WATCHDOG_MS = 200;
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5000;

export class LiveLink {
  private ws: WebSocket | null = null;
  /** Sequence of the last applied message; -1 while waiting for a snapshot. */
  private seq = -1;
  private lastGood = Date.now();
  private subscribedAt = 0;
  private resubscribed = false;
  private attempt = 0;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private current: LinkState = "connecting";

  constructor(
    private readonly url: string,
    private readonly sets: readonly string[],
    private readonly on: LiveLinkHandlers,
    private readonly staleMs = STALE_MS,
  ) {}

  start(): void {
    this.lastGood = Date.now();
    this.connect();
    this.watchdog = setInterval(() => this.check(), WATCHDOG_MS);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.watchdog);
    clearTimeout(this.reconnectTimer);
    this.drop();
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    this.seq = -1;
    ws.onopen = () => this.subscribe();
    ws.onmessage = (e: MessageEvent<string>) => {
      if (this.ws === ws) this.receive(JSON.parse(e.data) as LiveMessage);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.scheduleReconnect();
    };
  }

  /** Forget the socket (its late events are ignored) and close it. */
  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    // Exponential with jitter, so a restarted server is not hit by every wall screen at once.
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private subscribe(): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.seq = -1;
    this.subscribedAt = Date.now();
    this.ws.send(JSON.stringify({ type: "subscribe", sets: this.sets }));
  }

  private good(): void {
    this.lastGood = Date.now();
    this.resubscribed = false;
    this.attempt = 0;
    this.setState("live");
  }

  private receive(msg: LiveMessage): void {
    switch (msg.type) {
      case "snapshot":
        this.seq = msg.seq;
        this.on.snapshot(msg);
        return this.good();
      case "delta":
        if (this.seq < 0) return; // a resubscribe is under way: wait for its snapshot
        if (msg.seq !== this.seq + 1) return this.subscribe();
        this.seq = msg.seq;
        this.on.delta(msg);
        return this.good();
      case "heartbeat":
        if (this.seq < 0) return;
        if (msg.seq !== this.seq) return this.subscribe(); // a delta went missing
        this.on.heartbeat();
        return this.good();
      case "error":
        this.on.error(msg.error);
        return;
    }
  }

  private check(): void {
    const now = Date.now();
    if (now - this.lastGood <= this.staleMs) return;
    this.setState("down");
    if (this.ws?.readyState !== WebSocket.OPEN) return; // connecting or reconnect pending
    if (!this.resubscribed) {
      this.resubscribed = true;
      this.subscribe();
    } else if (now - this.subscribedAt > this.staleMs) {
      // Open but silent even after a resubscribe: a half-dead connection. Start over.
      this.drop();
      this.scheduleReconnect();
    }
  }

  private setState(state: LinkState): void {
    if (state === this.current) return;
    this.current = state;
    this.on.state(state);
  }
}
