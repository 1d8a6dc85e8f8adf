/** Engine objects -> API JSON: times as ISO 8601 strings, pulse ids as exact numbers. */
import type { AlertSnapshot } from "../monitor/alerts.js";
import type { MonitorEvent } from "../monitor/events.js";
import type { ChannelStatus, RunInfo, RunReport } from "../monitor/monitor.js";
import type { Reason } from "../monitor/status.js";
import type { ChannelSet, StoredRun } from "../store/store.js";
import type { SetStatus } from "./service.js";

export const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

export function presentReasons(reasons: readonly Reason[]) {
  return reasons.map((r) => ({ code: r.code, message: r.message, since: iso(r.since) }));
}

export function presentAlert(a: AlertSnapshot) {
  return {
    state: a.state,
    acknowledged: a.acknowledged,
    silenced: a.silenced,
    ...(a.level !== undefined && { level: a.level }),
    ...(a.raisedAt !== undefined && { raisedAt: iso(a.raisedAt), raisedPulse: a.raisedPulse ?? null }),
    ...(a.ackBy !== undefined && { ackBy: a.ackBy, ackAt: iso(a.ackAt) }),
    ...(a.gap && { gap: { ...a.gap, firstTime: iso(a.gap.firstTime), lastTime: iso(a.gap.lastTime) } }),
    ...(a.shelved && { shelved: { until: iso(a.shelved.until), reason: a.shelved.reason, by: a.shelved.by, remainingMs: a.shelved.remainingMs } }),
  };
}

export function presentChannel(c: ChannelStatus) {
  return {
    name: c.name,
    status: c.status,
    reasons: presentReasons(c.reasons),
    metrics: c.metrics,
    recorded: c.recorded,
    alert: presentAlert(c.alert),
    source: c.source ?? null,
    backend: c.backend ?? null,
  };
}

export function presentSetStatus(s: SetStatus) {
  return {
    set: s.set,
    watched: s.watched,
    generatedAt: iso(s.generatedAt),
    overall: s.overall,
    summary: s.summary,
    channels: s.channels.map(presentChannel),
  };
}

export function presentSet(s: ChannelSet) {
  return { ...s, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt) };
}

export function presentEvent(e: MonitorEvent) {
  return {
    id: e.id ?? null,
    kind: e.kind,
    channel: e.channel,
    from: e.from,
    to: e.to,
    reasons: e.reasons,
    pulseId: e.pulseId,
    time: iso(e.time),
    ...(e.actor !== undefined && { actor: e.actor }),
    ...(e.note !== undefined && { note: e.note }),
    ...(e.gap && { gap: { ...e.gap, firstTime: iso(e.gap.firstTime), lastTime: iso(e.gap.lastTime) } }),
  };
}

interface RunHeader {
  id: string;
  set: string;
  name?: string | null;
  startPulseId: number;
  stopPulseId: number | null;
  createdAt: number;
  stoppedAt: number | null;
}

function runHeader(r: RunHeader) {
  return {
    id: r.id,
    set: r.set,
    name: r.name ?? null,
    startPulseId: r.startPulseId,
    stopPulseId: r.stopPulseId,
    createdAt: iso(r.createdAt),
    stoppedAt: iso(r.stoppedAt),
  };
}

export function presentRun(r: RunInfo | StoredRun) {
  return { ...runHeader(r), channels: r.channels.length };
}

export function presentReport(r: RunReport) {
  return { ...runHeader(r), accountedUpTo: r.accountedUpTo, complete: r.complete, channels: r.channels };
}
