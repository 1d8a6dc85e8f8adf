/** The server's channel sets, for the set filters and the run form (GET /sets). */
import { api } from "../api.js";
import { usePoll, type Poll } from "./use-poll.js";

export interface SetInfo {
  name: string;
  description: string;
  channelCount: number;
  watched: boolean;
}

export function useSets(): Poll<SetInfo[]> {
  return usePoll(() => api.get<{ sets: SetInfo[] }>("/sets").then((r) => r.sets), 15_000, "sets");
}

/** GET /status for one set (its channels, watched or not) or, with "", every watched channel. */
export function statusPath(set: string): string {
  return set === "" ? "/status" : `/status?set=${encodeURIComponent(set)}`;
}
