/** The channel's status with history and events (polled), and its catalog facts (once). */
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, RequestError } from "../api.js";
import type { CatalogFacts, ChannelDetailData } from "./channel-types.js";
import { usePoll } from "./use-page-visible.js";

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
  detail: ChannelDetailData | null;
  /** When the detail was fetched (to place the history on the time axis). */
  fetchedAt: number;
  problem: Problem | null;
  facts: CatalogFacts | null;
  factsProblem: Problem | null;
  refresh(): void;
}

export function useChannelDetail(name: string, active: boolean): ChannelDetailState {
  const [detail, setDetail] = useState<ChannelDetailData | null>(null);
  const [fetchedAt, setFetchedAt] = useState(0);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [facts, setFacts] = useState<CatalogFacts | null>(null);
  const [factsProblem, setFactsProblem] = useState<Problem | null>(null);
  const [generation, setGeneration] = useState(0);

  usePoll(
    async () => {
      try {
        const d = await api.get<ChannelDetailData>(`/status/${encodeURIComponent(name)}`);
        setDetail(d);
        setFetchedAt(Date.now());
        setProblem(null);
      } catch (err) {
        setDetail(null);
        setProblem(problemOf(err));
      }
    },
    () => STATUS_REFRESH_MS,
    active,
    [name, generation],
  );

  useEffect(() => {
    let alive = true;
    api.get<{ channels: CatalogFacts[] }>(`/channels?q=${encodeURIComponent(exactNamePattern(name))}&limit=5`).then(
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

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { detail, fetchedAt, problem, facts, factsProblem, refresh };
}
