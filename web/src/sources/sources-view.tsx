/**
 * `/sources[?set=NAME]`: the source IOCs (stream addresses) of the watched channels, worst
 * first, each with its aggregate level, channels per level, source-level reasons (IOC down,
 * disconnected) and its channels, each a link to the channel page.
 */
import { api } from "../api.js";
import type { Channel, Level, Reason, Summary } from "../types.js";
import { LEVEL_RANK, LEVELS } from "../types.js";
import { Freshness, staleClass } from "../view-kit/freshness.js";
import { LevelBadge } from "../view-kit/level-badge.js";
import { useQueryParam } from "../view-kit/query-param.js";
import { SetFilter } from "../view-kit/set-filter.js";
import { statusPath, useSets } from "../view-kit/sets.js";
import { usePoll } from "../view-kit/use-poll.js";
import "./sources.css";

interface SourceRow {
  source: string;
  status: Level;
  channels: number;
  summary: Summary;
  reasons: Reason[];
}

interface Loaded {
  sources: SourceRow[];
  channels: Channel[];
}

const REFRESH_MS = 3000;

/** With a set, only that set's channels (and the sources feeding them). */
async function load(set: string): Promise<Loaded> {
  const [s, st] = await Promise.all([api.get<{ sources: SourceRow[] }>("/sources"), api.get<{ channels: Channel[] }>(statusPath(set))]);
  return { sources: s.sources, channels: st.channels };
}

export function SourcesView() {
  const [set, setSet] = useQueryParam("set");
  const sets = useSets();
  const poll = usePoll(() => load(set), REFRESH_MS, `sources ${set}`);
  const filtered = set !== "";

  const bySource = new Map<string, Channel[]>();
  const sourceless: Channel[] = [];
  for (const c of poll.data?.channels ?? []) {
    if (c.source === null) sourceless.push(c);
    else bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
  }
  const rows = (poll.data?.sources ?? [])
    .filter((s) => !filtered || bySource.has(s.source))
    .sort((a, b) => LEVEL_RANK[a.status] - LEVEL_RANK[b.status] || b.summary.error - a.summary.error || a.source.localeCompare(b.source));

  return (
    <main class="page sources-page">
      <div class="view-head">
        <h1>Sources</h1>
        <SetFilter sets={sets.data} value={set} onChange={setSet} />
        <Freshness updatedAt={poll.updatedAt} error={poll.error} stale={poll.stale} />
      </div>
      <p class="muted">Each IOC stream that feeds a watched channel; a source is as bad as its worst channel.{filtered ? " Channels listed: those of the chosen set." : ""}</p>
      <div class={staleClass(poll.stale)}>
        {poll.data && rows.length === 0 && <p class="view-empty">{filtered ? `No watched channel of set ${set} has a known source.` : "No watched channel has a known source: watch a set first."}</p>}
        {rows.length > 0 && (
          <table class="view-table sources-table">
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Source</th>
                <th scope="col">Channels by level</th>
                <th scope="col">Reasons</th>
                <th scope="col">Channels</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <SourceLine key={s.source} row={poll.stale ? { ...s, status: "unknown" } : s} channels={bySource.get(s.source) ?? []} />
              ))}
            </tbody>
          </table>
        )}
        {sourceless.length > 0 && (
          <p class="muted">
            Source not known for {sourceless.length} channel{sourceless.length === 1 ? "" : "s"}: <ChannelLinks channels={sourceless} />
          </p>
        )}
      </div>
    </main>
  );
}

function SourceLine({ row, channels }: { row: SourceRow; channels: Channel[] }) {
  return (
    <tr data-source={row.source} data-status={row.status}>
      <td>
        <LevelBadge level={row.status} />
      </td>
      <td class="source-address">{row.source}</td>
      <td>
        <LevelCounts summary={row.summary} total={row.channels} />
      </td>
      <td>{row.reasons.length === 0 ? <span class="muted">—</span> : row.reasons.map((r) => <div key={r.code}>{r.message}</div>)}</td>
      <td>
        <ChannelLinks channels={channels} />
      </td>
    </tr>
  );
}

function LevelCounts({ summary, total }: { summary: Summary; total: number }) {
  const parts = LEVELS.filter((l) => summary[l] > 0);
  return (
    <span class="source-counts">
      {total} watched:{" "}
      {parts.map((l, i) => (
        <span key={l} class={`source-count source-count-${l}`}>
          {i > 0 ? " · " : ""}
          {summary[l]} {l}
        </span>
      ))}
    </span>
  );
}

/** Worst first; long lists fold so the table stays readable. */
function ChannelLinks({ channels }: { channels: Channel[] }) {
  const sorted = [...channels].sort((a, b) => LEVEL_RANK[a.status] - LEVEL_RANK[b.status] || a.name.localeCompare(b.name));
  const links = (list: Channel[]) =>
    list.map((c) => (
      <li key={c.name}>
        <a href={`/channel/${encodeURIComponent(c.name)}`} class={`source-channel source-channel-${c.status}`} title={`${c.name}: ${c.status}`}>
          {c.status !== "ok" && <span class="sr-level">{c.status.toUpperCase()} </span>}
          {c.name}
        </a>
      </li>
    ));
  if (sorted.length <= 6) return <ul class="source-channels">{links(sorted)}</ul>;
  return (
    <>
      <ul class="source-channels">{links(sorted.slice(0, 5))}</ul>
      <details>
        <summary>{sorted.length - 5} more</summary>
        <ul class="source-channels">{links(sorted.slice(5))}</ul>
      </details>
    </>
  );
}
