/** Timing of a repeated in-process operation: warm up, then run it for a fixed time. */

export interface TimeLoopOptions {
  warmupMs?: number;
  durationMs?: number;
}

/**
 * Nanoseconds per operation. `batch` does some operations and returns how many; the
 * clock is read between batches only, so a batch should take well over a microsecond.
 */
export function nsPerOperation(batch: () => number, options: TimeLoopOptions = {}): number {
  const warmupEnd = performance.now() + (options.warmupMs ?? 300);
  while (performance.now() < warmupEnd) batch();
  const durationMs = options.durationMs ?? 1000;
  let operations = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    operations += batch();
    now = performance.now();
  }
  return ((now - start) * 1e6) / operations;
}
