/** Order statistics of repeated measurements (cycle times, latencies). */

/** The q-quantile (0..1) of the values, linearly interpolated; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export interface Distribution {
  n: number;
  min: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(values: readonly number[]): Distribution {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return {
    n: values.length,
    min: values.length ? min : NaN,
    median: median(values),
    p95: quantile(values, 0.95),
    p99: quantile(values, 0.99),
    max: values.length ? max : NaN,
    mean: values.length ? sum / values.length : NaN,
  };
}
