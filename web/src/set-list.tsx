/** `/`: the sets this server knows, each a link to its wall panel. */
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";

interface SetRow {
  name: string;
  description: string;
  channels: unknown[];
}

export function SetList() {
  const [sets, setSets] = useState<SetRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ sets: SetRow[] }>("/sets").then(
      (r) => setSets(r.sets),
      (e: Error) => setError(e.message),
    );
  }, []);
  return (
    <main class="page">
      <h1>ChannelWatch</h1>
      {error && <p class="detail-error">{error}</p>}
      {sets && sets.length === 0 && <p>No channel sets yet: create one through the API (see <a href="/docs">/docs</a>).</p>}
      <ul class="set-list">
        {sets?.map((s) => (
          <li key={s.name}>
            <a href={`/panel/${encodeURIComponent(s.name)}`}>{s.name}</a> <span class="muted">{s.channels.length} channels · {s.description}</span>
          </li>
        ))}
      </ul>
      <p class="muted">
        API: <a href="/docs">/docs</a> · <a href="/metrics">/metrics</a>
      </p>
    </main>
  );
}
