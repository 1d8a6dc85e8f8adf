/** The newest 50 entries of the transition log (GET /events), refreshed with the page. */
import { useEffect } from "preact/hooks";
import { api } from "../api.js";
import { type EventLine, EventsTable } from "../view-kit/events-table.js";
import { Freshness } from "../view-kit/freshness.js";
import { usePoll } from "../view-kit/use-poll.js";
import type { EventRow } from "./alert-types.js";
import { onAlertsChanged } from "./alerts-changed.js";
import { gapText } from "./gap-text.js";

export function RecentEvents({ set }: { set: string }) {
  const query = `/events?limit=50${set ? `&set=${encodeURIComponent(set)}` : ""}`;
  const poll = usePoll(() => api.get<{ events: EventRow[] }>(query).then((r) => r.events), 3000, query);
  useEffect(() => onAlertsChanged(poll.refresh), [poll.refresh]);
  return (
    <section aria-labelledby="alerts-events">
      <div class="view-head">
        <h2 id="alerts-events">Recent events</h2>
        <Freshness updatedAt={poll.updatedAt} error={poll.error} stale={poll.stale} />
      </div>
      {poll.data && poll.data.length === 0 && <p class="view-empty">No events yet.</p>}
      {poll.data && poll.data.length > 0 && <EventsTable events={poll.data.map(eventLine)} showChannel stale={poll.stale} />}
    </section>
  );
}

function eventLine(e: EventRow, i: number): EventLine {
  const details = [e.reasons.map((r) => r.message).join("; "), e.note ?? (e.gap ? gapText(e.gap, false) : "")].filter(Boolean).join(" · ");
  return { key: e.id ?? `i${i}`, time: e.time, channel: e.channel, kind: e.kind, from: e.from, to: e.to, details, actor: e.actor ?? null, pulseId: e.pulseId };
}
