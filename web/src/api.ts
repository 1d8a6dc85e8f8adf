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

/** A server that accepts the connection but never answers must not leave a view waiting forever. */
export const REQUEST_TIMEOUT_MS = 5000;

/** No HTTP answer at all: status 0 with TIMEOUT (nothing within the time limit) or UNREACHABLE. */
function transportError(err: unknown): RequestError {
  if (err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return new RequestError(0, "TIMEOUT", `the server did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
  }
  return new RequestError(0, "UNREACHABLE", "the server does not answer");
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  let text: string;
  try {
    // The limit covers the body too: a stream that stalls halfway is a timeout, not an empty answer.
    res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    text = await res.text();
  } catch (err) {
    throw transportError(err);
  }
  let json: { error?: { code: string; message: string } } = {};
  try {
    if (text !== "") json = JSON.parse(text) as typeof json;
  } catch {
    if (res.ok) throw new RequestError(res.status, "BAD_RESPONSE", `HTTP ${res.status}: the answer is not JSON`);
  }
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
