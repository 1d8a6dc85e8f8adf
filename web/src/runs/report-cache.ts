/**
 * The reports behind the runs list's coverage column. A complete report never changes: it is
 * fetched once and kept, so a poll asks only for the running and finishing runs' reports
 * (and, once, for a finished run not seen yet), for the newest `limit` runs, a few at a time.
 */
import type { RunReport, RunRow } from "./run-types.js";

export interface LoadedReports {
  reports: Map<string, RunReport>;
  /** Report errors by run id (a report that cannot be had says so in its row). */
  errors: Map<string, string>;
}

export class RunReportCache {
  private readonly final = new Map<string, RunReport>();

  constructor(
    private readonly fetchReport: (id: string) => Promise<RunReport>,
    private readonly limit = 20,
    private readonly parallel = 4,
  ) {}

  /** Runs (newest first) whose report this round must ask the server for. */
  toFetch(runs: readonly RunRow[]): RunRow[] {
    return runs.slice(0, this.limit).filter((r) => !this.final.has(r.id));
  }

  async load(runs: readonly RunRow[]): Promise<LoadedReports> {
    const reports = new Map<string, RunReport>();
    const errors = new Map<string, string>();
    for (const r of runs.slice(0, this.limit)) {
      const known = this.final.get(r.id);
      if (known) reports.set(r.id, known);
    }
    const queue = this.toFetch(runs);
    const worker = async (): Promise<void> => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        try {
          const rep = await this.fetchReport(r.id);
          reports.set(r.id, rep);
          if (rep.complete) this.final.set(r.id, rep);
        } catch (err) {
          errors.set(r.id, err instanceof Error ? err.message : String(err));
        }
      }
    };
    await Promise.all(Array.from({ length: this.parallel }, worker));
    return { reports, errors };
  }
}
