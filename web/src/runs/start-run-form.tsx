/** Open a run: which set, an optional name, an optional start pulse id (default: now). */
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { ActionError, useAction } from "../view-kit/use-action.js";
import type { SetInfo } from "../view-kit/sets.js";
import { parsePulseId } from "./pulse-input.js";
import type { RunRow } from "./run-types.js";

export function StartRunForm({ sets, onStarted }: { sets: SetInfo[] | null; onStarted: (run: RunRow) => void }) {
  const [set, setSet] = useState("");
  const [name, setName] = useState("");
  const [start, setStart] = useState("");
  const action = useAction();
  const chosen = set || sets?.[0]?.name || "";

  const submit = async (e: Event) => {
    e.preventDefault();
    if (chosen === "") return action.fail("there is no set to run on: create one first");
    const pulse = parsePulseId(start);
    if ("error" in pulse) return action.fail(pulse.error);
    await action.run(async () => {
      const run = await api.send<RunRow>("POST", "/runs", {
        set: chosen,
        ...(name.trim() !== "" && { name: name.trim() }),
        ...(pulse.pulseId !== undefined && { startPulseId: pulse.pulseId }),
      });
      setName("");
      setStart("");
      onStarted(run);
    });
  };

  return (
    <form class="view-form run-start" onSubmit={submit} aria-labelledby="run-start-title">
      <h2 id="run-start-title">Start a run</h2>
      <div class="run-start-fields">
        <label>
          Set
          <select name="set" value={chosen} onChange={(e) => setSet(e.currentTarget.value)} required>
            {sets?.length === 0 && <option value="">no sets</option>}
            {sets?.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({s.channelCount} channels)
              </option>
            ))}
          </select>
        </label>
        <label>
          Name (optional)
          <input name="name" value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} placeholder="e.g. scan 17" />
        </label>
        <label>
          Start pulse id (optional)
          <input name="startPulseId" inputMode="numeric" value={start} onInput={(e) => setStart(e.currentTarget.value)} placeholder="now" />
        </label>
        <button type="submit" disabled={action.busy || sets === null}>
          Start run
        </button>
      </div>
      <ActionError error={action.error} />
    </form>
  );
}
