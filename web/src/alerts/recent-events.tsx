/** The newest 50 entries of the transition log (GET /events), refreshed with the page. */
import { useEffect } from "preact/hooks";
import { api } from "../api.js";
import { formatTime } from "../format.js";
import { Freshness } from "../view-kit/freshness.js";
import { usePoll } from "../view-kit/use-poll.js";
import type { EventRow } from "./alert-types.js";
import { onAlertsChanged } from "./alerts-changed.js";
import { gapText } from "./gap-text.js";

const KIND_WORDS: Record<string, string> = {
  status: "status",
  alert_raised: "alert raised",
  alert_recovered: "recovered",
  alert_cleared: "cleared",
  ack: "acknowledged",
  shelve: "shelved",
  unshelve: "unshelved",
  shelve_expired: "shelve expired",
};

export function RecentEvents({ set }: { set: string }) {
  const query = `/events?limit=50${set ? `&set=${encodeURIComponent(set)}` : ""}`;
  const poll = usePoll(() => api.get<{ events: EventRow[] }>(query).then((r) => r.events), 3000, query);
  useEffect(() => onAlertsChanged(poll.refresh), [poll.refresh]);
  return (
    <section aria-labelledby="alerts-events">
      <div class="view-head">
        <h2 id="alerts-events">Recent events</h2>
        <Freshness updatedAt={poll.updatedAt} error={poll.error} />
      </div>
      {poll.data && poll.data.length === 0 && <p class="view-empty">No events yet.</p>}
      {poll.data && poll.data.length > 0 && (
        <table class={`view-table events-table ${poll.error ? "stale" : ""}`}>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Channel</th>
              <th scope="col">Event</th>
              <th scope="col">Level</th>
              <th scope="col">Details</th>
              <th scope="col">Who</th>
              <th scope="col" class="num">
                Pulse id
              </th>
            </tr>
          </thead>
          <tbody>
            {poll.data.map((e, i) => (
              <tr key={e.id ?? i} data-event-kind={e.kind} data-event-channel={e.channel}>
                <td>{formatTime(e.time)}</td>
                <td class="alert-channel">
                  <a href={`/channel/${encodeURIComponent(e.channel)}`}>{e.channel}</a>
                </td>
                <td>{KIND_WORDS[e.kind] ?? e.kind}</td>
                <td>{e.from === e.to ? e.to : `${e.from} → ${e.to}`}</td>
                <td>{[e.reasons.map((r) => r.message).join("; "), e.note ?? (e.gap ? gapText(e.gap, false) : "")].filter(Boolean).join(" · ")}</td>
                <td>{e.actor ?? ""}</td>
                <td class="num">{e.pulseId ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
