/** The channel's status with history and events (polled), and its catalog facts (once). */
import { useEffect, useState } from "preact/hooks";
import { api, RequestError } from "../api.js";
import type { CatalogEntry } from "../api-types.js";
import type { ChannelDetailData } from "./channel-types.js";
import { usePoll } from "../view-kit/use-poll.js";

const STATUS_REFRESH_MS = 2000;

export interface Problem {
  code: string;
  message: string;
}

export function problemOf(err: unknown): Problem {
  if (err instanceof RequestError) return { code: err.code, message: err.message };
  return { code: "NETWORK", message: err instanceof Error ? err.message : String(err) };
}

/** An exact-name regex for GET /channels?q=: every metacharacter escaped. */
export function exactNamePattern(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
}

export interface ChannelDetailState {
  /** The last detail fetched (kept through failures: `stale` says when it is not current). */
  detail: ChannelDetailData | null;
  /** When the detail was fetched (to place the history on the time axis); null before the first. */
  fetchedAt: number | null;
  problem: Problem | null;
  /** The last request failed or none answered for a while: the detail is not current. */
  stale: boolean;
  error: Error | null;
  facts: CatalogEntry | null;
  factsProblem: Problem | null;
  refresh(): void;
}

export function useChannelDetail(name: string, active: boolean): ChannelDetailState {
  const [facts, setFacts] = useState<CatalogEntry | null>(null);
  const [factsProblem, setFactsProblem] = useState<Problem | null>(null);
  const poll = usePoll(() => api.get<ChannelDetailData>(`/status/${encodeURIComponent(name)}`), STATUS_REFRESH_MS, `status ${name}`, active);

  useEffect(() => {
    let alive = true;
    setFacts(null);
    setFactsProblem(null);
    api.get<{ channels: CatalogEntry[] }>(`/channels?q=${encodeURIComponent(exactNamePattern(name))}&limit=5`).then(
      (r) => {
        if (!alive) return;
        const row = r.channels.find((c) => c.name === name) ?? null;
        setFacts(row);
        setFactsProblem(row ? null : { code: "NOT_IN_CATALOG", message: "no dispatcher backend or direct source lists this channel" });
      },
      (err: unknown) => alive && setFactsProblem(problemOf(err)),
    );
    return () => {
      alive = false;
    };
  }, [name]);

  return {
    detail: poll.data,
    fetchedAt: poll.updatedAt,
    problem: poll.error ? problemOf(poll.error) : null,
    stale: poll.stale,
    error: poll.error,
    facts,
    factsProblem,
    refresh: poll.refresh,
  };
}
