/**
 * ChannelWatch as an application: the store, the monitor runtime and the rules that tie
 * them together — saving a set re-watches it, watches and shelves survive a restart, every
 * action a client is answered for is durable before the answer. The REST routes and the
 * live push are thin layers over this.
 */
import type { EventQuery, MonitorEvent } from "../monitor/events.js";
import { MonitorError, type ChannelStatus, type RunInfo, type RunReport, type Summary, type WatchSpec } from "../monitor/monitor.js";
import type { MonitorRuntime } from "../monitor/monitor-runtime.js";
import type { Level } from "../monitor/status.js";
import { StoreError, type ChannelSet, type SetInput, type SetSummary, type Store, type StoredRun } from "../store/store.js";
import { ApiError } from "./api-error.js";
import { checkChannels } from "./channel-set-format.js";
import { DurableEventQueue } from "./durable-events.js";

export interface SetStatus {
  set: string | null;
  watched: boolean;
  generatedAt: number;
  summary: Summary;
  overall: Level;
  channels: ChannelStatus[];
}

export interface CheckResult {
  ok: boolean;
  set: string;
  watched: boolean;
  summary: Summary;
  failing: Array<Pick<ChannelStatus, "name" | "status" | "reasons">>;
}

const EVENT_FLUSH_MS = 250;
const NOT_WATCHED_ALERT = { state: "none", acknowledged: false, silenced: false } as const;

export function toApiError(err: unknown): unknown {
  if (err instanceof StoreError) {
    const status = err.code === "SET_NOT_FOUND" || err.code === "RUN_NOT_FOUND" ? 404 : err.code === "STORE_UNAVAILABLE" || err.code === "STORE_URL_INVALID" ? 503 : 409;
    return new ApiError(status, err.code, err.message);
  }
  if (err instanceof MonitorError) {
    const status = err.code === "RUN_NOT_FOUND" ? 404 : err.code === "CHANNEL_NOT_WATCHED" ? 404 : 409;
    return new ApiError(status, err.code, err.message);
  }
  return err;
}

export class ChannelWatchService {
  readonly events: DurableEventQueue;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly persistedReports = new Set<string>();
  private readonly sets = new Map<string, ChannelSet>();
  private readonly watched = new Set<string>();
  readonly startedAt = Date.now();

  constructor(
    readonly store: Store,
    readonly runtime: MonitorRuntime,
    events: DurableEventQueue,
  ) {
    this.events = events;
  }

  get monitor() {
    return this.runtime.monitor;
  }

  /** Restores sets, watches, shelves and runs, then starts monitoring. */
  async start(): Promise<void> {
    for (const summary of await this.store.listSets()) {
      const set = await this.store.getSet(summary.name);
      if (set) this.sets.set(set.name, set);
    }
    for (const name of await this.store.watchedSets()) if (this.sets.has(name)) this.applyWatch(name);
    const now = Date.now();
    for (const s of await this.store.shelves()) {
      if (s.until > now && this.monitor.isWatched(s.channel)) this.monitor.shelve(s.channel, s.until, s.reason, s.by, now);
    }
    for (const run of await this.store.listRuns()) {
      if (run.report) {
        this.persistedReports.add(run.id);
        continue;
      }
      // An unfinished run goes on; what happened while the process was down counts as missing.
      this.monitor.startRun({ id: run.id, set: run.set, name: run.name ?? undefined, channels: run.channels.map((c) => c.name), rates: run.channels, startPulseId: run.startPulseId, stopPulseId: run.stopPulseId }, run.createdAt);
    }
    this.runtime.onEvaluate(() => void this.persistCompletedRuns());
    this.runtime.start();
    this.flushTimer = setInterval(() => void this.events.flush().catch(() => undefined), EVENT_FLUSH_MS);
  }

  async stop(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.runtime.stop();
    await this.persistCompletedRuns();
    await this.events.flush().catch(() => undefined);
  }

  private async persistCompletedRuns(): Promise<void> {
    for (const info of this.monitor.listRuns()) {
      if (this.persistedReports.has(info.id)) continue;
      const report = this.monitor.report(info.id);
      if (!report?.complete) continue;
      this.persistedReports.add(info.id);
      try {
        await this.store.updateRun(this.storedRun(info, report));
      } catch {
        this.persistedReports.delete(info.id); // try again after the next evaluation
      }
    }
  }

  private storedRun(info: RunInfo, report: RunReport | null, createdBy = "anonymous"): StoredRun {
    return {
      id: info.id,
      set: info.set,
      name: info.name ?? null,
      channels: info.rates,
      startPulseId: info.startPulseId,
      stopPulseId: info.stopPulseId,
      createdAt: info.createdAt,
      stoppedAt: info.stoppedAt,
      createdBy,
      report: report && report.complete ? { startPulseId: report.startPulseId, stopPulseId: report.stopPulseId, accountedUpTo: report.accountedUpTo, complete: true, channels: report.channels } : null,
    };
  }

  // ---- sets ----

  private requireSet(name: string): ChannelSet {
    const set = this.sets.get(name);
    if (!set) throw new ApiError(404, "SET_NOT_FOUND", `no set named ${name}`);
    return set;
  }

  async listSets(): Promise<SetSummary[]> {
    return (await this.store.listSets()).map((s) => ({ ...s, watched: this.watched.has(s.name) }));
  }

  getSet(name: string): ChannelSet {
    return this.requireSet(name);
  }

  async createSet(input: SetInput, actor: string): Promise<ChannelSet> {
    checkChannels(input.channels);
    try {
      const set = await this.store.createSet(input, actor, Date.now());
      this.sets.set(set.name, set);
      return set;
    } catch (err) {
      throw toApiError(err);
    }
  }

  async updateSet(input: SetInput, expectedVersion: number, actor: string): Promise<ChannelSet> {
    checkChannels(input.channels);
    try {
      const set = await this.store.updateSet(input, expectedVersion, actor, Date.now());
      this.sets.set(set.name, set);
      if (this.watched.has(set.name)) this.applyWatch(set.name);
      return set;
    } catch (err) {
      throw toApiError(err);
    }
  }

  async deleteSet(name: string): Promise<void> {
    this.requireSet(name);
    try {
      await this.store.deleteSet(name);
    } catch (err) {
      throw toApiError(err);
    }
    this.sets.delete(name);
    if (this.watched.delete(name)) this.runtime.unwatch(name);
  }

  async versions(name: string): Promise<ChannelSet[]> {
    this.requireSet(name);
    return this.store.setVersions(name);
  }

  isWatched(name: string): boolean {
    return this.watched.has(name);
  }

  watchedSets(): string[] {
    return [...this.watched];
  }

  private applyWatch(name: string): void {
    const set = this.requireSet(name);
    this.watched.add(name);
    const specs: WatchSpec[] = set.channels.map((c) => ({ name: c.name, thresholds: c.thresholds, type: c.type, shape: c.shape }));
    this.runtime.watch(name, specs);
  }

  async watch(name: string): Promise<void> {
    this.requireSet(name);
    await this.store.setWatched(name, true);
    this.applyWatch(name);
  }

  async unwatch(name: string): Promise<void> {
    this.requireSet(name);
    await this.store.setWatched(name, false);
    this.watched.delete(name);
    this.runtime.unwatch(name);
  }

  // ---- status ----

  /** A set's channel that no watched set covers: unknown, never ok. */
  private unwatchedStatus(name: string): ChannelStatus {
    return {
      name,
      status: "unknown",
      reasons: [],
      metrics: {
        expectedHz: 0,
        rateHz: null,
        missingPercent: null,
        skippedPulses: 0,
        lastValuePulse: null,
        lastValueAgeMs: null,
        lastValue: null,
        type: undefined,
        shape: undefined,
        modulo: 1,
        offset: 0,
        decodeErrors: 0,
        reversals: 0,
        skewMs: null,
      },
      recorded: { checked: true, known: false },
      alert: { ...NOT_WATCHED_ALERT },
      source: this.monitor.catalogChannel(name)?.source,
      backend: this.monitor.catalogChannel(name)?.backend,
    };
  }

  statusOf(setName: string | undefined): SetStatus {
    const now = Date.now();
    if (setName === undefined) {
      const { summary, overall } = this.monitor.summary(undefined);
      return { set: null, watched: true, generatedAt: now, summary, overall, channels: this.monitor.statuses(undefined, now) };
    }
    const set = this.requireSet(setName);
    const names = set.channels.map((c) => c.name);
    const channels = names.map((n) => this.monitor.status(n, now) ?? this.unwatchedStatus(n));
    const { summary, overall } = this.monitor.summary(names);
    return { set: set.name, watched: this.watched.has(set.name), generatedAt: now, summary, overall, channels };
  }

  check(setName: string): CheckResult {
    const status = this.statusOf(setName);
    const failing = status.channels.filter((c) => c.status !== "ok").map((c) => ({ name: c.name, status: c.status, reasons: c.reasons }));
    return { ok: status.watched && failing.length === 0 && status.channels.length > 0, set: setName, watched: status.watched, summary: status.summary, failing };
  }

  channelStatus(name: string): ChannelStatus {
    const status = this.monitor.status(name, Date.now());
    if (!status) throw new ApiError(404, "CHANNEL_NOT_WATCHED", `channel ${name} is not watched by any set`);
    return status;
  }

  // ---- alerts ----

  async ack(channel: string, actor: string): Promise<boolean> {
    try {
      const changed = this.monitor.ack(channel, actor, Date.now());
      await this.events.flush();
      return changed;
    } catch (err) {
      throw toApiError(err);
    }
  }

  async shelve(channel: string, until: number, reason: string, actor: string): Promise<void> {
    const now = Date.now();
    if (!this.monitor.isWatched(channel)) throw new ApiError(404, "CHANNEL_NOT_WATCHED", `channel ${channel} is not watched by any set`);
    if (!(until > now)) throw new ApiError(400, "SHELVE_INVALID", "until must lie in the future");
    if (reason.trim() === "") throw new ApiError(400, "SHELVE_INVALID", "a shelve needs a reason");
    await this.store.putShelve({ channel, until, reason, by: actor, at: now });
    this.monitor.shelve(channel, until, reason, actor, now);
    await this.events.flush();
  }

  async unshelve(channel: string, actor: string): Promise<boolean> {
    if (!this.monitor.isWatched(channel)) throw new ApiError(404, "CHANNEL_NOT_WATCHED", `channel ${channel} is not watched by any set`);
    await this.store.deleteShelve(channel);
    const changed = this.monitor.unshelve(channel, actor, Date.now());
    await this.events.flush();
    return changed;
  }

  // ---- events ----

  async queryEvents(query: EventQuery): Promise<MonitorEvent[]> {
    await this.events.flush().catch(() => undefined);
    if (query.set !== undefined) {
      const set = this.requireSet(query.set);
      const { set: _, ...rest } = query;
      return this.store.queryEvents({ ...rest, channels: set.channels.map((c) => c.name) });
    }
    return this.store.queryEvents(query);
  }

  // ---- runs ----

  async startRun(request: { set: string; name?: string; startPulseId?: number; startTime?: number }, actor: string): Promise<RunInfo> {
    const set = this.requireSet(request.set);
    let info: RunInfo;
    try {
      info = this.monitor.startRun({ ...request, channels: set.channels.map((c) => c.name) }, Date.now());
    } catch (err) {
      throw toApiError(err);
    }
    await this.store.createRun(this.storedRun(info, null, actor));
    return info;
  }

  async stopRun(id: string, request: { stopPulseId?: number; stopTime?: number }): Promise<RunInfo> {
    let info: RunInfo;
    try {
      info = this.monitor.stopRun(id, request, Date.now());
    } catch (err) {
      throw toApiError(err);
    }
    const stored = await this.store.getRun(id);
    await this.store.updateRun({ ...this.storedRun(info, this.monitor.report(id) ?? null), createdBy: stored?.createdBy ?? "anonymous" });
    if (this.monitor.report(id)?.complete) this.persistedReports.add(id);
    return info;
  }

  async listRuns(): Promise<StoredRun[]> {
    return this.store.listRuns();
  }

  async report(id: string): Promise<RunReport> {
    const live = this.monitor.report(id);
    if (live) return live;
    const stored = await this.store.getRun(id);
    if (!stored) throw new ApiError(404, "RUN_NOT_FOUND", `no run ${id}`);
    const body = stored.report ?? { startPulseId: stored.startPulseId, stopPulseId: stored.stopPulseId, accountedUpTo: null, complete: false, channels: [] };
    return { id: stored.id, set: stored.set, name: stored.name ?? undefined, createdAt: stored.createdAt, stoppedAt: stored.stoppedAt, ...body };
  }
}
