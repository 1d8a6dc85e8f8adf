/**
 * One dispatcher output stream: the requested channels as real bsread over ZeroMQ (PUB or
 * PUSH, bound on loopback), one message per pulse, shaped by the request's mapping and by
 * the faults in force.
 */
import {
  EncodedValue,
  MessageEncoder,
  Sender,
  type BsreadType,
  type Compression,
  type PreparedLayout,
  type ValueToSend,
} from "../bsread/index.js";
import type { Backend, Catalog, SimChannel } from "./channel-spec.js";
import { MISSING, VALUE, emissionAt, isDue } from "./emission.js";
import type { FaultRegistry } from "./fault-registry.js";
import { pulseTimeMs, pulseTimestamp } from "./pulse-clock.js";
import { valueAt } from "./value-generator.js";

export type StreamType = "pub_sub" | "push_pull";
export type IncompleteMapping = "provide-as-is" | "drop" | "fill-null";

export interface StreamChannelRequest {
  name: string;
  modulo: number;
  offset: number;
}

export interface StreamRequest {
  channels: StreamChannelRequest[];
  streamType: StreamType;
  mapping: IncompleteMapping;
  compression: Compression;
  /** Echoed in the configuration as received. */
  extra: Record<string, unknown>;
}

export interface StreamStats {
  messages: number;
  dropped: number;
}

/** A requested channel the catalog does not know (verify: false): declared, never filled. */
function unknownChannel(name: string, backend: Backend): SimChannel {
  return { name, backend, type: "float64", shape: [1], modulo: 1, offset: 0, source: "", kind: "noise", seed: 0 };
}

interface ResolvedRequest {
  channel: SimChannel;
  known: boolean;
  modulo: number;
  offset: number;
}

const MAX_CACHED_LAYOUTS = 32;

export class OutputStream {
  readonly createdAt: number;
  readonly stats: StreamStats = { messages: 0, dropped: 0 };
  private readonly sender: Sender;
  private readonly encoder = new MessageEncoder({ lz4Prefix: "channel" });
  private readonly channels: ResolvedRequest[];
  private readonly layouts = new Map<string, PreparedLayout>();
  private layoutsVersion = -1;
  /** Compressed array values by identity: the generator cycles a few cached arrays per channel. */
  private readonly encodedArrays = new WeakMap<object, EncodedValue>();
  private addressCache: string | undefined;
  private closed = false;

  constructor(
    readonly backend: Backend,
    readonly request: StreamRequest,
    private readonly catalog: Catalog,
    private readonly faults: FaultRegistry,
    now: number,
  ) {
    this.createdAt = now;
    this.channels = request.channels.map((c) => {
      const known = catalog.byName.get(c.name);
      return { channel: known ?? unknownChannel(c.name, backend), known: known !== undefined, modulo: c.modulo, offset: c.offset };
    });
    this.sender = new Sender({
      address: "tcp://127.0.0.1:*",
      mode: request.streamType === "push_pull" ? "push" : "pub",
      highWaterMark: 1000,
    });
  }

  async open(): Promise<void> {
    await this.sender.ready();
    // The dispatcher answers with a concrete host:port; ours is loopback.
    this.addressCache = this.sender.endpoint.replace("tcp://0.0.0.0:", "tcp://127.0.0.1:");
  }

  get address(): string {
    if (!this.addressCache) throw new Error("stream is not open yet");
    return this.addressCache;
  }

  get peers(): number {
    return this.sender.peers;
  }

  /** ms since the epoch since which no client has been connected, or undefined while one is. */
  unattendedSince(): number | undefined {
    return this.sender.peers > 0 ? undefined : Math.max(this.sender.peersSince, this.createdAt);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  configuration(): Record<string, unknown> {
    return {
      ...this.request.extra,
      compression: this.request.compression,
      streamType: this.request.streamType,
      mapping: { incomplete: this.request.mapping },
      channels: this.request.channels.map((c) => ({ name: c.name, backend: this.backend, modulo: c.modulo, offset: c.offset })),
    };
  }

  /** Sends this pulse's message, if it has one. Never waits: a full queue drops it. */
  emit(pulseId: number): void {
    if (this.closed) return;
    const service = this.faults.serviceEffects(this.backend);
    if (service.streamStall) return;
    if (service.gaps && pulseId % service.gaps.every < service.gaps.length) return;
    const timeMs = pulseTimeMs(pulseId);
    const values: ValueToSend[] = new Array(this.channels.length);
    let anyValue = false;
    let anyMissing = false;
    for (let i = 0; i < this.channels.length; i++) {
      const r = this.channels[i]!;
      const c = r.channel;
      values[i] = null;
      if (!r.known || !isDue(pulseId, r.modulo, r.offset)) continue;
      const effects = this.faults.channelEffects(c);
      const emission = emissionAt({ pulseId, pulseTimeMs: timeMs, modulo: c.modulo, offset: c.offset, seed: c.seed, effects });
      if (emission === VALUE) {
        values[i] = this.valueFor(c, pulseId, effects.type, effects.shape);
        anyValue = true;
      } else if (emission === MISSING) {
        anyMissing = true;
      }
    }
    if (!anyValue) return;
    if (this.request.mapping === "drop" && anyMissing) return;
    let indices: number[] | undefined;
    if (this.request.mapping === "provide-as-is") {
      indices = [];
      for (let i = 0; i < values.length; i++) if (values[i] !== null) indices.push(i);
    }
    const layout = this.layoutFor(indices);
    const frames = this.encoder.encodeValues(
      layout,
      pulseId,
      pulseTimestamp(pulseId),
      indices ? indices.map((i) => values[i]!) : values,
    );
    this.stats.messages++;
    void this.sender.sendFrames(frames).then(
      (sent) => {
        if (!sent) this.stats.dropped++;
      },
      () => {
        this.stats.dropped++;
      },
    );
  }

  private valueFor(channel: SimChannel, pulseId: number, type?: BsreadType, shape?: readonly number[]): ValueToSend {
    const value = type || shape ? valueAt(channel, pulseId, { type, shape }) : valueAt(channel, pulseId);
    if (this.request.compression === "none" || value === null || typeof value !== "object" || value instanceof EncodedValue) return value;
    if (Array.isArray(value)) return value;
    let encoded = this.encodedArrays.get(value);
    if (!encoded) {
      const layout = this.encoder.prepare([this.layoutEntry(channel, type, shape)]);
      const frames = this.encoder.encodeValues(layout, pulseId, { sec: 0, ns: 0 }, [value]);
      encoded = new EncodedValue(frames[2]!);
      this.encodedArrays.set(value, encoded);
    }
    return encoded;
  }

  private layoutEntry(channel: SimChannel, type?: BsreadType, shape?: readonly number[]) {
    return {
      name: channel.name,
      type: type ?? channel.type,
      shape: shape ?? channel.shape,
      encoding: "little" as const,
      compression: this.request.compression,
      modulo: channel.modulo,
      offset: channel.offset,
    };
  }

  /** The data header for the included channels with their current (possibly faulted) types. */
  private layoutFor(indices: number[] | undefined): PreparedLayout {
    if (this.layoutsVersion !== this.faults.version) {
      this.layouts.clear();
      this.layoutsVersion = this.faults.version;
    }
    const key = indices ? indices.join(",") : "*";
    let layout = this.layouts.get(key);
    if (!layout) {
      const chosen = indices ? indices.map((i) => this.channels[i]!) : this.channels;
      const entries = chosen.map(({ channel }) => {
        const effects = this.faults.channelEffects(channel);
        return this.layoutEntry(channel, effects.type, effects.shape);
      });
      layout = this.encoder.prepare(entries, this.request.compression);
      if (this.layouts.size >= MAX_CACHED_LAYOUTS) this.layouts.delete(this.layouts.keys().next().value!);
      this.layouts.set(key, layout);
    }
    return layout;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sender.close();
  }
}
