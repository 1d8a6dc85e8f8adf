/** Close a running run now, or at a given pulse id (past or future). */
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { ActionError, useAction } from "../view-kit/use-action.js";
import { parsePulseId } from "./pulse-input.js";

export function StopRun({ id, onStopped }: { id: string; onStopped: () => void }) {
  const [stop, setStop] = useState("");
  const action = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const pulse = parsePulseId(stop);
    if ("error" in pulse) return action.fail(pulse.error);
    await action.run(async () => {
      await api.send("POST", `/runs/${encodeURIComponent(id)}/stop`, pulse.pulseId === undefined ? {} : { stopPulseId: pulse.pulseId });
      onStopped();
    });
  };

  return (
    <form class="view-form run-stop" onSubmit={submit} aria-label={`stop run ${id}`}>
      <input name="stopPulseId" inputMode="numeric" value={stop} onInput={(e) => setStop(e.currentTarget.value)} placeholder="stop pulse (optional)" aria-label="stop pulse id (optional)" size={18} />
      <button type="submit" disabled={action.busy}>
        Stop
      </button>
      <ActionError error={action.error} inline />
    </form>
  );
}
