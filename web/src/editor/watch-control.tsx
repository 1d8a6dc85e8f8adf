/**
 * Watch / unwatch the saved set, with its state now (from GET /sets/{name}/check, every 2 s
 * while watched and the tab is visible, one request at a time) and the way to its wall panel.
 * Never says ok before the server does, nor after: a failed or overdue check is UNKNOWN with
 * the reason.
 */
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { usePoll } from "../view-kit/use-poll.js";

interface Check {
  ok: boolean;
  watched: boolean;
  summary: { ok: number; warning: number; error: number; unknown: number };
}

interface Props {
  name: string;
  watched: boolean;
  /** The editor holds changes the monitor does not watch yet. */
  dirty: boolean;
  onWatched: (watched: boolean) => void;
}

const POLL_MS = 2000;

function summaryText(c: Check): string {
  const s = c.summary;
  const total = s.ok + s.warning + s.error + s.unknown;
  if (c.ok) return `ALL ${total} OK`;
  return (["error", "warning", "unknown", "ok"] as const)
    .filter((k) => s[k] > 0)
    .map((k) => `${s[k]} ${k.toUpperCase()}`)
    .join(" · ");
}

function overall(c: Check): "ok" | "error" | "warning" | "unknown" {
  if (c.ok) return "ok";
  return c.summary.error > 0 ? "error" : c.summary.warning > 0 ? "warning" : "unknown";
}

export function WatchControl({ name, watched, dirty, onWatched }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Keyed by the watched state too: a check from before an unwatch never stands for now.
  const poll = usePoll(() => api.get<Check>(`/sets/${encodeURIComponent(name)}/check`), POLL_MS, `${name}|${watched}`, watched);
  const check = poll.stale ? null : poll.data;

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.send<{ watched: boolean }>(watched ? "DELETE" : "POST", `/sets/${encodeURIComponent(name)}/watch`);
      onWatched(r.watched);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const level = check ? overall(check) : "unknown";
  return (
    <div class="ed-watch" data-watched={watched ? "yes" : "no"}>
      <button type="button" aria-pressed={watched} disabled={busy} onClick={() => void toggle()}>
        {watched ? "Watching ✓ — Unwatch" : "Watch"}
      </button>
      {watched ? (
        <span class={`ed-watch-state ed-level-${level}`} data-testid="watch-state" data-level={level}>
          {check ? summaryText(check) : poll.error ? `? UNKNOWN — the check failed: ${poll.error.message}` : poll.stale ? "? UNKNOWN — no answer to the last checks" : "? status not known yet"}
        </span>
      ) : (
        <span class="muted" data-testid="watch-state">
          not watched
        </span>
      )}
      <a class="control-link" href={`/panel/${encodeURIComponent(name)}`}>
        Wall panel
      </a>
      {watched && dirty && <span class="ed-warn">the monitor watches the saved version, not your unsaved changes</span>}
      {error && (
        <span class="ed-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
