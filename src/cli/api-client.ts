/**
 * The client commands' view of a ChannelWatch server's REST API (/api/v1). Whatever goes
 * wrong — no connection, no answer in time, an error answer — becomes one RequestError
 * line: the server's own message and code when it gave one.
 */
import type { ClientConfig } from "../config/client-config.js";
import { RequestError } from "./request-error.js";

export const REQUEST_TIMEOUT_MS = 10_000;

/** Node's fetch hides the reason in `cause` (an AggregateError for localhost's two addresses). */
function reason(err: unknown): string {
  if (err instanceof Error && err.name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  if (cause instanceof AggregateError && cause.errors.length > 0) return reason(cause.errors[0]);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string") return code === "ECONNREFUSED" ? "connection refused" : code === "ENOTFOUND" ? "unknown host" : code;
  return cause instanceof Error ? cause.message : String(cause);
}

interface ErrorAnswer {
  error: { code: string; message: string };
}

function isErrorAnswer(body: unknown): body is ErrorAnswer {
  const error = (body as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  return typeof error?.code === "string" && typeof error.message === "string";
}

export class ApiClient {
  constructor(private readonly config: ClientConfig) {}

  get server(): string {
    return this.config.server;
  }

  /** The answer's text; an error status becomes a RequestError. */
  async text(method: "GET" | "POST", path: string, body?: unknown): Promise<string> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.config.server}/api/v1${path}`, {
        method,
        headers: {
          ...(body !== undefined && { "content-type": "application/json" }),
          ...(this.config.token !== undefined && { authorization: `Bearer ${this.config.token}` }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await res.text();
    } catch (err) {
      throw new RequestError(`cannot reach ChannelWatch at ${this.config.server}: ${reason(err)}`);
    }
    if (res.ok) return text;
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      // not JSON: not a ChannelWatch error
    }
    if (isErrorAnswer(answer)) throw new RequestError(`${answer.error.message} (${answer.error.code})`);
    throw new RequestError(`${this.config.server} answered ${method} /api/v1${path} with HTTP ${res.status}: is it a ChannelWatch server?`);
  }

  async json<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const text = await this.text(method, path, body);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RequestError(`${this.config.server} did not answer ${method} /api/v1${path} with JSON: is it a ChannelWatch server?`);
    }
  }
}
