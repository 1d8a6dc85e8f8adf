/**
 * Keeps a blocked monitor process from blaming the channels. When this process itself was
 * blocked (a long GC, a heavy request, an overloaded machine), the messages that came in
 * meanwhile still wait in the sockets, and Node runs due timers before it reads I/O: an
 * evaluation right then would call every fast channel silent. So the first tick after such a
 * block is skipped and the receivers drain first. Never two in a row: a process that is
 * always late still evaluates every other tick, so no status freezes (never green when unknown).
 */
export class StallGuard {
  /** Ticks skipped so far (exported as a metric). */
  skipped = 0;
  private lastTickAt: number | null = null;
  private skippedLast = false;

  constructor(
    private readonly intervalMs: number,
    /** Lateness beyond the interval that counts as a block. */
    private readonly toleranceMs = 250,
  ) {}

  /** Call on every timer tick; false: skip this evaluation. */
  shouldEvaluate(now: number): boolean {
    const late = this.lastTickAt === null ? 0 : now - this.lastTickAt - this.intervalMs;
    this.lastTickAt = now;
    if (late > this.toleranceMs && !this.skippedLast) {
      this.skippedLast = true;
      this.skipped++;
      return false;
    }
    this.skippedLast = false;
    return true;
  }
}
