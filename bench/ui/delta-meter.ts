/**
 * The load as the server sends it, seen by a Node client subscribed to the same set as the
 * page (every subscriber of a set gets the same deltas): deltas per second, channels per
 * delta and bytes, per window, so the load is measured, not assumed.
 */
import WebSocket from "ws";

export interface DeltaWindow {
  seconds: number;
  deltas: number;
  channelsPerDelta: number[];
  bytes: number;
  heartbeats: number;
  snapshots: number;
}

export class DeltaMeter {
  private readonly ws: WebSocket;
  private window: Omit<DeltaWindow, "seconds"> = DeltaMeter.empty();
  private since = Date.now();
  readonly opened: Promise<void>;

  private static empty(): Omit<DeltaWindow, "seconds"> {
    return { deltas: 0, channelsPerDelta: [], bytes: 0, heartbeats: 0, snapshots: 0 };
  }

  constructor(url: string, set: string) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => {
        this.ws.send(JSON.stringify({ type: "subscribe", sets: [set] }));
        resolve();
      });
      this.ws.once("error", reject);
    });
    this.ws.on("message", (data: Buffer) => {
      const msg = JSON.parse(data.toString("utf8")) as { type: string; channels?: unknown[] };
      this.window.bytes += data.length;
      if (msg.type === "delta") {
        this.window.deltas++;
        this.window.channelsPerDelta.push(msg.channels?.length ?? 0);
      } else if (msg.type === "heartbeat") this.window.heartbeats++;
      else if (msg.type === "snapshot") this.window.snapshots++;
    });
  }

  takeWindow(): DeltaWindow {
    const now = Date.now();
    const w = { ...this.window, seconds: (now - this.since) / 1000 };
    this.window = DeltaMeter.empty();
    this.since = now;
    return w;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.ws.once("close", () => resolve()));
    this.ws.close(1000, "bench done");
    const timer = setTimeout(() => this.ws.terminate(), 2000);
    await closed;
    clearTimeout(timer);
  }
}
