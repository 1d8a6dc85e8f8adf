/** REST calls of the UI. Writes carry the token the operator gave once (kept in localStorage). */
const TOKEN_KEY = "channelwatch.token";

export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok) throw new RequestError(res.status, json.error?.code ?? "HTTP_ERROR", json.error?.message ?? `HTTP ${res.status}`);
  return json as T;
}

/** A write; on 401 asks the operator for a token once and tries again. */
async function write<T>(method: string, path: string, body?: unknown): Promise<T> {
  try {
    return await request<T>(method, path, body);
  } catch (err) {
    if (!(err instanceof RequestError) || err.status !== 401) throw err;
    const token = window.prompt("This ChannelWatch protects writes. Your token:");
    if (!token) throw err;
    localStorage.setItem(TOKEN_KEY, token);
    return request<T>(method, path, body);
  }
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  /** Any write (POST/PUT/DELETE) under /api/v1, with the token prompt on 401. */
  send: <T>(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown) => write<T>(method, path, body),
  ack: (channel: string) => write<{ acknowledged: boolean }>("POST", `/alerts/${encodeURIComponent(channel)}/ack`),
  watch: (set: string) => write<unknown>("POST", `/sets/${encodeURIComponent(set)}/watch`),
};
