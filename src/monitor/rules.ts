/**
 * The rules of DESIGN.md §3: one channel's facts -> its reasons. Pure: everything comes
 * in through the context (including `now`), nothing is read from timers or the network.
 */
import type { RecordedState } from "../dispatcher/dispatcher-client.js";
import type { ChannelInfo } from "./channel-info.js";
import type { ChannelTable } from "./channel-table.js";
import { PULSE_PERIOD_MS, type MonitorTiming } from "./defaults.js";
import type { FeedState } from "./feed-state.js";
import { countDue, pulseSecond } from "./pulse-math.js";
import type { Reason, ReasonCode } from "./status.js";

export interface RecordedFacts {
  state: RecordedState | undefined;
  /** When the state was fetched (ms), NaN never. */
  fetchedAt: number;
}

export interface RestHealth {
  reachable: boolean;
  since: number;
  error: string | undefined;
}

export interface RuleContext {
  now: number;
  timing: MonitorTiming;
  feeds: ReadonlyMap<string, FeedState>;
  /** Channels carried by direct sources: live view only. */
  direct: ReadonlySet<string>;
  catalogLoaded: boolean;
  restHealth: ReadonlyMap<string, RestHealth>;
  recorded: ReadonlyMap<string, RecordedFacts>;
  refused: ReadonlyMap<string, string>;
}

const NO_REASONS: Reason[] = [];
/** Scratch for the window sums: evaluation is synchronous, so one suffices. */
const windowSums = new Int32Array(3);

export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Expected values per second of a channel sent every `modulo` pulses. */
export function expectedHz(modulo: number): number {
  return 1000 / PULSE_PERIOD_MS / Math.max(1, modulo);
}

export function staleAfterMs(info: ChannelInfo, modulo: number): number {
  return Math.max(info.thresholds.staleMinMs, info.thresholds.staleFactor * PULSE_PERIOD_MS * Math.max(1, modulo));
}

/** The window of complete pulse-seconds a feed's rates are judged over. */
export function windowOf(feed: FeedState, timing: MonitorTiming, firstSecond: number): { from: number; to: number } | undefined {
  if (Number.isNaN(feed.lastPulseId) || Number.isNaN(firstSecond)) return undefined;
  const to = pulseSecond(feed.lastPulseId) - 1;
  const from = Math.max(to - timing.windowSeconds + 1, firstSecond + 1);
  return from <= to ? { from, to } : undefined;
}

/** Reasons for one channel; `since` carries over from the previous evaluation. */
export function evaluateChannel(table: ChannelTable, slot: number, info: ChannelInfo, ctx: RuleContext): Reason[] {
  const now = ctx.now;
  const found: Array<[ReasonCode, string, number]> = [];
  const add = (code: ReasonCode, message: string, since = now) => found.push([code, message, since]);
  const name = info.name;
  const isDirect = ctx.direct.has(name);
  const backend = isDirect ? undefined : info.backend;
  const facts = ctx.recorded.get(name);
  const refusal = ctx.refused.get(name);

  // Recorded view (dispatcher only).
  if (!isDirect) {
    if (ctx.catalogLoaded && backend === undefined) add("not_configured", "not in the dispatcher's channel catalog");
    const health = backend === undefined ? undefined : ctx.restHealth.get(backend);
    const staleAfter = 3 * ctx.timing.recordedPollMs + ctx.timing.httpTimeoutMs;
    if (health && !health.reachable) {
      add("upstream_unreachable", `dispatcher ${backend} unreachable since ${clockTime(health.since)}: ${health.error ?? "no answer"}`, health.since);
    } else if (backend !== undefined && (!facts || facts.state === undefined || now - facts.fetchedAt > staleAfter)) {
      if (now - table.watchStart[slot]! > staleAfter || (facts && facts.state === undefined)) {
        add("upstream_unreachable", `recording state from dispatcher ${backend} unknown${facts ? ` since ${clockTime(facts.fetchedAt)}` : ""}`);
      }
    } else if (facts?.state) {
      const s = facts.state;
      if (!s.configured) add("not_configured", "the dispatcher reports it not configured");
      if (!s.recording) add("not_recording", "the dispatcher is not recording it");
      if (!s.connected) add("source_disconnected", "the dispatcher reports its source disconnected");
    }
    if (refusal !== undefined) add("stream_refused", `the dispatcher refused to stream it: ${refusal}`);
  }

  // Live view.
  const feedId = info.feed ?? backend;
  const feed = feedId === undefined ? undefined : ctx.feeds.get(feedId);
  const modulo = table.modulo[slot]!;
  const lastValueTime = table.lastValueTime[slot]!;
  const silentFor = feed ? now - feed.lastMessageTime : Infinity;
  if (refusal !== undefined) {
    // Not streamed: nothing live to judge.
  } else if (!feed || !feed.connected || !(silentFor <= ctx.timing.streamSilenceMs)) {
    if (!(backend === undefined && !isDirect && ctx.catalogLoaded)) {
      const what = feed?.kind === "direct" || isDirect ? `source ${feedId}` : `stream from ${feedId ?? "the dispatcher"}`;
      const since = feed ? (feed.connected ? feed.lastMessageTime : feed.since) : table.watchStart[slot]!;
      const why = feed && !feed.connected ? `not connected${feed.error ? `: ${feed.error}` : ""}` : "silent";
      add("upstream_unreachable", `${what} ${why} since ${Number.isFinite(since) ? clockTime(since) : "start"}`, Number.isFinite(since) ? since : now);
    }
  } else if (now - table.watchStart[slot]! < info.thresholds.warmupMs) {
    add("starting", `watched for ${seconds(now - table.watchStart[slot]!)}, judging after ${seconds(info.thresholds.warmupMs)}`, table.watchStart[slot]!);
  } else {
    const reference = Number.isNaN(lastValueTime) ? table.watchStart[slot]! : lastValueTime;
    const stale = staleAfterMs(info, modulo);
    const liveValue = now - reference <= stale;
    if (!liveValue) {
      const last = Number.isNaN(table.lastValuePulse[slot]!) ? "none since watching began" : `last at pulse ${table.lastValuePulse[slot]}`;
      add("no_data", `no value for ${seconds(now - reference)} (${last}) while the stream is alive`, reference);
    } else {
      const w = windowOf(feed, ctx.timing, table.firstSecond[slot]!);
      if (w) {
        const expected = countDue(w.from * 100, w.to * 100 + 99, modulo, table.offset[slot]!);
        const sums = table.sumWindow(slot, w.from, w.to, windowSums);
        const received = sums[0]!;
        const empty = sums[1]!;
        const skipped = sums[2]!;
        const span = w.to - w.from + 1;
        if (expected > 0 && received < info.thresholds.rateLowFraction * expected) {
          add("rate_low", `rate ${(received / span).toFixed(1)} Hz, expected ${expectedHz(modulo).toFixed(1)} Hz (last ${span} s)`);
        }
        if (expected > 0 && empty > info.thresholds.missingValuesFraction * expected) {
          add("missing_values", `${((100 * empty) / expected).toFixed(1)} % of values empty in the last ${span} s`);
        }
        if (skipped > 0) add("pulse_gaps", `${skipped} due pulse${skipped === 1 ? "" : "s"} skipped by the stream in the last ${span} s`);
      }
      const latest = facts?.state?.latestEventMs;
      const fetchedAt = facts?.fetchedAt ?? NaN;
      if (!isDirect && latest !== undefined && fetchedAt - latest > info.thresholds.recordLagMs) {
        add("record_lag", `the dispatcher's latest recorded event is ${seconds(fetchedAt - latest)} old while data flows`);
      }
    }
    if (info.typeChangedSince !== undefined) add("type_changed", `type ${info.seenType}, expected ${info.expectedType}`, info.typeChangedSince);
    if (info.shapeChangedSince !== undefined) {
      add("shape_changed", `shape [${info.seenShape?.join(", ")}], expected [${info.expectedShape?.join(", ")}]`, info.shapeChangedSince);
    }
    if (info.decodeErrorSince !== undefined) add("decode_error", info.lastDecodeError ?? "values fail to decode", info.decodeErrorSince);
    if (info.skewSince !== undefined) add("time_skew", `timestamp ${seconds(info.skewMs ?? 0)} off the pulse's`, info.skewSince);
  }

  if (found.length === 0) return NO_REASONS;
  const previous = info.reasons;
  return found.map(([code, message, since]) => {
    const before = previous.find((r) => r.code === code);
    return { code, message, since: before ? Math.min(before.since, since) : since };
  });
}
