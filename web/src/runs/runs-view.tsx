/**
 * `/runs[?set=NAME]`: every run newest first (set, start/stop pulse and time, state, coverage
 * so far), a form to start one and a Stop per running run; each links to its report.
 */
import { useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { formatTime } from "../format.js";
import { Freshness, staleClass } from "../view-kit/freshness.js";
import { useQueryParam } from "../view-kit/query-param.js";
import { SetFilter } from "../view-kit/set-filter.js";
import { useSets } from "../view-kit/sets.js";
import { usePoll } from "../view-kit/use-poll.js";
import { coverageSummary, formatCoverage, runState, type RunReport, type RunRow } from "./run-types.js";
import { RunReportCache } from "./report-cache.js";
import { StartRunForm } from "./start-run-form.js";
import { StopRun } from "./stop-run.js";
import "../view-kit/view-kit.css";
import "./runs.css";

const REFRESH_MS = 3000;

interface Loaded {
  runs: RunRow[];
  reports: Map<string, RunReport>;
  /** Report errors by run id (a report that cannot be had says so in its row). */
  reportErrors: Map<string, string>;
}

export function RunsView() {
  const [set, setSet] = useQueryParam("set");
  const sets = useSets();
  const [started, setStarted] = useState<RunRow | null>(null);
  // Complete reports are kept: a poll asks only for the running and finishing runs' reports.
  const cache = useRef(new RunReportCache((id) => api.get<RunReport>(`/runs/${encodeURIComponent(id)}/report`)));

  const load = async (): Promise<Loaded> => {
    const { runs } = await api.get<{ runs: RunRow[] }>("/runs");
    runs.sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? "") || b.id.localeCompare(a.id));
    const { reports, errors } = await cache.current.load(runs);
    return { runs, reports, reportErrors: errors };
  };
  const poll = usePoll(load, REFRESH_MS, "runs");
  const runs = (poll.data?.runs ?? []).filter((r) => set === "" || r.set === set);

  return (
    <main class="page runs-page">
      <div class="view-head">
        <h1>Runs</h1>
        <SetFilter sets={sets.data} value={set} onChange={setSet} />
        <Freshness updatedAt={poll.updatedAt} error={poll.error} stale={poll.stale} />
      </div>
      <StartRunForm
        sets={sets.data}
        onStarted={(run) => {
          setStarted(run);
          poll.refresh();
        }}
      />
      {started && (
        <p role="status" class="run-started">
          Run <a href={`/runs/${encodeURIComponent(started.id)}`}>{started.id}</a> started on set {started.set} at pulse {started.startPulseId}.
        </p>
      )}
      <div class={staleClass(poll.stale)}>
        <h2>All runs</h2>
        {poll.data && runs.length === 0 && <p class="view-empty">No runs{set ? ` on set ${set}` : ""} yet.</p>}
        {runs.length > 0 && (
          <table class="view-table runs-table">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Set</th>
                <th scope="col">Start</th>
                <th scope="col">Stop</th>
                <th scope="col">State</th>
                <th scope="col">Coverage</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <RunLine key={r.id} run={r} report={poll.data?.reports.get(r.id)} reportError={poll.data?.reportErrors.get(r.id)} onChanged={poll.refresh} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </main>
  );
}

function RunLine({ run, report, reportError, onChanged }: { run: RunRow; report: RunReport | undefined; reportError: string | undefined; onChanged: () => void }) {
  const state = runState(run, report);
  const sum = report && coverageSummary(report);
  return (
    <tr data-run={run.id} data-state={state}>
      <td>
        <a href={`/runs/${encodeURIComponent(run.id)}`}>{run.name ?? run.id}</a>
        {run.name !== null && <div class="muted run-id">{run.id}</div>}
      </td>
      <td>
        {run.set}
        <div class="muted">{run.channels} channels</div>
      </td>
      <td>
        <span class="run-pulse">{run.startPulseId}</span>
        <div class="muted">{formatTime(run.createdAt)}</div>
      </td>
      <td>
        {run.stopPulseId === null ? <span class="muted">—</span> : <span class="run-pulse">{run.stopPulseId}</span>}
        {run.stoppedAt && <div class="muted">{formatTime(run.stoppedAt)}</div>}
      </td>
      <td>
        <span class={`run-state run-state-${state}`}>{state === "running" ? "● RUNNING" : state === "finishing" ? "◐ FINISHING" : state === "done" ? "■ DONE" : "■ STOPPED"}</span>
      </td>
      <td class="run-coverage">
        {reportError ? (
          <span class="view-message-error">{reportError}</span>
        ) : !sum ? (
          <span class="muted">not loaded (older run: open it)</span>
        ) : (
          <>
            <strong class={sum.missing > 0 ? "run-gaps" : ""}>{formatCoverage(sum.overall)}</strong>
            <div class="muted">
              {sum.overall === null ? "no pulse accounted yet" : sum.withGaps === 0 ? "no channel missing data" : `${sum.withGaps} channel${sum.withGaps === 1 ? "" : "s"} missing ${sum.missing.toLocaleString("en-US")} pulses`}
              {sum.worst && sum.withGaps > 0 ? ` · worst ${sum.worst.name} ${formatCoverage(sum.worst.coverage)}` : ""}
            </div>
          </>
        )}
      </td>
      <td>{state === "running" ? <StopRun id={run.id} onStopped={onChanged} /> : <a href={`/runs/${encodeURIComponent(run.id)}`}>Report</a>}</td>
    </tr>
  );
}
