/**
 * The catalog search in a Web Worker: a pattern that backtracks for seconds blocks this
 * thread, not the page, and the page can end it (terminate) at its deadline.
 * In: {kind:"names", names} once per worker; {kind:"search", id, source, flags, limit, cap}.
 * Out: {id, result} or {id, error}.
 */
import { matchNames, nameOrder, type MatchResult } from "./catalog-match.js";

export type WorkerRequest = { kind: "names"; names: readonly string[] } | { kind: "search"; id: number; source: string; flags: string; limit: number; cap: number };
export type WorkerAnswer = { id: number; result: MatchResult } | { id: number; error: string };

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerAnswer): void;
}

const scope = self as unknown as WorkerScope;
let names: readonly string[] = [];
let order: number[] = [];

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.kind === "names") {
    names = msg.names;
    order = nameOrder(names);
    return;
  }
  try {
    scope.postMessage({ id: msg.id, result: matchNames(names, order, new RegExp(msg.source, msg.flags), msg.limit, msg.cap) });
  } catch (err) {
    scope.postMessage({ id: msg.id, error: (err as Error).message });
  }
};
