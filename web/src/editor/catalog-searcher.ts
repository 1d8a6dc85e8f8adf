/**
 * Runs catalog searches on a worker with a deadline, newest first: a new search ends a
 * still-running older one (typing fast never queues stale work), and a search that outlives
 * the deadline ends its worker and answers "too costly" instead of freezing the tab.
 */
import type { MatchResult } from "./catalog-match.js";
import type { WorkerAnswer, WorkerRequest } from "./catalog-worker.js";

/** A search running longer than this is stopped (ms). */
export const SEARCH_DEADLINE_MS = 2000;

export type SearchOutcome = { kind: "done"; result: MatchResult } | { kind: "too-costly" } | { kind: "failed"; message: string } | { kind: "cancelled" };

interface Running {
  id: number;
  finish: (outcome: SearchOutcome) => void;
}

export class CatalogSearcher {
  private worker: Worker | null = null;
  private running: Running | null = null;
  private nextId = 1;

  constructor(
    private readonly names: readonly string[],
    private readonly deadlineMs = SEARCH_DEADLINE_MS,
  ) {}

  search(source: string, flags: string, limit: number, cap: number): Promise<SearchOutcome> {
    // Still busy with an older pattern: its answer is no longer wanted, and it may never come.
    if (this.running) this.stop({ kind: "cancelled" });
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.stop({ kind: "too-costly" }), this.deadlineMs);
      this.running = {
        id,
        finish: (outcome) => {
          clearTimeout(timer);
          this.running = null;
          resolve(outcome);
        },
      };
      worker.postMessage({ kind: "search", id, source, flags, limit, cap } satisfies WorkerRequest);
    });
  }

  dispose(): void {
    this.stop({ kind: "cancelled" });
    this.worker?.terminate();
    this.worker = null;
  }

  /** Ends the running search with `outcome`; the only way to stop a regex is to end its worker. */
  private stop(outcome: SearchOutcome): void {
    const r = this.running;
    if (!r) return;
    this.worker?.terminate();
    this.worker = null;
    r.finish(outcome);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL("./catalog-worker.ts", import.meta.url), { type: "module", name: "catalog-search" });
    w.onmessage = (e: MessageEvent<WorkerAnswer>) => {
      const a = e.data;
      const r = this.running;
      if (!r || r.id !== a.id) return;
      r.finish("error" in a ? { kind: "failed", message: a.error } : { kind: "done", result: a.result });
    };
    w.onerror = (e) => {
      e.preventDefault();
      if (this.worker === w) this.worker = null;
      w.terminate();
      this.running?.finish({ kind: "failed", message: `the search worker failed: ${e.message || "unknown error"}` });
    };
    w.postMessage({ kind: "names", names: this.names } satisfies WorkerRequest);
    this.worker = w;
    return w;
  }
}
