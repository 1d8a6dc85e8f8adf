/** The active and latched alerts: level, channel, state and gap, since when, reasons, actions. */
import { api } from "../api.js";
import { formatAge, formatTime } from "../format.js";
import { useNow } from "../hooks.js";
import type { Channel } from "../types.js";
import { LevelBadge } from "../view-kit/level-badge.js";
import { ActionError, useAction } from "../view-kit/use-action.js";
import type { AlertRow } from "./alert-types.js";
import { announceAlertsChanged } from "./alerts-changed.js";
import { gapText } from "./gap-text.js";
import { ShelveButton } from "./shelve-button.js";

export function AlertTable({ alerts, reasons, onChanged }: { alerts: AlertRow[]; reasons: Map<string, Channel["reasons"]>; onChanged: () => void }) {
  const now = useNow(1000);
  return (
    <table class="view-table alerts-table">
      <thead>
        <tr>
          <th scope="col">Level</th>
          <th scope="col">Channel</th>
          <th scope="col">State</th>
          <th scope="col">Since</th>
          <th scope="col">Reasons now</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.channel} data-alert={a.channel} data-state={a.state} data-acknowledged={String(a.acknowledged)} class={a.state === "active" && !a.acknowledged ? "alert-unacked" : ""}>
            <td>
              <LevelBadge level={a.level ?? a.status} />
              {a.level !== undefined && a.level !== a.status && <div class="muted alert-now">now {a.status.toUpperCase()}</div>}
            </td>
            <td class="alert-channel">
              <a href={`/channel/${encodeURIComponent(a.channel)}`}>{a.channel}</a>
            </td>
            <td>
              <strong>{a.state === "active" ? "ACTIVE" : "RECOVERED — latched"}</strong>
              <div class="muted">{gapText(a.gap, a.state === "active")}</div>
              <div>{a.acknowledged ? <span class="muted">acknowledged by {a.ackBy ?? "?"} at {formatTime(a.ackAt)}</span> : <span class="alert-unacked-word">not acknowledged</span>}</div>
            </td>
            <td>
              {formatTime(a.raisedAt)}
              <div class="muted">{a.raisedAt ? `${formatAge(now - Date.parse(a.raisedAt))} ago` : ""}</div>
            </td>
            <td>
              {(reasons.get(a.channel) ?? []).length === 0 ? (
                <span class="muted">{a.status === "ok" ? "none (channel ok now)" : "—"}</span>
              ) : (
                reasons.get(a.channel)!.map((r) => (
                  <div key={r.code}>
                    <code>{r.code}</code> {r.message}
                  </div>
                ))
              )}
            </td>
            <td>
              <div class="view-actions">
                {(!a.acknowledged || a.state === "recovered") && <AckButton channel={a.channel} recovered={a.state === "recovered"} onDone={onChanged} />}
                <ShelveButton channel={a.channel} shelved={false} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AckButton({ channel, recovered, onDone }: { channel: string; recovered: boolean; onDone: () => void }) {
  const action = useAction();
  const ack = () =>
    action.run(async () => {
      await api.ack(channel);
      announceAlertsChanged();
      onDone();
    });
  return (
    <>
      <button type="button" class="alert-ack" onClick={ack} disabled={action.busy} aria-label={`acknowledge ${channel}`} title={recovered ? "clears the recovered alert" : "silences the alert"}>
        {recovered ? "Ack & clear" : "Ack"}
      </button>
      <ActionError error={action.error} inline />
    </>
  );
}
