/** Every saved version of the set, newest first; restoring one saves its content as a new version. */
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import type { SavedSet } from "./set-model.js";

interface Props {
  name: string;
  /** Changes whenever the set was saved, so the list reloads. */
  version: number;
  onRestore: (old: SavedSet) => Promise<void>;
}

/** What differs between an old version and the latest, in words. */
function changes(old: SavedSet, latest: SavedSet): string {
  const now = new Set(latest.channels.map((c) => c.name));
  const then = new Set(old.channels.map((c) => c.name));
  const gone = [...then].filter((n) => !now.has(n)).length;
  const added = [...now].filter((n) => !then.has(n)).length;
  const parts: string[] = [];
  if (gone > 0) parts.push(`${gone} since removed`);
  if (added > 0) parts.push(`${added} since added`);
  if (parts.length === 0 && JSON.stringify(old.channels) !== JSON.stringify(latest.channels)) parts.push("other expectations");
  if (old.description !== latest.description || old.owner !== latest.owner || old.tags.join() !== latest.tags.join()) parts.push("other description/owner/tags");
  return parts.length === 0 ? "same content" : parts.join(", ");
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString("sv-SE") : "–";
}

export function VersionHistory({ name, version, onRestore }: Props) {
  const [versions, setVersions] = useState<SavedSet[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  useEffect(() => {
    let gone = false;
    api.get<{ versions: SavedSet[] }>(`/sets/${encodeURIComponent(name)}/versions`).then(
      (r) => !gone && (setVersions(r.versions), setError(null)),
      (e: Error) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
    };
  }, [name, version]);

  const restore = async (v: SavedSet) => {
    setBusy(v.version);
    setError(null);
    try {
      await onRestore(v);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const latest = versions?.[0];
  return (
    <section class="ed-history" aria-labelledby="ed-history-title">
      <h2 id="ed-history-title">Version history</h2>
      {error && (
        <p class="ed-error" role="alert">
          {error}
        </p>
      )}
      {!versions && !error && <p class="muted">loading…</p>}
      {versions && latest && (
        <table class="ed-table ed-history-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Channels</th>
              <th scope="col">Against the latest</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <td>v{v.version}</td>
                <td>{when(v.updatedAt)}</td>
                <td>{v.updatedBy}</td>
                <td>{v.channels.length.toLocaleString("en")}</td>
                <td class="muted">{v === latest ? "latest" : changes(v, latest)}</td>
                <td>
                  {v !== latest && (
                    <button type="button" disabled={busy !== null} onClick={() => void restore(v)} aria-label={`restore version ${v.version}`}>
                      {busy === v.version ? "Restoring…" : "Restore"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
