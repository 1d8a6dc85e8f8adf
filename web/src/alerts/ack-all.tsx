/** "Acknowledge all N shown", with an in-page confirmation (no browser dialog). */
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { announceAlertsChanged } from "./alerts-changed.js";

export function AckAll({ channels, onDone }: { channels: string[]; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (channels.length === 0 && !error) return null;

  const ackAll = async () => {
    setBusy(true);
    setError(null);
    const failed: string[] = [];
    for (const c of channels) {
      try {
        await api.ack(c);
      } catch (err) {
        failed.push(`${c}: ${(err as Error).message}`);
      }
    }
    setBusy(false);
    setConfirming(false);
    if (failed.length > 0) setError(`not acknowledged: ${failed.join("; ")}`);
    announceAlertsChanged();
    onDone();
  };

  return (
    <div class="view-actions ack-all">
      {!confirming && channels.length > 0 && (
        <button type="button" onClick={() => setConfirming(true)}>
          Acknowledge all {channels.length} shown…
        </button>
      )}
      {confirming && (
        <span role="group" aria-label="confirm acknowledge all" class="ack-all-confirm">
          Acknowledge {channels.length} alert{channels.length === 1 ? "" : "s"}?{" "}
          <button type="button" onClick={ackAll} disabled={busy} autoFocus>
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
