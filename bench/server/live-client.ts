/**
 * One measuring client of the live WebSocket (`/api/v1/live`, DESIGN.md §5): subscribes to
 * sets and records, per message, its arrival time (taken first, before parsing), type,
 * size and sequence number; checks the sequence (a delta is last + 1, a heartbeat repeats
 * the last) and keeps, per delta, the channels it carried with their status.
 */
import type { IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";

/** Wall-clock ms with sub-ms resolution (the server's `generatedAt` is the same clock, ms). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface Arrival {
  at: number;
  type: string;
  bytes: number;
  seq: number | undefined;
  /** delta and snapshot: the server's `generatedAt` as epoch ms. */
  generatedAt: number | undefined;
  /** delta: [channel, status] of each channel it carried. */
  channels: Array<[string, string]> | undefined;
}

export interface SeqProblem {
  at: number;
  type: string;
  expected: number;
  got: number | undefined;
}

interface LiveMessage {
  type: string;
  seq?: number;
  generatedAt?: string;
  channels?: Array<{ name: string; status: string }>;
}

export class LiveClient {
  readonly arrivals: Arrival[] = [];
  readonly seqProblems: SeqProblem[] = [];
  readonly errors: string[] = [];
  /** Sequence of the last snapshot or delta; -1 before the first snapshot. */
  lastSeq = -1;
  /** The largest delta's text, when asked to keep it (keepLargest). */
  largestDelta: string | undefined;
  keepLargest = false;
  localPort: number | undefined;
  private readonly ws: WebSocket;
  private snapshotWaiters: Array<() => void> = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;

  constructor(
    url: string,
    readonly sets: readonly string[],
    /** Keep only arrival times, types and sizes (no channel lists): for long runs. */
    private readonly keepChannels = true,
  ) {
    // As a browser is answered: the server does not take permessage-deflate.
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.on("upgrade", (res: IncomingMessage) => {
      this.localPort = res.socket.localPort;
    });
    this.ws.on("message", (data: Buffer) => this.receive(wallNow(), data));
    this.ws.on("error", (err: Error) => this.errors.push(err.message));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    });
    this.closed = new Promise((resolve) => this.ws.once("close", () => resolve()));
  }

  subscribe(): void {
    this.ws.send(JSON.stringify({ type: "subscribe", sets: this.sets }));
  }

  /** Resolves at the first snapshot that arrives after now. */
  nextSnapshot(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no snapshot within ${timeoutMs} ms`)), timeoutMs);
      this.snapshotWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Stop reading the socket (TCP backpressure reaches the server) / read again. */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** Close handshake, then the socket is destroyed if the server has not answered within 2 s. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000, "bench done");
    const timer = setTimeout(() => this.ws.terminate(), 2000);
    await this.closed;
    clearTimeout(timer);
  }

  private receive(at: number, data: Buffer): void {
    const msg = JSON.parse(data.toString("utf8")) as LiveMessage;
    const arrival: Arrival = {
      at,
      type: msg.type,
      bytes: data.length,
      seq: msg.seq,
      generatedAt: msg.generatedAt === undefined ? undefined : Date.parse(msg.generatedAt),
      channels: msg.type === "delta" && this.keepChannels ? (msg.channels ?? []).map((c) => [c.name, c.status]) : undefined,
    };
    this.arrivals.push(arrival);
    if (this.keepLargest && msg.type === "delta" && data.length > (this.largestDelta?.length ?? 0)) this.largestDelta = data.toString("utf8");
    switch (msg.type) {
      case "snapshot":
        this.lastSeq = msg.seq ?? -1;
        for (const wake of this.snapshotWaiters.splice(0)) wake();
        break;
      case "delta":
        if (this.lastSeq >= 0 && msg.seq !== this.lastSeq + 1) this.seqProblems.push({ at, type: "delta", expected: this.lastSeq + 1, got: msg.seq });
        if (msg.seq !== undefined) this.lastSeq = msg.seq;
        break;
      case "heartbeat":
        if (this.lastSeq >= 0 && msg.seq !== this.lastSeq) this.seqProblems.push({ at, type: "heartbeat", expected: this.lastSeq, got: msg.seq });
        break;
      case "error":
        this.errors.push(data.toString("utf8"));
        break;
    }
  }
}
