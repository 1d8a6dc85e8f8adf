/**
 * "Acknowledge all N shown", with an in-page confirmation (no browser dialog). Disabled while
 * the list is not current (the poll failed or is late): acking from stale rows acks the wrong set.
 */
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { ackEach, ackOutcomeText } from "./ack-each.js";
import { announceAlertsChanged } from "./alerts-changed.js";

export function AckAll({ channels, stale, onDone }: { channels: string[]; stale: boolean; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (channels.length === 0 && !error) return null;

  const ackAll = async () => {
    setBusy(true);
    setError(null);
    const outcome = await ackEach(channels, (c) => api.ack(c));
    setBusy(false);
    setConfirming(false);
    setError(ackOutcomeText(outcome));
    announceAlertsChanged();
    onDone();
  };

  return (
    <div class="view-actions ack-all">
      {!confirming && channels.length > 0 && (
        <button type="button" onClick={() => setConfirming(true)} disabled={stale} title={stale ? "the list is not current: wait for the page to update" : undefined}>
          Acknowledge all {channels.length} shown…
        </button>
      )}
      {confirming && (
        <span role="group" aria-label="confirm acknowledge all" class="ack-all-confirm">
          Acknowledge {channels.length} alert{channels.length === 1 ? "" : "s"}?{" "}
          <button type="button" onClick={ackAll} disabled={busy || stale} autoFocus>
            Yes, acknowledge
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            No
          </button>
        </span>
      )}
      {error && (
        <span class="view-message-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
