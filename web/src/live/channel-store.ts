/**
 * The panel's view of one set, fed by the live link. Each tile subscribes to its own
 * channel, so a delta re-renders only the tiles that changed; the grid re-renders only
 * when the order of tiles may change (a level or an unacknowledged alert changed).
 */
import type { Channel, Level, LiveMessage, SetSummary } from "../types.js";
import { Signal } from "./signal.js";

export interface ChannelEntry {
  channel: Channel;
  /** Date.now() when this state arrived: ages shown on the tile count on from here. */
  receivedAt: number;
}

type DataMessage = Extract<LiveMessage, { type: "snapshot" | "delta" }>;

/** What decides a tile's place in a worst-first grid. */
export function sortKey(c: Channel): string {
  return `${c.status}|${needsAck(c)}|${c.source ?? ""}`;
}

/** An alert someone still has to acknowledge (and that may sound). */
export function needsAck(c: Channel): boolean {
  return c.alert.state !== "none" && !c.alert.acknowledged;
}

export class ChannelStore {
  private readonly entries = new Map<string, ChannelEntry>();
  private readonly channelSignals = new Map<string, Signal>();
  /** Channel names in set order (as the server lists them). */
  names: string[] = [];
  summary: SetSummary | undefined;
  /** false while the link is down or stale: nothing may look healthy then. */
  live = false;
  /** Date.now() of the last message that proved the link alive. */
  lastUpdateAt = 0;
  readonly structure = new Signal();
  readonly header = new Signal();

  constructor(readonly set: string) {}

  get(name: string): ChannelEntry | undefined {
    return this.entries.get(name);
  }

  /** A channel as the panel must show it: unknown while the link is not live. */
  level(name: string): Level {
    return this.live ? (this.entries.get(name)?.channel.status ?? "unknown") : "unknown";
  }

  subscribeChannel(name: string, listener: () => void): () => void {
    let s = this.channelSignals.get(name);
    if (!s) this.channelSignals.set(name, (s = new Signal()));
    return s.subscribe(listener);
  }

  applySnapshot(msg: DataMessage): void {
    const now = Date.now();
    this.entries.clear();
    this.names = msg.channels.map((c) => c.name);
    for (const c of msg.channels) this.entries.set(c.name, { channel: c, receivedAt: now });
    this.summary = msg.summaries[this.set] ?? this.summary;
    this.lastUpdateAt = now;
    for (const s of this.channelSignals.values()) s.notify();
    this.structure.notify();
    this.header.notify();
  }

  applyDelta(msg: DataMessage): void {
    const now = Date.now();
    let reorder = false;
    for (const c of msg.channels) {
      const before = this.entries.get(c.name);
      if (!before) continue; // not in this set (or not yet): the next snapshot brings it
      if (sortKey(before.channel) !== sortKey(c)) reorder = true;
      this.entries.set(c.name, { channel: c, receivedAt: now });
      this.channelSignals.get(c.name)?.notify();
    }
    this.summary = msg.summaries[this.set] ?? this.summary;
    this.lastUpdateAt = now;
    if (reorder) this.structure.notify();
    this.header.notify();
  }

  /** A heartbeat: nothing changed, but the link is proven alive. */
  touch(): void {
    this.lastUpdateAt = Date.now();
  }

  setLive(live: boolean): void {
    if (live === this.live) return;
    this.live = live;
    for (const s of this.channelSignals.values()) s.notify();
    this.structure.notify();
    this.header.notify();
  }

  channels(): Channel[] {
    return this.names.map((n) => this.entries.get(n)!.channel);
  }
}
