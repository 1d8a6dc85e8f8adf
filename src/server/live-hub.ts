/**
 * Live push over WebSocket (DESIGN.md §5): a client subscribes to sets, gets a `snapshot`
 * with a sequence number, then `delta`s of only the changed channels, coalesced to at
 * most `pushHz`, and a `heartbeat` every second carrying the current sequence. A client
 * whose socket backs up gets no deltas until it drains, then a fresh snapshot: a slow
 * client cannot grow server memory.
 */
import type { WebSocket } from "ws";
import type { ChannelStatus } from "../monitor/monitor.js";
import { ApiError } from "./api-error.js";
import { presentChannel } from "./present.js";
import type { ChannelWatchService } from "./service.js";

export interface LiveOptions {
  pushHz: number;
  heartbeatMs: number;
  /** Above this many unsent bytes a client is cut back to snapshots. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = { pushHz: 4, heartbeatMs: 1000, maxBufferedBytes: 1 << 20 };

interface Client {
  socket: WebSocket;
  /** null: not subscribed yet; []: every watched channel. */
  sets: string[] | null;
  seq: number;
  needsSnapshot: boolean;
}

function signature(c: ChannelStatus): string {
  const a = c.alert;
  // Messages too: "no value for 3.2 s" must not stay "0.6 s" on the wall. Only failing channels have any.
  return `${c.status}|${c.reasons.map((r) => r.message).join("|")}|${a.state}|${a.acknowledged}|${a.silenced}|${a.shelved?.until ?? ""}|${Math.round(c.metrics.rateHz ?? -1)}`;
}

export class LiveHub {
  private readonly clients = new Set<Client>();
  private lastSignatures = new Map<string, string>();
  private pushTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly service: ChannelWatchService,
    private readonly options: LiveOptions = DEFAULT_LIVE_OPTIONS,
  ) {}

  get clientCount(): number {
    return this.clients.size;
  }

  start(): void {
    this.pushTimer = setInterval(() => this.push(), Math.max(50, 1000 / this.options.pushHz));
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
  }

  stop(): void {
    if (this.pushTimer) clearInterval(this.pushTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    for (const c of this.clients) c.socket.close(1001, "server shutting down");
    this.clients.clear();
  }

  accept(socket: WebSocket): void {
    const client: Client = { socket, sets: null, seq: 0, needsSnapshot: false };
    this.clients.add(client);
    socket.on("message", (data) => this.onMessage(client, data.toString()));
    socket.on("close", () => this.clients.delete(client));
    socket.on("error", () => this.clients.delete(client));
  }

  private onMessage(client: Client, text: string): void {
    let msg: { type?: unknown; sets?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return this.sendError(client, "INVALID_JSON", "messages are JSON objects, e.g. {\"type\":\"subscribe\",\"sets\":[\"alvra-pp\"]}");
    }
    if (msg.type !== "subscribe") return this.sendError(client, "BAD_REQUEST", `unknown message type ${JSON.stringify(msg.type)} (expected subscribe)`);
    const sets = msg.sets ?? [];
    if (!Array.isArray(sets) || sets.some((s) => typeof s !== "string")) return this.sendError(client, "BAD_REQUEST", "sets must be a list of set names");
    try {
      for (const s of sets as string[]) this.service.getSet(s);
    } catch (err) {
      if (err instanceof ApiError) return this.sendError(client, err.code, err.message);
      throw err;
    }
    client.sets = sets as string[];
    this.sendSnapshot(client);
  }

  /** The channel names of a subscription; undefined: every watched channel. Throws if a set is gone. */
  private channelsOf(sets: readonly string[]): string[] | undefined {
    if (sets.length === 0) return undefined;
    const names = new Set<string>();
    for (const s of sets) for (const c of this.service.getSet(s).channels) names.add(c.name);
    return [...names];
  }

  private summaries(sets: readonly string[]) {
    const out: Record<string, unknown> = {};
    for (const s of sets.length ? sets : [""]) {
      const names = s === "" ? undefined : this.service.getSet(s).channels.map((c) => c.name);
      const { summary, overall } = this.service.monitor.summary(names);
      out[s === "" ? "*" : s] = { summary, overall, watched: s === "" || this.service.isWatched(s) };
    }
    return out;
  }

  private sendText(client: Client, text: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(text);
  }

  private sendError(client: Client, code: string, message: string): void {
    this.sendText(client, JSON.stringify({ type: "error", error: { code, message } }));
  }

  /** Statuses of a subscription; a set's unwatched channels show as unknown. */
  private statusesFor(sets: readonly string[]): ChannelStatus[] {
    if (sets.length === 0) return this.service.statusOf(undefined).channels;
    const byName = new Map<string, ChannelStatus>();
    for (const s of sets) for (const c of this.service.statusOf(s).channels) byName.set(c.name, c);
    return [...byName.values()];
  }

  /** A snapshot's JSON without its opening `{`, type and seq: shared by every client of a subscription. */
  private snapshotBody(sets: readonly string[]): string {
    const body = JSON.stringify({
      sets,
      generatedAt: new Date().toISOString(),
      summaries: this.summaries(sets),
      channels: this.statusesFor(sets).map(presentChannel),
    });
    return body.slice(1);
  }

  private sendSnapshot(client: Client, body?: string): void {
    if (client.socket.bufferedAmount > this.options.maxBufferedBytes / 4) {
      client.needsSnapshot = true; // sent by push() once the socket drains: a backlog must not grow
      return;
    }
    let shared = body;
    if (shared === undefined) {
      try {
        shared = this.snapshotBody(client.sets ?? []);
      } catch (err) {
        if (err instanceof ApiError) return this.sendError(client, err.code, err.message); // a set deleted meanwhile
        throw err;
      }
    }
    client.seq++;
    client.needsSnapshot = false;
    this.sendText(client, `{"type":"snapshot","seq":${client.seq},${shared}`);
  }

  /**
   * One push tick: find what changed since the last tick and send it to whom it concerns.
   * Each distinct subscription's payload is built and serialized once per tick, whatever
   * the number of clients; only the sequence number differs per client.
   */
  push(): void {
    const now = Date.now();
    const all = this.service.monitor.statuses(undefined, now);
    const changed = new Map<string, ChannelStatus>();
    const next = new Map<string, string>();
    for (const c of all) {
      const sig = signature(c);
      next.set(c.name, sig);
      if (this.lastSignatures.get(c.name) !== sig) changed.set(c.name, c);
    }
    this.lastSignatures = next;
    const deltas = new Map<string, string | null | Error>();
    const snapshots = new Map<string, string | Error>();
    for (const client of this.clients) {
      if (client.sets === null) continue;
      const key = client.sets.join("\n");
      if (client.socket.bufferedAmount > this.options.maxBufferedBytes) {
        client.needsSnapshot = true; // too slow: skip deltas, catch up with a snapshot later
        continue;
      }
      if (client.needsSnapshot) {
        if (client.socket.bufferedAmount >= this.options.maxBufferedBytes / 4) continue;
        let body = snapshots.get(key);
        if (body === undefined) {
          body = attempt(() => this.snapshotBody(client.sets!));
          snapshots.set(key, body);
        }
        if (body instanceof Error) this.sendError(client, "SET_NOT_FOUND", body.message);
        else this.sendSnapshot(client, body);
        continue;
      }
      if (changed.size === 0) continue;
      let body = deltas.get(key);
      if (body === undefined) {
        body = attempt(() => this.deltaBody(client.sets!, changed, now));
        deltas.set(key, body);
      }
      if (body instanceof Error) {
        client.needsSnapshot = true; // a set was deleted: the next snapshot tells the client
        continue;
      }
      if (body === null) continue;
      client.seq++;
      this.sendText(client, `{"type":"delta","seq":${client.seq},${body}`);
    }
  }

  /** A delta's JSON without its opening `{`, type and seq; null when nothing of the subscription changed. */
  private deltaBody(sets: readonly string[], changed: ReadonlyMap<string, ChannelStatus>, now: number): string | null {
    const names = this.channelsOf(sets);
    const mine = names ? names.map((n) => changed.get(n)).filter((c): c is ChannelStatus => c !== undefined) : [...changed.values()];
    if (mine.length === 0) return null;
    return JSON.stringify({ generatedAt: new Date(now).toISOString(), summaries: this.summaries(sets), channels: mine.map(presentChannel) }).slice(1);
  }

  private heartbeat(): void {
    const time = new Date().toISOString();
    for (const client of this.clients) {
      // A client waiting for its catch-up snapshot gets no heartbeat: its tiles are stale, not live.
      if (client.needsSnapshot || client.socket.bufferedAmount > this.options.maxBufferedBytes) continue;
      this.sendText(client, `{"type":"heartbeat","seq":${client.seq},"time":"${time}"}`);
    }
  }
}

/** Runs fn; an ApiError (a set deleted while clients subscribe to it) becomes a value. */
function attempt<T>(fn: () => T): T | Error {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
}
