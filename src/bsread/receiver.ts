/**
 * bsread receiver over ZeroMQ: PULL or SUB, connecting to a sender that binds. ZeroMQ
 * reconnects by itself when the sender restarts; a receive timeout is reported as a stall.
 * Messages come out decoded and lazy; malformed ones are reported, never thrown at the
 * iterating code, so one bad message cannot end a stream.
 */
import { EventEmitter } from "node:events";
import { Pull, Subscriber } from "zeromq";
import { MessageDecoder, type DecodedMessage } from "./decode.js";
import { BsreadProtocolError } from "./errors.js";
import type { CommandHeader } from "./main-header.js";
import { isClosed, isTimeout } from "./zmq-errors.js";

export type ReceiveMode = "pull" | "sub";

export interface ReceiverOptions {
  /** `tcp://host:port`; `tcp://` and `:9999` are added when missing, as the Java/Rust helpers do. */
  address: string;
  /** "sub" for dispatcher streams and PUB senders (default), "pull" for PUSH senders. */
  mode?: ReceiveMode;
  /** No message for this long is reported as a `stall` event (default 1000 ms, as Java's receiver). */
  receiveTimeoutMs?: number;
  /** Messages ZeroMQ queues before it drops (SUB) or holds the sender back (PULL). Default 100, as Java. */
  highWaterMark?: number;
  /** Spend at most this long draining queued messages before yielding to the event loop (default 10 ms). */
  maxBusyMs?: number;
}

export interface ReceiverStats {
  messages: number;
  protocolErrors: number;
  commands: number;
  stalls: number;
  /** Date.now() of the last data message, 0 before the first. */
  lastMessageAt: number;
  stalled: boolean;
}

export interface ReceiverEvents {
  /** No message for receiveTimeoutMs; `silentMs` since the last one (or since start). */
  stall: [info: { silentMs: number }];
  /** Messages flow again after a stall. */
  resume: [info: { stalledMs: number }];
  /** A message could not be used; `error.partial` holds what a lenient decoder recovered. */
  protocolError: [error: BsreadProtocolError];
  /** A non-data message (bsr_stop-1.0, bsr_reconnect-1.0). */
  command: [command: CommandHeader];
}

export function normalizeAddress(address: string): string {
  let a = address.trim();
  if (!a.includes("://")) a = `tcp://${a}`;
  if (a.startsWith("tcp://") && !/:\d+$|:\*$/.test(a.slice("tcp://".length))) a = `${a}:9999`;
  return a;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Receiver extends EventEmitter<ReceiverEvents> implements AsyncIterable<DecodedMessage> {
  readonly address: string;
  readonly mode: ReceiveMode;
  readonly stats: ReceiverStats = { messages: 0, protocolErrors: 0, commands: 0, stalls: 0, lastMessageAt: 0, stalled: false };
  private readonly socket: Pull | Subscriber;
  private readonly decoder = new MessageDecoder();
  private readonly maxBusyMs: number;
  private readonly startedAt = Date.now();
  private stalledAt = 0;
  private closed = false;
  private iterating = false;

  constructor(options: ReceiverOptions) {
    super();
    this.address = normalizeAddress(options.address);
    this.mode = options.mode ?? "sub";
    this.maxBusyMs = options.maxBusyMs ?? 10;
    const socketOptions = {
      linger: 0,
      receiveTimeout: options.receiveTimeoutMs ?? 1000,
      receiveHighWaterMark: options.highWaterMark ?? 100,
      reconnectInterval: 100,
      reconnectMaxInterval: 2000,
    };
    if (this.mode === "pull") {
      this.socket = new Pull(socketOptions);
    } else {
      const sub = new Subscriber(socketOptions);
      sub.subscribe();
      this.socket = sub;
    }
    this.socket.connect(this.address);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Raw multipart messages, undecoded; ends when the receiver is closed. Stalls are still reported. */
  async *frames(): AsyncGenerator<Buffer[]> {
    if (this.iterating) throw new Error("a Receiver can only be iterated once at a time");
    this.iterating = true;
    let busySince = Date.now();
    try {
      while (!this.closed) {
        let frames: Buffer[];
        try {
          frames = await this.socket.receive();
        } catch (err) {
          if (this.closed || isClosed(err)) return;
          if (isTimeout(err)) {
            this.noteStall();
            busySince = Date.now();
            continue;
          }
          throw err;
        }
        if (this.stats.stalled) this.noteResume();
        yield frames;
        // receive() resolves synchronously while messages are queued: give timers and I/O a turn.
        const now = Date.now();
        if (now - busySince >= this.maxBusyMs) {
          await yieldToEventLoop();
          busySince = Date.now();
        }
      }
    } finally {
      this.iterating = false;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<DecodedMessage> {
    for await (const frames of this.frames()) {
      const message = this.decode(frames);
      if (message) yield message;
    }
  }

  /** Decodes one raw message, reporting what cannot be used instead of throwing. */
  decode(frames: readonly Uint8Array[]): DecodedMessage | undefined {
    try {
      const message = this.decoder.decode(frames);
      this.stats.messages++;
      this.stats.lastMessageAt = Date.now();
      return message;
    } catch (err) {
      if (!(err instanceof BsreadProtocolError)) throw err;
      if (err.code === "NOT_A_DATA_MESSAGE" && err.command) {
        this.stats.commands++;
        this.emit("command", err.command);
      } else {
        this.stats.protocolErrors++;
        this.emit("protocolError", err);
      }
      return undefined;
    }
  }

  private noteStall(): void {
    if (this.stats.stalled) return;
    const now = Date.now();
    this.stats.stalled = true;
    this.stats.stalls++;
    this.stalledAt = now;
    this.emit("stall", { silentMs: now - (this.stats.lastMessageAt || this.startedAt) });
  }

  private noteResume(): void {
    this.stats.stalled = false;
    this.emit("resume", { stalledMs: Date.now() - this.stalledAt });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}
