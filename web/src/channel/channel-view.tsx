/**
 * One channel in full, shared by the page (/channel/NAME) and the dialog over the wall
 * panel: status word, shape and colour; reasons with since; the alert with Ack and Shelve;
 * metrics; the dispatcher's facts; the last hour's history; the live value; recent events.
 */
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { ShelveButton } from "../alerts/shelve-button.js";
import { formatAge, formatHz, formatTime } from "../format.js";
import { LEVEL_LOOK } from "../status-style.js";
import { type EventLine, EventsTable } from "../view-kit/events-table.js";
import { Freshness, staleClass } from "../view-kit/freshness.js";
import type { CatalogEntry } from "../api-types.js";
import type { ChannelDetailData, ChannelEvent } from "./channel-types.js";
import { HistoryChart } from "./history-chart.js";
import { LiveValueView } from "./live-value.js";
import { problemOf, useChannelDetail, type Problem } from "./use-channel-detail.js";
import "./channel.css";

export interface ChannelViewProps {
  name: string;
  /** False while hidden or closed: nothing is polled. */
  active: boolean;
  /** No buttons (kiosk wall). */
  readOnly?: boolean;
  /** Acknowledge through the caller (the panel keeps its own alert state); default: the API. */
  onAck?: (name: string) => Promise<unknown> | void;
}

export function ChannelView({ name, active, readOnly = false, onAck }: ChannelViewProps) {
  const { detail, fetchedAt, problem, stale, error, facts, factsProblem, refresh } = useChannelDetail(name, active);
  const [ackProblem, setAckProblem] = useState<Problem | null>(null);
  const ack = async () => {
    try {
      await (onAck ? onAck(name) : api.ack(name));
      setAckProblem(null);
    } catch (err) {
      setAckProblem(problemOf(err));
    }
    refresh();
  };

  return (
    <div class="channel-view">
      <Freshness updatedAt={fetchedAt} error={error} stale={stale} />
      {/* No answer at all is said by the freshness line above; the server's own refusals are said here. */}
      {problem && problem.code !== "TIMEOUT" && problem.code !== "UNREACHABLE" && (
        <p class="channel-problem" data-testid="channel-problem" data-code={problem.code} role="alert">
          <strong>{problem.code}</strong> {problem.message}
        </p>
      )}
      {detail && <StatusBlock detail={detail} stale={stale} readOnly={readOnly} onAck={ack} ackProblem={ackProblem} />}
      <div class={`channel-columns ${staleClass(stale)}`}>
        {detail && <MetricsBlock detail={detail} />}
        <FactsBlock facts={facts} problem={factsProblem} detail={detail} />
      </div>
      <section class="channel-section">
        <h3>Live value</h3>
        {problem?.code === "CHANNEL_NOT_WATCHED" ? (
          <p class="muted">no live value: the channel is not watched</p>
        ) : (
          <LiveValueView name={name} active={active && detail !== null} expectedHz={detail?.metrics.expectedHz ?? 0} />
        )}
      </section>
      {detail?.history && fetchedAt !== null && (
        <section class={`channel-section ${staleClass(stale)}`}>
          <h3>Last hour</h3>
          {detail.history.received.length === 0 ? (
            <p class="muted">no history yet: no message has carried this channel</p>
          ) : (
            <HistoryChart
              history={detail.history}
              expectedHz={detail.metrics.expectedHz}
              anchor={detail.metrics.lastValuePulse !== null && detail.metrics.lastValueAgeMs !== null ? { pulseId: detail.metrics.lastValuePulse, atMs: fetchedAt - detail.metrics.lastValueAgeMs } : null}
              fetchedAt={fetchedAt}
            />
          )}
        </section>
      )}
      {detail && <EventsBlock events={detail.events} stale={stale} />}
    </div>
  );
}

function StatusBlock({ detail, stale, readOnly, onAck, ackProblem }: { detail: ChannelDetailData; stale: boolean; readOnly: boolean; onAck(): void; ackProblem: Problem | null }) {
  // Never green when unknown: without a current answer the status is UNKNOWN, the old one only named.
  const status = stale ? "unknown" : detail.status;
  const look = LEVEL_LOOK[status];
  const a = detail.alert;
  return (
    <section class="channel-status-block">
      <p class={`channel-status channel-status-${status}`} data-testid="channel-status" data-status={status}>
        <span aria-hidden="true">{look.icon}</span> {look.word}
        {stale && <span class="channel-status-was"> (last known: {LEVEL_LOOK[detail.status].word})</span>}
      </p>
      <ul class={`channel-reasons ${staleClass(stale)}`} data-testid="channel-reasons">
        {detail.reasons.length === 0 && <li class="muted">no reason: every check passes</li>}
        {detail.reasons.map((r) => (
          <li key={r.code} data-code={r.code}>
            <strong>{r.code}</strong> {r.message} <span class="muted">since {formatTime(r.since)}</span>
          </li>
        ))}
      </ul>
      <div class="channel-alert" data-alert={a.state}>
        <span>
          alert: <strong>{a.state === "none" ? "none" : a.state === "active" ? `active (${a.level ?? "?"})` : "recovered"}</strong>
          {a.raisedAt && ` since ${formatTime(a.raisedAt)}`}
          {a.gap && a.gap.firstTime && ` · gap ${formatTime(a.gap.firstTime)} → ${formatTime(a.gap.lastTime)}${a.gap.missing !== null ? `, ${a.gap.missing} pulses missing` : ""}`}
          {a.acknowledged && ` · acknowledged by ${a.ackBy ?? "?"}`}
          {a.shelved && ` · shelved until ${formatTime(a.shelved.until)} by ${a.shelved.by}: ${a.shelved.reason}`}
        </span>
        {!readOnly && a.state !== "none" && !a.acknowledged && (
          <button type="button" class="channel-ack" onClick={onAck}>
            Ack
          </button>
        )}
        {!readOnly && <ShelveButton channel={detail.name} shelved={a.shelved !== undefined} />}
      </div>
      {ackProblem && (
        <p class="channel-problem" role="alert">
          <strong>{ackProblem.code}</strong> {ackProblem.message}
        </p>
      )}
    </section>
  );
}

function MetricsBlock({ detail }: { detail: ChannelDetailData }) {
  const m = detail.metrics;
  return (
    <section class="channel-section">
      <h3>Metrics</h3>
      <dl class="channel-dl">
        <dt>rate</dt>
        <dd>
          {formatHz(m.rateHz)} of {formatHz(m.expectedHz)} Hz
        </dd>
        <dt>missing values</dt>
        <dd>{m.missingPercent === null ? "—" : `${m.missingPercent.toFixed(2)} %`}</dd>
        <dt>skipped pulses</dt>
        <dd>{m.skippedPulses}</dd>
        <dt>last value</dt>
        <dd>
          pulse {m.lastValuePulse ?? "—"}, {formatAge(m.lastValueAgeMs)} ago
        </dd>
        <dt>seen in stream</dt>
        <dd>
          {m.type ?? "—"} [{m.shape?.join(" × ") ?? "—"}], modulo {m.modulo}, offset {m.offset}
        </dd>
        <dt>decode errors</dt>
        <dd>{m.decodeErrors}</dd>
        <dt>time skew</dt>
        <dd>{m.skewMs === null ? "—" : `${m.skewMs.toFixed(0)} ms`}</dd>
      </dl>
    </section>
  );
}

function FactsBlock({ facts, problem, detail }: { facts: CatalogEntry | null; problem: Problem | null; detail: ChannelDetailData | null }) {
  const r = detail?.recorded;
  return (
    <section class="channel-section" data-testid="channel-facts">
      <h3>Dispatcher</h3>
      {problem && (
        <p class="channel-problem">
          <strong>{problem.code}</strong> {problem.message}
        </p>
      )}
      <dl class="channel-dl">
        {facts && (
          <>
            <dt>backend</dt>
            <dd>{facts.backend ?? "direct source"}</dd>
            <dt>source</dt>
            <dd>{facts.source ?? "—"}</dd>
            <dt>type, shape</dt>
            <dd>
              {facts.type ?? "—"} [{facts.shape?.join(" × ") ?? "—"}]
            </dd>
            <dt>modulo, offset</dt>
            <dd>
              {facts.modulo ?? "—"}, {facts.offset ?? "—"}
            </dd>
          </>
        )}
        {r && (
          <>
            <dt>recorded</dt>
            <dd>
              {!r.checked
                ? "not checked (direct source)"
                : !r.known
                  ? "unknown: no answer from the dispatcher yet"
                  : `${r.configured ? "configured" : "NOT configured"} · ${r.connected ? "connected" : "NOT connected"} · ${r.recording ? "recording" : "NOT recording"}`}
            </dd>
            {r.checked && r.known && (
              <>
                <dt>latest event</dt>
                <dd>
                  {formatTime(r.latestEventDate)} <span class="muted">(state {formatAge(r.ageMs)} old)</span>
                </dd>
              </>
            )}
          </>
        )}
      </dl>
    </section>
  );
}

function EventsBlock({ events, stale }: { events: readonly ChannelEvent[]; stale: boolean }) {
  return (
    <section class="channel-section">
      <h3>Recent events</h3>
      {events.length === 0 ? <p class="muted">no events yet</p> : <EventsTable events={events.slice(0, 30).map(eventLine)} showChannel={false} stale={stale} testId="channel-events" />}
    </section>
  );
}

function eventLine(e: ChannelEvent, i: number): EventLine {
  return { key: i, time: e.time, kind: e.kind, from: e.from, to: e.to, details: e.note ?? "", actor: e.actor, pulseId: e.pulseId };
}
