/**
 * `/runs/{id}[?sort=coverage|name][&q=TEXT][&gaps=1]`: a run's coverage per channel with the
 * missing pulse ranges (inclusive), worst first, filterable, downloadable as CSV and JSON;
 * refreshes until the report is final.
 */
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { formatTime } from "../format.js";
import { Freshness, staleClass } from "../view-kit/freshness.js";
import { useQueryParam } from "../view-kit/query-param.js";
import { usePoll } from "../view-kit/use-poll.js";
import { MissingRanges } from "./missing-ranges.js";
import { coverageSummary, formatCoverage, runState, type ChannelCoverage, type RunReport } from "./run-types.js";
import "../view-kit/view-kit.css";
import "./runs.css";

const REFRESH_MS = 2000;

const SORTS: Record<string, (a: ChannelCoverage, b: ChannelCoverage) => number> = {
  // Unknown coverage (nothing due yet) sorts before any figure: it is not known to be fine.
  coverage: (a, b) => (a.coverage ?? -1) - (b.coverage ?? -1) || b.expected - b.received - (a.expected - a.received) || a.name.localeCompare(b.name),
  name: (a, b) => a.name.localeCompare(b.name),
  missing: (a, b) => b.expected - b.received - (a.expected - a.received) || a.name.localeCompare(b.name),
};

export function RunReportView({ id }: { id: string }) {
  const [sort, setSort] = useQueryParam("sort", "coverage");
  const [q, setQ] = useQueryParam("q");
  const [gaps, setGaps] = useQueryParam("gaps");
  const path = `/runs/${encodeURIComponent(id)}/report`;
  // A final report does not change: polling stops, the page says it is final.
  const [final, setFinal] = useState(false);
  const first = usePoll(() => api.get<RunReport>(path), REFRESH_MS, path, !final);
  const report = first.data;
  useEffect(() => setFinal(report?.complete === true), [report]);

  const needle = q.trim().toLowerCase();
  const rows = (report?.channels ?? []).filter((c) => (needle === "" || c.name.toLowerCase().includes(needle)) && (gaps !== "1" || c.expected > c.received)).sort(SORTS[sort] ?? SORTS.coverage);
  const sum = report && coverageSummary(report);
  const fileBase = `run-${id}`;

  return (
    <main class="page run-report-page">
      <p>
        <a href="/runs">← Runs</a>
      </p>
      <div class="view-head">
        <h1>
          Run report: {report?.name ?? id}
          {report?.name ? <span class="muted run-id"> {id}</span> : null}
        </h1>
        {final && !first.error ? <p class="freshness muted">final report</p> : <Freshness updatedAt={first.updatedAt} error={first.error} stale={first.stale} />}
      </div>
      {first.error && !report && <p class="view-message-error">{first.error.message}</p>}
      {report && sum && (
        <div class={staleClass(final ? first.error : first.stale)}>
          <dl class="run-facts">
            <dt>Set</dt>
            <dd>{report.set}</dd>
            <dt>State</dt>
            <dd data-testid="run-state">{runState({ ...report, channels: report.channels.length }, report).toUpperCase()}</dd>
            <dt>Pulses</dt>
            <dd>
              {report.startPulseId} – {report.stopPulseId ?? "(open)"} <span class="muted">inclusive; accounted up to {report.accountedUpTo ?? "nothing yet"}</span>
            </dd>
            <dt>Time</dt>
            <dd>
              {formatTime(report.createdAt)} – {report.stoppedAt ? formatTime(report.stoppedAt) : "running"}
            </dd>
            <dt>Coverage</dt>
            <dd>
              <strong>{formatCoverage(sum.overall)}</strong> over {report.channels.length} channels;{" "}
              {sum.withGaps === 0 ? "no channel missing data" : `${sum.withGaps} missing data (${sum.missing.toLocaleString("en-US")} pulses)`}
            </dd>
          </dl>
          <div class="view-actions run-downloads">
            <a class="control-link" href={`/api/v1${path}?format=csv`} download={`${fileBase}.csv`}>
              Download CSV
            </a>
            <a class="control-link" href={`/api/v1${path}`} download={`${fileBase}.json`}>
              Download JSON
            </a>
          </div>
          <div class="view-actions run-filters">
            <label class="view-filter">
              Filter
              <input type="search" name="q" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder="channel name contains" />
            </label>
            <label class="view-filter">
              Sort
              <select name="sort" value={sort} onChange={(e) => setSort(e.currentTarget.value)}>
                <option value="coverage">worst coverage first</option>
                <option value="missing">most missing first</option>
                <option value="name">name</option>
              </select>
            </label>
            <label class="view-filter">
              <input type="checkbox" name="gaps" checked={gaps === "1"} onChange={(e) => setGaps(e.currentTarget.checked ? "1" : "")} /> only channels missing data
            </label>
            <span class="muted">
              {rows.length} of {report.channels.length} shown
            </span>
          </div>
          <table class="view-table run-report-table">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col" class="num">
                  Expected
                </th>
                <th scope="col" class="num">
                  Received
                </th>
                <th scope="col" class="num">
                  Missing
                </th>
                <th scope="col" class="num">
                  Coverage
                </th>
                <th scope="col">Missing pulse ids</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.name} data-channel-report={c.name} class={c.expected > c.received ? "run-row-gaps" : ""}>
                  <td class="run-channel">
                    <a href={`/channel/${encodeURIComponent(c.name)}`}>{c.name}</a>
                  </td>
                  <td class="num">{c.expected.toLocaleString("en-US")}</td>
                  <td class="num">{c.received.toLocaleString("en-US")}</td>
                  <td class="num">{(c.expected - c.received).toLocaleString("en-US")}</td>
                  <td class="num run-coverage-cell">
                    <CoverageCell coverage={c.coverage} />
                  </td>
                  <td>
                    <MissingRanges channel={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

/** The figure with a shape for "complete" vs "missing", never colour alone. */
function CoverageCell({ coverage }: { coverage: number | null }) {
  if (coverage === null) return <span class="muted">? nothing due yet</span>;
  const full = coverage >= 100;
  return (
    <span class={full ? "run-full" : "run-partial"}>
      <span aria-hidden="true">{full ? "✓ " : "✕ "}</span>
      {formatCoverage(coverage)}
    </span>
  );
}
