/**
 * Shelve (with a reason and an expiry) or unshelve one channel's alert. Shelving opens a small
 * form in place: reason required, expiry 30 min / 2 h / 8 h or until a date and time.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { ActionError, useAction } from "../view-kit/use-action.js";
import { announceAlertsChanged } from "./alerts-changed.js";
import { SHELVE_PRESETS, shelveUntil, toDateTimeLocal } from "./shelve-expiry.js";
import "../view-kit/view-kit.css";
import "./alerts.css";

export function ShelveButton(props: { channel: string; shelved: boolean }) {
  const { channel, shelved } = props;
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const action = useAction();
  const path = `/alerts/${encodeURIComponent(channel)}/shelve`;

  const unshelve = () =>
    action.run(async () => {
      await api.send("DELETE", path);
      announceAlertsChanged();
    });

  if (shelved) {
    return (
      <span class="shelve">
        <button type="button" class="shelve-toggle" onClick={unshelve} disabled={action.busy} aria-label={`unshelve ${channel}`}>
          Unshelve
        </button>
        <ActionError error={action.error} inline />
      </span>
    );
  }
  return (
    <span class="shelve">
      <button ref={toggleRef} type="button" class="shelve-toggle" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`shelve ${channel}`}>
        Shelve…
      </button>
      {open && (
        <ShelveForm
          channel={channel}
          onDone={() => {
            setOpen(false);
            announceAlertsChanged();
          }}
          onCancel={() => {
            setOpen(false);
            // Back to where the keyboard user was.
            toggleRef.current?.focus();
          }}
          path={path}
        />
      )}
    </span>
  );
}

function ShelveForm({ channel, path, onDone, onCancel }: { channel: string; path: string; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  const [preset, setPreset] = useState("30m");
  const [custom, setCustom] = useState(() => toDateTimeLocal(Date.now() + 24 * 3_600_000));
  const action = useAction();
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (reason.trim() === "") return action.fail("a shelve needs a reason");
    const end = shelveUntil(preset, custom, Date.now());
    if ("error" in end) return action.fail(end.error);
    await action.run(async () => {
      await api.send("POST", path, { until: new Date(end.until).toISOString(), reason: reason.trim() });
      onDone();
    });
  };

  return (
    <form
      class="shelve-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
      aria-label={`shelve ${channel}`}
    >
      <label class="shelve-field">
        Reason (required)
        <input ref={reasonRef} name="reason" value={reason} maxLength={500} required onInput={(e) => setReason(e.currentTarget.value)} placeholder="e.g. IOC under repair" />
      </label>
      <fieldset class="shelve-expiry">
        <legend>Until</legend>
        {SHELVE_PRESETS.map((p) => (
          <label key={p.key}>
            <input type="radio" name="expiry" value={p.key} checked={preset === p.key} onChange={() => setPreset(p.key)} /> {p.label}
          </label>
        ))}
        <label>
          <input type="radio" name="expiry" value="date" checked={preset === "date"} onChange={() => setPreset("date")} /> until{" "}
          <input
            type="datetime-local"
            name="until"
            value={custom}
            onInput={(e) => {
              setCustom(e.currentTarget.value);
              setPreset("date");
            }}
            aria-label="shelve until date and time"
          />
        </label>
      </fieldset>
      <ActionError error={action.error} />
      <div class="view-actions">
        <button type="submit" disabled={action.busy}>
          Shelve
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
