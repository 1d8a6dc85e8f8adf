/**
 * One channel in full, over the panel (the panel stays live behind it): every reason, the
 * metrics, the alert and the recent events. Escape or Close returns to the tile.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { formatAge, formatHz, formatTime } from "../format.js";
import { LEVEL_LOOK } from "../status-style.js";
import type { Channel } from "../types.js";

interface Detail extends Channel {
  events: Array<{ kind: string; from: string | null; to: string | null; time: string; actor: string | null; note: string | null }>;
}

const REFRESH_MS = 2000;

export function ChannelDetail({ name, kiosk, onClose, onAck }: { name: string; kiosk: boolean; onClose(): void; onAck(name: string): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
    let alive = true;
    const load = () =>
      api.get<Detail>(`/status/${encodeURIComponent(name)}`).then(
        (d) => alive && (setDetail(d), setError(null)),
        (e: Error) => alive && setError(e.message),
      );
    void load();
    const t = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [name]);

  const look = detail ? LEVEL_LOOK[detail.status] : null;
  return (
    <dialog ref={dialog} class="detail" onClose={onClose} aria-label={`channel ${name}`}>
      <header class="detail-head">
        <h2>{name}</h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      {error && <p class="detail-error">{error}</p>}
      {detail && look && (
        <div class="detail-body">
          <p class={`detail-status detail-${detail.status}`} data-status={detail.status}>
            {look.icon} {look.word}
            {!kiosk && detail.alert.state !== "none" && !detail.alert.acknowledged && (
              <button type="button" class="tile-ack" onClick={() => onAck(name)}>
                Ack
              </button>
            )}
          </p>
          <ul class="detail-reasons">
            {detail.reasons.map((r) => (
              <li key={r.code}>
                <strong>{r.code}</strong> {r.message} <span class="muted">since {formatTime(r.since)}</span>
              </li>
            ))}
          </ul>
          <dl class="detail-metrics">
            <dt>rate</dt>
            <dd>
              {formatHz(detail.metrics.rateHz)} / {formatHz(detail.metrics.expectedHz)} Hz
            </dd>
            <dt>missing values</dt>
            <dd>{detail.metrics.missingPercent === null ? "—" : `${detail.metrics.missingPercent.toFixed(2)} %`}</dd>
            <dt>last value</dt>
            <dd>
              pulse {detail.metrics.lastValuePulse ?? "—"}, age {formatAge(detail.metrics.lastValueAgeMs)}
            </dd>
            <dt>source</dt>
            <dd>{detail.source ?? "—"}</dd>
            <dt>backend</dt>
            <dd>{detail.backend ?? "—"}</dd>
            <dt>alert</dt>
            <dd>
              {detail.alert.state}
              {detail.alert.acknowledged && ` · acknowledged by ${detail.alert.ackBy ?? "?"}`}
              {detail.alert.shelved && ` · shelved until ${formatTime(detail.alert.shelved.until)} (${detail.alert.shelved.reason})`}
            </dd>
          </dl>
          <h3>Recent events</h3>
          <table class="detail-events">
            <tbody>
              {detail.events.slice(0, 20).map((e, i) => (
                <tr key={i}>
                  <td>{formatTime(e.time)}</td>
                  <td>{e.kind}</td>
                  <td>
                    {e.from ?? ""} → {e.to ?? ""}
                  </td>
                  <td>{e.actor ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </dialog>
  );
}
