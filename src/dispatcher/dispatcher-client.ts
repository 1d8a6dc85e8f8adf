/**
 * Client of one dispatcher backend's REST API (docs/dispatcher-api.md): the live catalog,
 * the recorded state, and the stream lifecycle. Every call has a timeout; failures come
 * out as DispatcherError with a stable code.
 */
import { DispatcherError, parseRefusedChannels } from "./dispatcher-errors.js";

export interface CatalogChannel {
  name: string;
  backend: string;
  type: string;
  shape: number[];
  modulo: number;
  offset: number;
  source: string | undefined;
}

export interface RecordedState {
  configured: boolean;
  connected: boolean;
  recording: boolean;
  /** ms since the epoch (ns precision kept in latestEventDate), undefined when not reported. */
  latestEventMs: number | undefined;
  latestEventDate: string | undefined;
}

export interface StreamChannelRequest {
  name: string;
  modulo?: number;
  offset?: number;
}

export interface StreamOptions {
  streamType?: "pub_sub" | "push_pull";
  compression?: "none" | "bitshuffle_lz4" | "lz4";
}

export interface OpenedStream {
  address: string;
  configuration: unknown;
}

export interface DispatcherClientOptions {
  timeoutMs?: number;
}

/** Parses ISO 8601 with up to 9 fractional digits (Date.parse keeps only ms). */
export function parseIsoMs(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class DispatcherClient {
  readonly baseUrl: string;
  readonly backend: string;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: DispatcherClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.backend = this.baseUrl.split("/").pop() ?? this.baseUrl;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  private async call(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; text: string }> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? { accept: "application/json" } : { "content-type": contentType, accept: "application/json" },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error).name === "TimeoutError" ? `no answer within ${this.timeoutMs} ms` : (err as Error).message;
      throw new DispatcherError("UNREACHABLE", `${method} ${this.baseUrl}${path}: ${reason}`, { cause: err });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new DispatcherError("UNREACHABLE", `${method} ${this.baseUrl}${path}: connection lost while reading the answer`, { cause: err });
    }
    return { status: res.status, text };
  }

  private async json(method: string, path: string, body?: unknown): Promise<{ status: number; value: unknown; text: string }> {
    const { status, text } = await this.call(method, path, body);
    let value: unknown;
    try {
      value = text === "" ? undefined : JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (status >= 400) return { status, value, text };
    if (value === undefined) throw new DispatcherError("BAD_RESPONSE", `${method} ${path}: answer is not JSON`, { status });
    return { status, value, text };
  }

  private httpError(method: string, path: string, status: number, value: unknown, text: string): DispatcherError {
    const message = isObject(value) && typeof value.message === "string" ? value.message : text.slice(0, 300);
    return new DispatcherError("HTTP_ERROR", `${method} ${path}: HTTP ${status}${message ? `: ${message}` : ""}`, { status });
  }

  /** GET /channels/live, concatenated over the entries the backend returns. */
  async liveChannels(): Promise<CatalogChannel[]> {
    const { status, value, text } = await this.json("GET", "/channels/live");
    if (status >= 400) throw this.httpError("GET", "/channels/live", status, value, text);
    if (!Array.isArray(value)) throw new DispatcherError("BAD_RESPONSE", "GET /channels/live: answer is not a list");
    const out: CatalogChannel[] = [];
    for (const entry of value) {
      if (!isObject(entry) || !Array.isArray(entry.channels)) continue;
      for (const c of entry.channels) {
        if (!isObject(c) || typeof c.name !== "string") continue;
        out.push({
          name: c.name,
          backend: typeof c.backend === "string" ? c.backend : typeof entry.backend === "string" ? entry.backend : this.backend,
          type: typeof c.type === "string" ? c.type : "float64",
          shape: Array.isArray(c.shape) && c.shape.every((d) => typeof d === "number") ? (c.shape as number[]) : [1],
          modulo: typeof c.modulo === "number" && c.modulo >= 1 ? c.modulo : 1,
          offset: typeof c.offset === "number" && c.offset >= 0 ? c.offset : 0,
          source: typeof c.source === "string" ? c.source : undefined,
        });
      }
    }
    return out;
  }

  /** POST /channels/state in one batch; results matched by name, not position. */
  async channelStates(names: readonly string[]): Promise<Map<string, RecordedState>> {
    const unique = [...new Set(names)].sort();
    const body = { channels: unique.map((name) => ({ name, backend: this.backend, queryLatest: true })) };
    const { status, value, text } = await this.json("POST", "/channels/state", body);
    if (status >= 400) throw this.httpError("POST", "/channels/state", status, value, text);
    if (!Array.isArray(value)) throw new DispatcherError("BAD_RESPONSE", "POST /channels/state: answer is not a list");
    const states = new Map<string, RecordedState>();
    for (const s of value) {
      if (!isObject(s)) continue;
      const channel = s.channel;
      const name = isObject(channel) && typeof channel.name === "string" ? channel.name : typeof channel === "string" ? channel : undefined;
      if (name === undefined) continue;
      const latest = typeof s.latestEventDate === "string" ? s.latestEventDate : typeof s.lastEventDate === "string" ? s.lastEventDate : undefined;
      states.set(name, {
        configured: s.configured === true,
        connected: s.connected === true,
        recording: s.recording === true,
        latestEventDate: latest,
        latestEventMs: latest === undefined ? undefined : parseIsoMs(latest),
      });
    }
    return states;
  }

  /**
   * POST /stream with fill-null. A refusal naming channels throws STREAM_REFUSED with the
   * reason per channel, so the caller can retry without them.
   */
  async openStream(channels: readonly StreamChannelRequest[], options: StreamOptions = {}): Promise<OpenedStream> {
    const body = {
      channels: channels.map((c) => ({ name: c.name, backend: this.backend, ...(c.modulo && c.modulo > 1 && { modulo: c.modulo, offset: c.offset ?? 0 }) })),
      streamType: options.streamType ?? "pub_sub",
      verify: false,
      channelValidation: { inconsistency: "keep-as-is" },
      mapping: { incomplete: "fill-null" },
      sendBehaviour: { strategy: "complete-all" },
      compression: options.compression ?? "none",
    };
    const { status, value, text } = await this.json("POST", "/stream", body);
    if (status >= 400) {
      const message = isObject(value) && typeof value.message === "string" ? value.message : text;
      const refused = parseRefusedChannels(message, channels.map((c) => c.name));
      if (status < 500 && refused.size > 0) {
        throw new DispatcherError("STREAM_REFUSED", `POST /stream refused ${refused.size} channel(s): ${message}`, { status, refused });
      }
      throw this.httpError("POST", "/stream", status, value, text);
    }
    if (!isObject(value) || typeof value.stream !== "string") throw new DispatcherError("BAD_RESPONSE", "POST /stream: answer has no stream address");
    return { address: value.stream, configuration: value.configuration };
  }

  /** DELETE /stream with the address as text/plain, as bsread_python does. */
  async deleteStream(address: string): Promise<void> {
    const { status, text } = await this.call("DELETE", "/stream", address, "text/plain");
    if (status >= 400 && status !== 404) throw new DispatcherError("HTTP_ERROR", `DELETE /stream: HTTP ${status}: ${text.slice(0, 200)}`, { status });
  }
}
