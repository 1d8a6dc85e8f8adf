/** The benchmarks' calls to a ChannelWatch server under test: plain REST, and a watched set that has settled. */
import { setTimeout as sleep } from "node:timers/promises";

export async function api(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Creates and watches `set`; resolves with the ms until every channel was ok (NaN: not within `timeoutMs`). */
export async function watchSetUntilOk(base: string, set: string, description: string, channels: readonly string[], timeoutMs = 60_000): Promise<number> {
  await api(base, "POST", "/sets", { name: set, description, channels: channels.map((name) => ({ name })) });
  const watchedAt = Date.now();
  await api(base, "POST", `/sets/${set}/watch`);
  while (Date.now() - watchedAt < timeoutMs) {
    if (((await api(base, "GET", `/sets/${set}/check`)) as { ok: boolean }).ok) return Date.now() - watchedAt;
    await sleep(500);
  }
  return NaN;
}
