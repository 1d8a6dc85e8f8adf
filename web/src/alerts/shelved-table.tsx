/** Shelved channels: why, by whom, until when, and a countdown to the expiry. */
import { formatCountdown, formatTime } from "../format.js";
import { useNow } from "../hooks.js";
import { LevelBadge } from "../view-kit/level-badge.js";
import type { AlertRow } from "./alert-types.js";
import { ShelveButton } from "./shelve-button.js";

export function ShelvedTable({ alerts, fetchedAt }: { alerts: AlertRow[]; fetchedAt: number }) {
  const now = useNow(1000);
  return (
    <table class="view-table shelved-table">
      <thead>
        <tr>
          <th scope="col">Level now</th>
          <th scope="col">Channel</th>
          <th scope="col">Reason</th>
          <th scope="col">By</th>
          <th scope="col">Until</th>
          <th scope="col">Expires in</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => {
          const s = a.shelved!;
          // The server's remaining time, counted down from when it was fetched (client clocks drift).
          const left = s.remainingMs - (now - fetchedAt);
          return (
            <tr key={a.channel} data-shelved={a.channel}>
              <td>
                <LevelBadge level={a.status} />
              </td>
              <td class="alert-channel">
                <a href={`/channel/${encodeURIComponent(a.channel)}`}>{a.channel}</a>
                {a.state !== "none" && <div class="muted">alert {a.state === "active" ? "active (silenced)" : "recovered, latched"}</div>}
              </td>
              <td>{s.reason}</td>
              <td>{s.by}</td>
              <td>{formatTime(s.until)}</td>
              <td class="shelve-countdown" data-testid="shelve-countdown">
                {left > 0 ? formatCountdown(left) : "expiring"}
              </td>
              <td>
                <ShelveButton channel={a.channel} shelved={true} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
