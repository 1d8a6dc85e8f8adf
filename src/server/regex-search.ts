/**
 * Regex search over the catalog's names off the event loop. A user's pattern can backtrack
 * for seconds or hours on one name (`((\w|-|:)+)+X$`, `.*.*.*Z$` over 20,000 names); run on
 * the main thread it would stop ingest, evaluation and heartbeats, so every panel would go
 * NOT LIVE. One long-lived worker thread holds the names (sent again only when they change)
 * and matches one request at a time; a match that outlives the deadline is stopped by
 * terminating the worker (a new one starts with the next request).
 */
import { Worker } from "node:worker_threads";
import { REGEX_WORKER_SOURCE } from "./regex-search-worker.js";

export interface RegexSearchOptions {
  /** A match running longer than this is stopped (ms). */
  deadlineMs: number;
  /** Requests waiting behind the running one; more are refused. */
  maxWaiting: number;
}

export const DEFAULT_REGEX_SEARCH: RegexSearchOptions = { deadlineMs: 1500, maxWaiting: 8 };

export type RegexSearchFailure = "too-costly" | "busy" | "invalid" | "closed" | "worker-failed";

export class RegexSearchError extends Error {
  constructor(
    readonly reason: RegexSearchFailure,
    message: string,
  ) {
    super(message);
  }
}

interface Job {
  names: readonly string[];
  source: string;
  flags: string;
  resolve: (indices: number[]) => void;
  reject: (err: RegexSearchError) => void;
}

type Answer = { id: number; indices: number[] } | { id: number; error: string };

export class RegexSearch {
  private worker: Worker | null = null;
  /** The names the current worker holds (compared by identity, then by content). */
  private workerNames: readonly string[] | null = null;
  /** Workers whose thread runs (their 'online' came): a start-up under load is not the pattern's time. */
  private readonly online = new WeakSet<Worker>();
  private readonly waiting: Job[] = [];
  private running = false;
  private closed = false;
  private nextId = 1;

  constructor(private readonly options: RegexSearchOptions = DEFAULT_REGEX_SEARCH) {}

  /** Indices into `names` of the names `source` (with `flags`) matches. */
  match(names: readonly string[], source: string, flags = ""): Promise<number[]> {
    if (this.closed) return Promise.reject(new RegexSearchError("closed", "the search is shut down"));
    if (this.waiting.length >= this.options.maxWaiting) {
      return Promise.reject(new RegexSearchError("busy", `${this.waiting.length} searches are already waiting: try again in a moment`));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ names, source, flags, resolve, reject });
      this.runNext();
    });
  }

  /** Stops the worker; waiting searches fail with "closed". */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new RegexSearchError("closed", "the search is shut down"));
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private runNext(): void {
    if (this.running || this.closed) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.running = true;
    const worker = this.ensureWorker();
    if (!sameNames(this.workerNames, job.names)) {
      worker.postMessage({ kind: "names", names: job.names });
      this.workerNames = job.names;
    }
    const id = this.nextId++;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off("online", startClock);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      outcome();
      this.running = false;
      this.runNext();
    };
    const onMessage = (answer: Answer) => {
      if (answer.id !== id) return;
      finish(() => ("error" in answer ? job.reject(new RegexSearchError("invalid", answer.error)) : job.resolve(answer.indices)));
    };
    const onError = (err: Error) => finish(() => (this.discard(worker), job.reject(new RegexSearchError("worker-failed", `the search failed: ${err.message}`))));
    const onExit = () =>
      finish(() => {
        this.discard(worker);
        job.reject(this.closed ? new RegexSearchError("closed", "the search is shut down") : new RegexSearchError("worker-failed", "the search stopped unexpectedly"));
      });
    function startClock(): void {
      timer = setTimeout(() => finish(tooCostly), deadlineMs);
    }
    const deadlineMs = this.options.deadlineMs;
    const tooCostly = () => {
      // The only way to stop a running regex: end its thread. The next request starts another.
      this.discard(worker);
      void worker.terminate();
      job.reject(new RegexSearchError("too-costly", `the pattern did not finish within ${deadlineMs} ms`));
    };
    if (this.online.has(worker)) startClock();
    else worker.once("online", startClock);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage({ kind: "match", id, source: job.source, flags: job.flags });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(REGEX_WORKER_SOURCE, { eval: true });
    w.once("online", () => this.online.add(w));
    // The server's close hook ends it; it must never keep a process alive by itself.
    w.unref();
    // A failure between searches only means the next search needs a new worker.
    w.on("error", () => this.discard(w));
    this.worker = w;
    this.workerNames = null;
    return w;
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = null;
      this.workerNames = null;
    }
  }
}

function sameNames(a: readonly string[] | null, b: readonly string[]): boolean {
  if (a === b) return true;
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
