/**
 * The faults in force and what they do to each channel and backend. Effects are computed
 * once per change and cached, because the stream loop asks for every channel every pulse.
 */
import type { BsreadType } from "../bsread/index.js";
import type { Backend, SimChannel } from "./channel-spec.js";
import type { FaultSpec } from "./fault-spec.js";

export interface ActiveFault extends FaultSpec {
  id: string;
  /** ms since the epoch */
  createdAt: number;
  expiresAt?: number;
}

export interface PulseGaps {
  every: number;
  length: number;
}

export interface ChannelEffects {
  /** No values since this time (channel_stop, source_stop, not_configured). */
  silentSince?: number;
  /** The data buffer stopped recording at this time (not_recording): latestEventDate freezes. */
  recordingStoppedAt?: number;
  /** Fraction of values kept (product of rate_drop factors). */
  rateFactor: number;
  /** Fraction of values sent empty. */
  emptyFraction: number;
  gaps?: PulseGaps;
  type?: BsreadType;
  shape?: readonly number[];
  notRecording: boolean;
  notConnected: boolean;
  notConfigured: boolean;
  /** refuse_stream: the dispatcher's reason. */
  refusal?: string;
}

export interface ServiceEffects {
  apiDelayMs: number;
  apiDown: boolean;
  streamStall: boolean;
  streamKill: boolean;
  /** pulse_gaps on a backend: whole messages are skipped. */
  gaps?: PulseGaps;
}

const NO_CHANNEL_EFFECTS: ChannelEffects = Object.freeze({
  rateFactor: 1,
  emptyFraction: 0,
  notRecording: false,
  notConnected: false,
  notConfigured: false,
});

const NO_SERVICE_EFFECTS: ServiceEffects = Object.freeze({ apiDelayMs: 0, apiDown: false, streamStall: false, streamKill: false });

const DEFAULT_REFUSAL = "channel cannot be streamed";

export class FaultRegistry {
  private readonly faults = new Map<string, ActiveFault>();
  private nextId = 1;
  private nextExpiry = Infinity;
  private channelCache = new Map<string, ChannelEffects>();
  private serviceCache = new Map<Backend, ServiceEffects>();
  private readonly listeners = new Set<(fault: ActiveFault, change: "added" | "removed") => void>();
  /** Increments on every change, so consumers can cache what depends on the faults. */
  version = 0;

  get size(): number {
    return this.faults.size;
  }

  onChange(listener: (fault: ActiveFault, change: "added" | "removed") => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(spec: FaultSpec, now: number): ActiveFault {
    const fault: ActiveFault = { ...spec, params: { ...spec.params }, id: `f${this.nextId++}`, createdAt: now };
    if (spec.durationMs !== undefined) {
      fault.expiresAt = now + spec.durationMs;
      this.nextExpiry = Math.min(this.nextExpiry, fault.expiresAt);
    }
    this.faults.set(fault.id, fault);
    this.changed(fault, "added");
    return fault;
  }

  get(id: string): ActiveFault | undefined {
    return this.faults.get(id);
  }

  remove(id: string): boolean {
    const fault = this.faults.get(id);
    if (!fault) return false;
    this.faults.delete(id);
    this.changed(fault, "removed");
    return true;
  }

  clear(): number {
    const all = [...this.faults.values()];
    for (const f of all) this.remove(f.id);
    return all.length;
  }

  list(): ActiveFault[] {
    return [...this.faults.values()];
  }

  /** Removes faults whose duration is over; cheap when none is due. */
  expire(now: number): void {
    if (now < this.nextExpiry) return;
    this.nextExpiry = Infinity;
    for (const f of [...this.faults.values()]) {
      if (f.expiresAt === undefined) continue;
      if (f.expiresAt <= now) this.remove(f.id);
      else this.nextExpiry = Math.min(this.nextExpiry, f.expiresAt);
    }
  }

  channelEffects(channel: SimChannel): ChannelEffects {
    if (this.faults.size === 0) return NO_CHANNEL_EFFECTS;
    let effects = this.channelCache.get(channel.name);
    if (!effects) {
      effects = this.computeChannelEffects(channel);
      this.channelCache.set(channel.name, effects);
    }
    return effects;
  }

  serviceEffects(backend: Backend): ServiceEffects {
    if (this.faults.size === 0) return NO_SERVICE_EFFECTS;
    let effects = this.serviceCache.get(backend);
    if (!effects) {
      effects = this.computeServiceEffects(backend);
      this.serviceCache.set(backend, effects);
    }
    return effects;
  }

  private changed(fault: ActiveFault, change: "added" | "removed"): void {
    this.version++;
    this.channelCache = new Map();
    this.serviceCache = new Map();
    for (const listener of this.listeners) listener(fault, change);
  }

  private computeChannelEffects(channel: SimChannel): ChannelEffects {
    const e: ChannelEffects = { ...NO_CHANNEL_EFFECTS };
    const silence = (since: number): void => {
      e.silentSince = Math.min(e.silentSince ?? Infinity, since);
    };
    for (const f of this.faults.values()) {
      const applies =
        f.channel !== undefined
          ? f.channel === channel.name
          : f.source !== undefined
            ? f.source === channel.source
            : f.backend === undefined || f.backend === channel.backend;
      if (!applies) continue;
      switch (f.kind) {
        case "channel_stop":
        case "source_stop":
          silence(f.createdAt);
          if (f.kind === "source_stop") e.notConnected = true;
          break;
        case "not_configured":
          e.notConfigured = true;
          silence(f.createdAt);
          break;
        case "not_recording":
          e.notRecording = true;
          e.recordingStoppedAt = Math.min(e.recordingStoppedAt ?? Infinity, f.createdAt);
          break;
        case "not_connected":
          e.notConnected = true;
          break;
        case "rate_drop":
          e.rateFactor *= f.params.factor!;
          break;
        case "empty_values":
          e.emptyFraction = Math.max(e.emptyFraction, f.params.fraction!);
          break;
        case "pulse_gaps":
          if (f.backend === undefined) e.gaps = { every: f.params.every!, length: f.params.length! };
          break;
        case "type_change":
          e.type = f.params.type;
          break;
        case "shape_change":
          e.shape = f.params.shape;
          break;
        case "refuse_stream":
          e.refusal = f.params.message ?? DEFAULT_REFUSAL;
          break;
        default:
          break; // service-level kinds
      }
    }
    return e;
  }

  private computeServiceEffects(backend: Backend): ServiceEffects {
    const e: ServiceEffects = { ...NO_SERVICE_EFFECTS };
    for (const f of this.faults.values()) {
      if (f.channel !== undefined || f.source !== undefined) continue;
      if (f.backend !== undefined && f.backend !== backend) continue;
      switch (f.kind) {
        case "api_slow":
          e.apiDelayMs = Math.max(e.apiDelayMs, f.params.delayMs!);
          break;
        case "api_down":
          e.apiDown = true;
          break;
        case "stream_stall":
          e.streamStall = true;
          break;
        case "stream_kill":
          e.streamKill = true;
          break;
        case "pulse_gaps":
          if (f.backend !== undefined) e.gaps = { every: f.params.every!, length: f.params.length! };
          break;
        default:
          break;
      }
    }
    return e;
  }
}
