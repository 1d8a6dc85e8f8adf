/**
 * bsread sender over ZeroMQ: PUSH or PUB, binding, as IOCs and the dispatcher do. Sends
 * never wait by default (Java's sender is non-blocking too): a message nobody can take
 * right now is dropped and counted, so a missing receiver cannot stall the sending side.
 */
import { Publisher, Push } from "zeromq";
import { MessageEncoder, type EncodeOptions, type MessageToSend } from "./encode.js";
import { isClosed, isTimeout } from "./zmq-errors.js";
import { normalizeAddress } from "./receiver.js";

export type SendMode = "push" | "pub";

export interface SenderOptions {
  /** Bind address, e.g. `tcp://127.0.0.1:9999`; port `*` picks a free one (see `endpoint`). */
  address: string;
  mode?: SendMode;
  /** Messages queued per peer before sends are dropped (default 1000, as Java's sender). */
  highWaterMark?: number;
  /** How long a send may wait for queue space, in ms (default 0: drop at once). */
  sendTimeoutMs?: number;
  /** Sends waiting for the socket beyond this many are dropped (default 100). */
  maxPendingSends?: number;
  /** How long a closed sender may still hand queued messages to its peers, in ms (default 1000). */
  closeLingerMs?: number;
  encode?: EncodeOptions;
}

export interface SenderStats {
  sent: number;
  dropped: number;
}

export class Sender {
  readonly mode: SendMode;
  readonly stats: SenderStats = { sent: 0, dropped: 0 };
  private readonly socket: Push | Publisher;
  private readonly encoder: MessageEncoder;
  private readonly bound: Promise<void>;
  private readonly maxPendingSends: number;
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;
  private connectedPeers = 0;
  private peersChangedAt = Date.now();

  constructor(options: SenderOptions) {
    this.mode = options.mode ?? "push";
    this.maxPendingSends = options.maxPendingSends ?? 100;
    this.encoder = new MessageEncoder(options.encode);
    const socketOptions = {
      // Not 0: a peer disconnecting while a closed socket (linger 0) is halfway through a multipart
      // message aborts the process in libzmq 4.3.5 (session_base.cpp:233, zeromq/libzmq#3442);
      // with a linger the rest of that message stays readable and is dropped cleanly.
      // Process exit does not wait for it.
      linger: options.closeLingerMs ?? 1000,
      sendTimeout: options.sendTimeoutMs ?? 0,
      sendHighWaterMark: options.highWaterMark ?? 1000,
    };
    this.socket = this.mode === "pub" ? new Publisher(socketOptions) : new Push(socketOptions);
    this.socket.events.on("accept", () => {
      this.connectedPeers++;
      this.peersChangedAt = Date.now();
    });
    this.socket.events.on("disconnect", () => {
      this.connectedPeers = Math.max(0, this.connectedPeers - 1);
      this.peersChangedAt = Date.now();
    });
    this.bound = this.socket.bind(normalizeAddress(options.address));
    // A failed bind surfaces from ready()/send(); never as an unhandled rejection.
    this.bound.catch(() => undefined);
  }

  /** Resolves once bound; rejects if the address cannot be bound. */
  async ready(): Promise<void> {
    await this.bound;
  }

  /** The bound endpoint with the real port (after ready()). */
  get endpoint(): string {
    const endpoint = this.socket.lastEndpoint;
    if (!endpoint) throw new Error("sender is not bound yet: await ready() first");
    return endpoint;
  }

  /** Receivers connected right now (TCP connections accepted and not yet gone). */
  get peers(): number {
    return this.connectedPeers;
  }

  /** Date.now() of the last connect or disconnect (or of creation). */
  get peersSince(): number {
    return this.peersChangedAt;
  }

  /** Encodes and sends one message; resolves false when it was dropped. */
  send(message: MessageToSend): Promise<boolean> {
    return this.sendFrames(this.encoder.encode(message));
  }

  /** Sends already encoded frames; resolves false when dropped. */
  sendFrames(frames: readonly Uint8Array[]): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error("sender is closed"));
    if (this.pending >= this.maxPendingSends) {
      this.stats.dropped++;
      return Promise.resolve(false);
    }
    this.pending++;
    // zeromq.js allows one send in flight per socket, so sends are chained.
    const result = this.chain.then(async () => {
      try {
        await this.bound;
        if (this.closed) return false;
        await this.socket.send(frames as Uint8Array[]);
        this.stats.sent++;
        return true;
      } catch (err) {
        if (isTimeout(err) || (this.closed && isClosed(err))) {
          this.stats.dropped++;
          return false;
        }
        throw err;
      } finally {
        this.pending--;
      }
    });
    this.chain = result.catch(() => undefined);
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}
