/**
 * The engine: watched channels, their live and recorded facts, rules, alerts, sources and
 * runs. Pure: inputs arrive through methods with the time they happened, `evaluate(now)`
 * applies the rules; no timers, no network (monitor-runtime.ts wires those).
 */
import type { DecodedMessage } from "../bsread/index.js";
import type { CatalogChannel, RecordedState } from "../dispatcher/dispatcher-client.js";
import { ChannelAlert, type AlertSnapshot } from "./alerts.js";
import { newChannelInfo, type ChannelInfo, type SampledValue } from "./channel-info.js";
import { ChannelTable } from "./channel-table.js";
import { DEFAULT_THRESHOLDS, DEFAULT_TIMING, HISTORY_SECONDS, PULSE_HISTORY, PULSE_PERIOD_MS, type ChannelThresholds, type MonitorTiming } from "./defaults.js";
import { MemoryEventSink, type EventSink, type MonitorEvent } from "./events.js";
import { newFeedState, type FeedState } from "./feed-state.js";
import { Ingest } from "./ingest.js";
import { evaluateChannel, expectedHz, windowOf, type RecordedFacts, type RestHealth, type RuleContext } from "./rules.js";
import { RunCoverage, type RunReportBody } from "./run-coverage.js";
import { applySourceDown, summarizeSource, type SourceStatus } from "./sources.js";
import { LEVEL_RANK, levelOf, type Level, type Reason } from "./status.js";

export interface WatchSpec {
  name: string;
  thresholds?: Partial<ChannelThresholds>;
  /** Pinned expectations; otherwise the first type/shape seen is expected. */
  type?: string;
  shape?: readonly number[];
}

export interface ChannelMetrics {
  expectedHz: number;
  /** Values per second over the rate window; null before a window exists. */
  rateHz: number | null;
  missingPercent: number | null;
  skippedPulses: number;
  lastValuePulse: number | null;
  lastValueAgeMs: number | null;
  lastValue: SampledValue;
  type: string | undefined;
  shape: readonly number[] | undefined;
  modulo: number;
  offset: number;
  decodeErrors: number;
  reversals: number;
  skewMs: number | null;
}

export type RecordedView =
  | { checked: false }
  | { checked: true; known: false }
  | { checked: true; known: true; configured: boolean; connected: boolean; recording: boolean; latestEventDate: string | undefined; ageMs: number };

export interface ChannelStatus {
  name: string;
  status: Level;
  reasons: Reason[];
  metrics: ChannelMetrics;
  recorded: RecordedView;
  alert: AlertSnapshot;
  source: string | undefined;
  backend: string | undefined;
}

export interface Summary {
  ok: number;
  warning: number;
  error: number;
  unknown: number;
}

export interface RunChannelRate {
  name: string;
  modulo: number;
  offset: number;
}

export interface RunInfo {
  id: string;
  set: string;
  name: string | undefined;
  channels: string[];
  /** Each channel's modulo/offset as counted. */
  rates: RunChannelRate[];
  startPulseId: number;
  stopPulseId: number | null;
  createdAt: number;
  stoppedAt: number | null;
}

export type RunReport = Omit<RunInfo, "channels" | "rates"> & RunReportBody;

export class MonitorError extends Error {
  constructor(
    readonly code: "RUN_NOT_FOUND" | "RUN_NO_PULSE" | "RUN_INVALID" | "RUN_ALREADY_STOPPED" | "CHANNEL_NOT_WATCHED",
    message: string,
  ) {
    super(message);
  }
}

export interface MonitorOptions {
  timing?: Partial<MonitorTiming>;
  thresholds?: Partial<ChannelThresholds>;
  events?: EventSink;
}

interface Run extends RunInfo {
  coverage: RunCoverage;
}

/** Pulses are accounted to runs this far behind the newest pulse, so late messages still count. */
const RUN_FINAL_LAG = 200;

export class Monitor {
  readonly timing: MonitorTiming;
  readonly events: EventSink;
  private readonly thresholds: ChannelThresholds;
  private readonly table = new ChannelTable();
  private readonly info: (ChannelInfo | undefined)[] = [];
  private readonly alerts = new Map<string, ChannelAlert>();
  private readonly ingest: Ingest;
  private readonly owners = new Map<string, Map<string, WatchSpec>>();
  private readonly feeds = new Map<string, FeedState>();
  private readonly catalog = new Map<string, CatalogChannel>();
  private readonly catalogBackends = new Set<string>();
  /** Backends whose catalogs must all be in before absence from them means "not configured". */
  private expectedBackends: readonly string[] = [];
  private readonly restHealth = new Map<string, RestHealth>();
  private readonly recorded = new Map<string, RecordedFacts>();
  private readonly refusedByBackend = new Map<string, ReadonlyMap<string, string>>();
  private refused = new Map<string, string>();
  private readonly direct = new Set<string>();
  private readonly directSource = new Map<string, string>();
  private readonly runs = new Map<string, Run>();
  private nextRunId = 1;
  private lastEvaluatedAt = NaN;
  private sourceStatuses: SourceStatus[] = [];
  private groups: Map<string, number[]> | undefined;
  private readonly freshReasons: (Reason[] | undefined)[] = [];

  constructor(options: MonitorOptions = {}) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
    this.events = options.events ?? new MemoryEventSink();
    this.ingest = new Ingest(this.table, this.info);
  }

  // ---- what is watched ----

  /** Watches a set's channels (replacing what this owner watched before). */
  watch(owner: string, specs: readonly WatchSpec[], now: number): void {
    this.owners.set(owner, new Map(specs.map((s) => [s.name, s])));
    this.syncWatched(now);
  }

  unwatch(owner: string, now: number): void {
    if (this.owners.delete(owner)) this.syncWatched(now);
  }

  watchedNames(): string[] {
    return [...this.table.entries()].map(([name]) => name);
  }

  isWatched(name: string): boolean {
    return this.table.slotOf(name) >= 0;
  }

  owned(owner: string): string[] {
    return [...(this.owners.get(owner)?.keys() ?? [])];
  }

  private syncWatched(now: number): void {
    const wanted = new Map<string, WatchSpec>();
    for (const specs of this.owners.values()) for (const [name, spec] of specs) wanted.set(name, spec);
    for (const name of this.watchedNames()) {
      if (wanted.has(name)) continue;
      const slot = this.table.slotOf(name);
      this.table.remove(name);
      this.info[slot] = undefined;
      this.alerts.delete(name);
    }
    this.table.reserve(wanted.size);
    for (const [name, spec] of wanted) {
      let slot = this.table.slotOf(name);
      const thresholds = { ...this.thresholds, ...spec.thresholds };
      if (slot < 0) {
        const c = this.catalog.get(name);
        slot = this.table.add(name, c?.modulo ?? 1, c?.offset ?? 0, now);
        this.info[slot] = newChannelInfo(name, thresholds, { type: spec.type, shape: spec.shape });
        this.info[slot]!.backend = c?.backend;
        this.alerts.set(name, new ChannelAlert(name));
      } else {
        const info = this.info[slot]!;
        info.thresholds = thresholds;
        if (spec.type !== undefined) info.expectedType = spec.type;
        if (spec.shape !== undefined) info.expectedShape = spec.shape;
      }
    }
    this.ingest.invalidate();
    this.groups = undefined;
  }

  /** Watched channels per dispatcher backend (per the catalog), and those it does not list. */
  channelsByBackend(): Map<string | undefined, string[]> {
    const out = new Map<string | undefined, string[]>();
    for (const name of this.watchedNames()) {
      if (this.direct.has(name)) continue;
      const backend = this.catalog.get(name)?.backend;
      const list = out.get(backend) ?? [];
      list.push(name);
      out.set(backend, list);
    }
    return out;
  }

  // ---- inputs ----

  feed(id: string, kind: FeedState["kind"], now: number): FeedState {
    let feed = this.feeds.get(id);
    if (!feed) {
      feed = newFeedState(id, kind, now);
      this.feeds.set(id, feed);
    }
    return feed;
  }

  feedStates(): FeedState[] {
    return [...this.feeds.values()];
  }

  setFeedConnected(id: string, kind: FeedState["kind"], connected: boolean, error: string | undefined, now: number): void {
    const feed = this.feed(id, kind, now);
    if (feed.connected !== connected) feed.since = now;
    feed.connected = connected;
    feed.error = connected ? undefined : error;
  }

  ingestMessage(feedId: string, kind: FeedState["kind"], msg: DecodedMessage, now: number): void {
    const feed = this.feed(feedId, kind, now);
    if (kind === "direct") this.noteDirectChannels(feedId, msg);
    this.ingest.handle(feed, msg, now);
  }

  noteProtocolError(feedId: string, kind: FeedState["kind"], now: number): void {
    this.feed(feedId, kind, now).protocolErrors++;
  }

  private noteDirectChannels(feedId: string, msg: DecodedMessage): void {
    if (!msg.formatChanged) return;
    for (const c of msg.dataHeader.channels) {
      if (!this.direct.has(c.name)) {
        this.direct.add(c.name);
        this.directSource.set(c.name, feedId);
        this.ingest.invalidate();
        this.groups = undefined;
      }
    }
  }

  /** Channels a direct source has announced (they join the catalog). */
  directChannels(): Array<{ name: string; source: string }> {
    return [...this.directSource].map(([name, source]) => ({ name, source }));
  }

  /**
   * The dispatcher backends in use: until each one's catalog has arrived, a channel missing
   * from the catalogs may be in the missing one, so it is not called not_configured.
   */
  setExpectedBackends(backends: readonly string[]): void {
    this.expectedBackends = [...backends];
  }

  /** Replaces one backend's catalog. */
  setCatalog(backend: string, channels: readonly CatalogChannel[]): void {
    for (const [name, c] of this.catalog) if (c.backend === backend) this.catalog.delete(name);
    for (const c of channels) this.catalog.set(c.name, c);
    this.catalogBackends.add(backend);
    for (const [name, slot] of this.table.entries()) {
      const c = this.catalog.get(name);
      this.info[slot]!.backend = c?.backend;
      if (c && Number.isNaN(this.table.lastValuePulse[slot]!)) this.table.setRate(slot, c.modulo, c.offset);
    }
    this.groups = undefined;
  }

  /** Every dispatcher backend's catalog has arrived: a name absent from all of them is really not in the catalog. */
  catalogComplete(): boolean {
    return this.catalogBackends.size > 0 && this.expectedBackends.every((b) => this.catalogBackends.has(b));
  }

  catalogChannels(): CatalogChannel[] {
    return [...this.catalog.values()];
  }

  catalogChannel(name: string): CatalogChannel | undefined {
    return this.catalog.get(name);
  }

  setRestHealth(backend: string, reachable: boolean, error: string | undefined, now: number): void {
    const before = this.restHealth.get(backend);
    if (before && before.reachable === reachable) {
      before.error = error;
      return;
    }
    this.restHealth.set(backend, { reachable, since: now, error });
  }

  restHealthOf(backend: string): RestHealth | undefined {
    return this.restHealth.get(backend);
  }

  setRecorded(states: ReadonlyMap<string, RecordedState>, requested: readonly string[], fetchedAt: number): void {
    for (const name of requested) this.recorded.set(name, { state: states.get(name), fetchedAt });
  }

  setRefused(backend: string, refused: ReadonlyMap<string, string>): void {
    this.refusedByBackend.set(backend, refused);
    const all = new Map<string, string>();
    for (const m of this.refusedByBackend.values()) for (const [k, v] of m) all.set(k, v);
    this.refused = all;
  }

  /** Newest pulse id seen on any feed (NaN before the first message). */
  currentPulse(): number {
    let max = NaN;
    for (const f of this.feeds.values()) if (!Number.isNaN(f.lastPulseId) && !(f.lastPulseId <= max)) max = f.lastPulseId;
    return max;
  }

  // ---- evaluation ----

  /** Applies the rules to every watched channel; returns the channels whose status changed. */
  evaluate(now: number): string[] {
    this.lastEvaluatedAt = now;
    const ctx: RuleContext = {
      now,
      timing: this.timing,
      feeds: this.feeds,
      direct: this.direct,
      catalogLoaded: this.catalogBackends.size > 0 && this.expectedBackends.every((b) => this.catalogBackends.has(b)),
      restHealth: this.restHealth,
      recorded: this.recorded,
      refused: this.refused,
    };
    // Fresh reasons per slot; the previous ones stay in info until compared below.
    const fresh = this.freshReasons;
    for (const [, slot] of this.table.entries()) fresh[slot] = evaluateChannel(this.table, slot, this.info[slot]!, ctx);
    const groups = this.sourceGroups();
    applySourceDown(groups, fresh);
    this.sourceStatuses = [...groups].map(([source, slots]) => summarizeSource(source, slots.map((slot) => fresh[slot]!)));

    const changed: string[] = [];
    const pulse = this.currentPulse();
    for (const [name, slot] of this.table.entries()) {
      const info = this.info[slot]!;
      const reasons = fresh[slot]!;
      fresh[slot] = undefined;
      const level = levelOf(reasons);
      if (level !== info.level || !sameCodes(reasons, info.reasons)) changed.push(name);
      info.reasons = reasons;
      info.level = level;
      const events = this.alerts.get(name)!.update({
        level,
        reasons,
        now,
        pulseId: Number.isNaN(pulse) ? null : pulse,
        lastValuePulse: nullIfNaN(this.table.lastValuePulse[slot]!),
        lastValueTime: nullIfNaN(this.table.lastValueTime[slot]!),
        resumedPulse: nullIfNaN(this.table.resumedPulse[slot]!),
        resumedTime: nullIfNaN(this.table.resumedTime[slot]!),
        alertOnWarning: info.thresholds.alertOnWarning,
        modulo: this.table.modulo[slot],
        offset: this.table.offset[slot],
      });
      this.append(events);
    }
    this.accountRuns(pulse);
    return changed;
  }

  /** Watched slots by source IOC; rebuilt only when the watched set or catalog changes. */
  private sourceGroups(): Map<string, number[]> {
    if (this.groups) return this.groups;
    const groups = new Map<string, number[]>();
    for (const [name, slot] of this.table.entries()) {
      const source = this.sourceOf(name);
      if (source === undefined) continue;
      const list = groups.get(source) ?? [];
      list.push(slot);
      groups.set(source, list);
    }
    this.groups = groups;
    return groups;
  }

  private append(events: readonly MonitorEvent[]): void {
    for (const e of events) this.events.append(e);
  }

  private sourceOf(name: string): string | undefined {
    return this.directSource.get(name) ?? this.catalog.get(name)?.source;
  }

  get evaluatedAt(): number {
    return this.lastEvaluatedAt;
  }

  // ---- reading ----

  status(name: string, now: number): ChannelStatus | undefined {
    const slot = this.table.slotOf(name);
    if (slot < 0) return undefined;
    const info = this.info[slot]!;
    const t = this.table;
    const feed = this.feeds.get(info.feed ?? this.catalog.get(name)?.backend ?? "");
    const w = feed ? windowOf(feed, this.timing, t.firstSecond[slot]!) : undefined;
    let rateHz: number | null = null;
    let missingPercent: number | null = null;
    let skipped = 0;
    if (w) {
      const span = w.to - w.from + 1;
      const sums = t.sumWindow(slot, w.from, w.to, new Int32Array(3));
      const received = sums[0]!;
      const empty = sums[1]!;
      skipped = sums[2]!;
      rateHz = received / span;
      const expected = (span * 100) / t.modulo[slot]!;
      missingPercent = expected > 0 ? (100 * empty) / expected : null;
    }
    const lastPulse = t.lastValuePulse[slot]!;
    const facts = this.recorded.get(name);
    let recorded: RecordedView;
    if (this.direct.has(name)) recorded = { checked: false };
    else if (!facts?.state) recorded = { checked: true, known: false };
    else {
      const s = facts.state;
      recorded = { checked: true, known: true, configured: s.configured, connected: s.connected, recording: s.recording, latestEventDate: s.latestEventDate, ageMs: now - facts.fetchedAt };
    }
    return {
      name,
      status: info.level,
      reasons: info.reasons,
      metrics: {
        expectedHz: expectedHz(t.modulo[slot]!),
        rateHz,
        missingPercent,
        skippedPulses: skipped,
        lastValuePulse: Number.isNaN(lastPulse) ? null : lastPulse,
        lastValueAgeMs: Number.isNaN(t.lastValueTime[slot]!) ? null : now - t.lastValueTime[slot]!,
        lastValue: info.lastValue,
        type: info.seenType,
        shape: info.seenShape,
        modulo: t.modulo[slot]!,
        offset: t.offset[slot]!,
        decodeErrors: info.decodeErrors,
        reversals: t.reversals[slot]!,
        skewMs: info.skewMs ?? null,
      },
      recorded,
      alert: this.alerts.get(name)!.snapshot(now),
      source: this.sourceOf(name),
      backend: this.direct.has(name) ? undefined : this.catalog.get(name)?.backend,
    };
  }

  statuses(names: readonly string[] | undefined, now: number): ChannelStatus[] {
    const list = names ?? this.watchedNames();
    return list.map((n) => this.status(n, now)).filter((s): s is ChannelStatus => s !== undefined);
  }

  /** Counts per level; shelved channels are left out of the overall state but still counted. */
  summary(names: readonly string[] | undefined): { summary: Summary; overall: Level } {
    const summary: Summary = { ok: 0, warning: 0, error: 0, unknown: 0 };
    let overall: Level = "ok";
    let any = false;
    for (const name of names ?? this.watchedNames()) {
      const slot = this.table.slotOf(name);
      const level = slot < 0 ? "unknown" : this.info[slot]!.level;
      summary[level]++;
      any = true;
      if (slot >= 0 && !this.alerts.get(name)!.countsInOverall()) continue;
      if (LEVEL_RANK[level] > LEVEL_RANK[overall]) overall = level;
    }
    return { summary, overall: any ? overall : "unknown" };
  }

  /** Per-second history of a channel (oldest first): values received and missing per second. */
  history(name: string, seconds: number): { fromSecond: number; received: number[]; missing: number[] } | undefined {
    const slot = this.table.slotOf(name);
    if (slot < 0) return undefined;
    const t = this.table;
    const to = t.histSecond[slot]!;
    if (Number.isNaN(to)) return { fromSecond: NaN, received: [], missing: [] };
    const from = Math.max(to - seconds + 1, t.firstSecond[slot]!);
    const received: number[] = [];
    const missing: number[] = [];
    for (let s = from; s <= to; s++) {
      received.push(t.sumSeconds(t.received, slot, s, s));
      missing.push(t.sumSeconds(t.empty, slot, s, s) + t.sumSeconds(t.skipped, slot, s, s));
    }
    return { fromSecond: from, received, missing };
  }

  /**
   * A channel's per-second counters summed into `count` buckets of `step` seconds ending at
   * pulse-second `toSecond`, oldest first (the wall panel's sparklines): values received,
   * values missing (empty or skipped due pulses) and seconds known. Unknown: before the
   * channel's first second (which is partial, so left out too), after its newest counted
   * second, and past the kept hour. One pass over typed arrays: cheap for thousands.
   */
  historyBuckets(name: string, toSecond: number, step: number, count: number): { received: number[]; missing: number[]; known: number[] } | undefined {
    const slot = this.table.slotOf(name);
    if (slot < 0) return undefined;
    const t = this.table;
    const received = new Array<number>(count).fill(0);
    const missing = new Array<number>(count).fill(0);
    const known = new Array<number>(count).fill(0);
    const newest = t.histSecond[slot]!;
    if (Number.isNaN(newest)) return { received, missing, known };
    const from = toSecond - step * count + 1;
    const lo = Math.max(from, t.firstSecond[slot]! + 1, newest - HISTORY_SECONDS + 1);
    const hi = Math.min(toSecond, newest);
    const base = slot * HISTORY_SECONDS;
    for (let s = lo; s <= hi; s++) {
      const i = base + (s % HISTORY_SECONDS);
      const b = Math.floor((s - from) / step);
      received[b]! += t.received[i]!;
      missing[b]! += t.empty[i]! + t.skipped[i]!;
      known[b]!++;
    }
    return { received, missing, known };
  }

  sources(): SourceStatus[] {
    return this.sourceStatuses;
  }

  // ---- alerts ----

  private alertOf(name: string): ChannelAlert {
    const alert = this.alerts.get(name);
    if (!alert) throw new MonitorError("CHANNEL_NOT_WATCHED", `channel ${name} is not watched`);
    return alert;
  }

  ack(name: string, actor: string, now: number): boolean {
    const result = this.alertOf(name).ack(actor, now);
    this.append(result.events);
    return result.changed;
  }

  shelve(name: string, until: number, reason: string, actor: string, now: number): void {
    this.append(this.alertOf(name).shelve({ until, reason, actor, now }).events);
  }

  unshelve(name: string, actor: string, now: number): boolean {
    const result = this.alertOf(name).unshelve(actor, now);
    this.append(result.events);
    return result.changed;
  }

  alertSnapshots(now: number): Array<{ name: string; alert: AlertSnapshot; status: Level }> {
    const out = [];
    for (const [name, alert] of this.alerts) {
      const snap = alert.snapshot(now);
      if (snap.state !== "none" || snap.shelved) out.push({ name, alert: snap, status: this.info[this.table.slotOf(name)]!.level });
    }
    return out;
  }

  /** Is any unacknowledged, unshelved alert active (the panel's sound)? */
  sounding(): string[] {
    return [...this.alerts].filter(([, a]) => a.soundingNow()).map(([n]) => n);
  }

  // ---- runs ----

  /** Pulse id at a wall time, extrapolated at 100 Hz from the newest message. */
  pulseAt(timeMs: number): number | undefined {
    let best: FeedState | undefined;
    for (const f of this.feeds.values()) if (!Number.isNaN(f.lastPulseId) && (!best || f.lastMessageTime > best.lastMessageTime)) best = f;
    if (!best) return undefined;
    return best.lastPulseId + Math.round((timeMs - best.lastMessageTime) / PULSE_PERIOD_MS);
  }

  startRun(
    request: {
      set: string;
      name?: string;
      channels: readonly string[];
      startPulseId?: number;
      startTime?: number;
      /** Restoring a stored run: its id, rates and stop. */
      id?: string;
      rates?: readonly RunChannelRate[];
      stopPulseId?: number | null;
    },
    now: number,
  ): RunInfo {
    const start = request.startPulseId ?? this.pulseAt(request.startTime ?? now);
    if (start === undefined) throw new MonitorError("RUN_NO_PULSE", "no pulse id known yet: give startPulseId, or wait for the stream");
    if (!Number.isSafeInteger(start) || start < 0) throw new MonitorError("RUN_INVALID", `start pulse ${start} is not a pulse id`);
    const channels =
      request.rates?.map((r) => ({ ...r })) ??
      request.channels.map((name) => {
        const slot = this.table.slotOf(name);
        const c = this.catalog.get(name);
        return { name, modulo: slot >= 0 ? this.table.modulo[slot]! : c?.modulo ?? 1, offset: slot >= 0 ? this.table.offset[slot]! : c?.offset ?? 0 };
      });
    const id = request.id ?? `r${this.nextRunId}`;
    const number = Number(/^r(\d+)$/.exec(id)?.[1] ?? 0);
    this.nextRunId = Math.max(this.nextRunId, number + 1);
    const stop = request.stopPulseId ?? null;
    const run: Run = {
      id,
      set: request.set,
      name: request.name,
      channels: channels.map((c) => c.name),
      rates: channels,
      startPulseId: start,
      stopPulseId: stop,
      createdAt: now,
      stoppedAt: null,
      coverage: new RunCoverage(channels, start, stop),
    };
    this.runs.set(run.id, run);
    this.accountRuns(this.currentPulse());
    return this.runInfo(run);
  }

  stopRun(id: string, request: { stopPulseId?: number; stopTime?: number }, now: number): RunInfo {
    const run = this.runs.get(id);
    if (!run) throw new MonitorError("RUN_NOT_FOUND", `no run ${id}`);
    if (run.stopPulseId !== null) {
      // Repeating the stop is fine; moving it is not (the report was closed at the first one).
      if (request.stopPulseId !== undefined && request.stopPulseId !== run.stopPulseId) {
        throw new MonitorError("RUN_ALREADY_STOPPED", `run ${id} already stopped at pulse ${run.stopPulseId}, not ${request.stopPulseId}`);
      }
      return this.runInfo(run);
    }
    const stop = request.stopPulseId ?? this.pulseAt(request.stopTime ?? now);
    if (stop === undefined) throw new MonitorError("RUN_NO_PULSE", "no pulse id known yet: give stopPulseId");
    if (stop < run.startPulseId) throw new MonitorError("RUN_INVALID", `stop pulse ${stop} is before the run's start ${run.startPulseId}`);
    run.coverage.setStop(stop, (i, p) => this.hadValue(run.channels[i]!, p));
    run.stopPulseId = stop;
    run.stoppedAt = now;
    this.accountRuns(this.currentPulse());
    return this.runInfo(run);
  }

  listRuns(): RunInfo[] {
    return [...this.runs.values()].map((r) => this.runInfo(r));
  }

  run(id: string): RunInfo | undefined {
    const r = this.runs.get(id);
    return r && this.runInfo(r);
  }

  report(id: string): RunReport | undefined {
    const run = this.runs.get(id);
    if (!run) return undefined;
    const { channels: _, rates: __, ...info } = this.runInfo(run);
    return { ...info, ...run.coverage.report() };
  }

  private runInfo(run: Run): RunInfo {
    const { coverage: _, ...info } = run;
    return { ...info, channels: [...info.channels], rates: info.rates.map((r) => ({ ...r })) };
  }

  private hadValue(name: string, pulseId: number): boolean {
    const slot = this.table.slotOf(name);
    return slot >= 0 && this.table.hadValue(slot, pulseId) === true;
  }

  private accountRuns(current: number): void {
    if (Number.isNaN(current)) return;
    const finalUpTo = current - RUN_FINAL_LAG;
    for (const run of this.runs.values()) {
      const c = run.coverage;
      if (c.isComplete) continue;
      const from = c.nextPulseId ?? run.startPulseId;
      // Pulses older than the kept history can no longer be told apart: count them as missing.
      const to = Math.min(finalUpTo, run.stopPulseId ?? Infinity);
      if (from > to) continue;
      const oldest = current - PULSE_HISTORY + 1;
      const slots = run.channels.map((name) => this.table.slotOf(name));
      c.account(Math.max(from, run.startPulseId), to, (i, p) => p >= oldest && slots[i]! >= 0 && this.table.hadValue(slots[i]!, p) === true);
    }
  }
}

function nullIfNaN(n: number): number | null {
  return Number.isNaN(n) ? null : n;
}

function sameCodes(a: readonly Reason[], b: readonly Reason[]): boolean {
  return a.length === b.length && a.every((r, i) => r.code === b[i]!.code);
}
