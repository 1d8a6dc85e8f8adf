/** Close a running run now, or at a given pulse id (past or future). */
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { parsePulseId } from "./pulse-input.js";

export function StopRun({ id, onStopped }: { id: string; onStopped: () => void }) {
  const [stop, setStop] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const pulse = parsePulseId(stop);
    if ("error" in pulse) return setError(pulse.error);
    setBusy(true);
    setError(null);
    try {
      await api.send("POST", `/runs/${encodeURIComponent(id)}/stop`, pulse.pulseId === undefined ? {} : { stopPulseId: pulse.pulseId });
      onStopped();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="view-form run-stop" onSubmit={submit} aria-label={`stop run ${id}`}>
      <input name="stopPulseId" inputMode="numeric" value={stop} onInput={(e) => setStop(e.currentTarget.value)} placeholder="stop pulse (optional)" aria-label="stop pulse id (optional)" size={18} />
      <button type="submit" disabled={busy}>
        Stop
      </button>
      {error && (
        <span class="view-message-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
