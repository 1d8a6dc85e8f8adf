/**
 * The transition log as a table, shared by the alerts page (all channels, with a channel
 * column) and the channel view (one channel): time, event, level change, details, who, pulse.
 */
import { formatTime } from "../format.js";
import "./view-kit.css";

/** One row as both callers have it: the alerts page's /events rows, the channel's own events. */
export interface EventLine {
  key: string | number;
  time: string | null;
  channel?: string;
  kind: string;
  from: string | null;
  to: string | null;
  /** Reasons, note or gap in words ("" when none). */
  details: string;
  actor: string | null;
  pulseId: number | null;
}

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

export function EventsTable({ events, showChannel, stale = false, testId }: { events: readonly EventLine[]; showChannel: boolean; stale?: boolean; testId?: string }) {
  return (
    <table class={`view-table events-table ${stale ? "stale" : ""}`} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Time</th>
          {showChannel && <th scope="col">Channel</th>}
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
        {events.map((e) => (
          <tr key={e.key} data-event-kind={e.kind} data-event-channel={e.channel}>
            <td>{formatTime(e.time)}</td>
            {showChannel && e.channel !== undefined && (
              <td class="event-channel">
                <a href={`/channel/${encodeURIComponent(e.channel)}`}>{e.channel}</a>
              </td>
            )}
            <td class="event-kind">{KIND_WORDS[e.kind] ?? e.kind}</td>
            <td class="event-level">{e.from === e.to ? e.to : `${e.from ?? "?"} → ${e.to ?? "?"}`}</td>
            <td>{e.details}</td>
            <td>{e.actor ?? ""}</td>
            <td class="num">{e.pulseId ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
