/** Doubling retry delays between a floor and a ceiling, reset on success. */
export class Backoff {
  private current: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.current = minMs;
  }

  /** The delay to wait now; the next one doubles. */
  next(): number {
    const delay = this.current;
    this.current = Math.min(this.maxMs, this.current * 2);
    return delay;
  }

  reset(): void {
    this.current = this.minMs;
  }
}
