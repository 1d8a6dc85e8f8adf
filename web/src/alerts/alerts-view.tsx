/**
 * `/alerts[?set=NAME]`: active and recovered-but-latched alerts (worst, then newest first)
 * with acknowledge and shelve; shelved channels in their own section with the countdown to
 * expiry; the recent transition log below.
 */
import { useEffect } from "preact/hooks";
import { api } from "../api.js";
import type { Channel } from "../types.js";
import { LEVEL_RANK } from "../types.js";
import { Freshness, staleClass } from "../view-kit/freshness.js";
import { useQueryParam } from "../view-kit/query-param.js";
import { SetFilter } from "../view-kit/set-filter.js";
import { statusPath, useSets } from "../view-kit/sets.js";
import { usePoll } from "../view-kit/use-poll.js";
import type { AlertRow } from "./alert-types.js";
import { AckAll } from "./ack-all.js";
import { onAlertsChanged } from "./alerts-changed.js";
import { AlertTable } from "./alert-table.js";
import { RecentEvents } from "./recent-events.js";
import { ShelvedTable } from "./shelved-table.js";
import "../view-kit/view-kit.css";
import "./alerts.css";

const REFRESH_MS = 2000;

export interface AlertsLoaded {
  alerts: AlertRow[];
  /** Current reasons per channel (the alert itself does not carry them). */
  reasons: Map<string, Channel["reasons"]>;
}

/** With a set, only alerts of its channels. */
async function load(set: string): Promise<AlertsLoaded> {
  const [a, s] = await Promise.all([api.get<{ alerts: AlertRow[] }>("/alerts"), api.get<{ channels: Channel[] }>(statusPath(set))]);
  const reasons = new Map(s.channels.map((c) => [c.name, c.reasons]));
  return { alerts: set === "" ? a.alerts : a.alerts.filter((x) => reasons.has(x.channel)), reasons };
}

/** Worst level first, then the newest. */
function byUrgency(a: AlertRow, b: AlertRow): number {
  const la = LEVEL_RANK[a.level ?? a.status];
  const lb = LEVEL_RANK[b.level ?? b.status];
  return la - lb || (b.raisedAt ?? "").localeCompare(a.raisedAt ?? "") || a.channel.localeCompare(b.channel);
}

export function AlertsView() {
  const [set, setSet] = useQueryParam("set");
  const sets = useSets();
  const poll = usePoll(() => load(set), REFRESH_MS, `alerts ${set}`);
  useEffect(() => onAlertsChanged(poll.refresh), [poll.refresh]);

  const visible = poll.data?.alerts ?? [];
  const open = visible.filter((a) => !a.shelved && a.state !== "none").sort(byUrgency);
  const shelved = visible.filter((a) => a.shelved).sort((a, b) => (a.shelved!.remainingMs ?? 0) - (b.shelved!.remainingMs ?? 0));
  const toAck = open.filter((a) => !a.acknowledged || a.state === "recovered").map((a) => a.channel);

  return (
    <main class="page alerts-page">
      <div class="view-head">
        <h1>Alerts</h1>
        <SetFilter sets={sets.data} value={set} onChange={setSet} />
        <Freshness updatedAt={poll.updatedAt} error={poll.error} stale={poll.stale} />
      </div>
      <div class={staleClass(poll.stale)}>
        <section aria-labelledby="alerts-open">
          <div class="view-head">
            <h2 id="alerts-open">
              Active and latched <span class="muted">({open.length})</span>
            </h2>
            <AckAll channels={toAck} stale={poll.stale} onDone={poll.refresh} />
          </div>
          {poll.data && open.length === 0 && <p class="view-empty">No active or latched alert{set ? ` in set ${set}` : ""}.</p>}
          {open.length > 0 && <AlertTable alerts={open} reasons={poll.data?.reasons ?? new Map()} onChanged={poll.refresh} />}
        </section>
        <section aria-labelledby="alerts-shelved">
          <h2 id="alerts-shelved">
            Shelved <span class="muted">({shelved.length})</span>
          </h2>
          {poll.data && shelved.length === 0 && <p class="view-empty">Nothing shelved.</p>}
          {shelved.length > 0 && <ShelvedTable alerts={shelved} fetchedAt={poll.updatedAt ?? Date.now()} />}
        </section>
      </div>
      <RecentEvents set={set} />
    </main>
  );
}
