/** `/`: the sets this server knows, each with its wall panel, its editor and whether it is watched. */
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import type { SetListEntry } from "./api-types.js";
import "./editor/editor.css";

export function SetList() {
  const [sets, setSets] = useState<SetListEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ sets: SetListEntry[] }>("/sets").then(
      (r) => setSets(r.sets),
      (e: Error) => setError(e.message),
    );
  }, []);
  return (
    <main class="page ed">
      <header class="ed-head">
        <h1>Channel sets</h1>
        <a class="control-link" href="/sets/new">
          + New set
        </a>
      </header>
      {error && (
        <p class="ed-error" role="alert">
          Could not list the sets: {error}
        </p>
      )}
      {!sets && !error && <p class="muted">loading…</p>}
      {sets && sets.length === 0 && (
        <p>
          No channel sets yet: <a href="/sets/new">create one</a> (or through the API, see <a href="/docs">/docs</a>).
        </p>
      )}
      {sets && sets.length > 0 && (
        <table class="ed-table set-table">
          <thead>
            <tr>
              <th scope="col">Set</th>
              <th scope="col">Channels</th>
              <th scope="col">Watched</th>
              <th scope="col">Description</th>
              <th scope="col">Owner · tags</th>
              <th scope="col">Version</th>
              <th scope="col">
                <span class="sr-only">Links</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sets.map((s) => {
              const enc = encodeURIComponent(s.name);
              return (
                <tr key={s.name} data-set={s.name} data-watched={s.watched ? "yes" : "no"}>
                  <td class="ed-name">
                    <a href={`/panel/${enc}`}>{s.name}</a>
                  </td>
                  <td>{s.channelCount.toLocaleString("en")}</td>
                  <td>{s.watched ? <strong class="ed-ok">● watched</strong> : <span class="muted">○ not watched</span>}</td>
                  <td>{s.description}</td>
                  <td class="muted">
                    {s.owner}
                    {s.tags.length > 0 && ` · ${s.tags.join(", ")}`}
                  </td>
                  <td class="muted">
                    v{s.version}
                    {s.updatedAt && ` · ${new Date(s.updatedAt).toLocaleString("sv-SE")}`}
                  </td>
                  <td class="ed-actions">
                    <a class="control-link" href={`/panel/${enc}`} aria-label={`wall panel of ${s.name}`}>
                      panel
                    </a>{" "}
                    <a class="control-link" href={`/sets/${enc}`} aria-label={`edit ${s.name}`}>
                      edit
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="muted">
        API: <a href="/docs">/docs</a> · <a href="/metrics">/metrics</a>
      </p>
    </main>
  );
}
