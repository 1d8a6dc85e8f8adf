/** Markdown tables and number formats for the result tables benchmarks print (bench/RESULTS.md). */

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Rounded, with thousands separators; "–" for NaN (nothing measured). */
export const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
export const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : "–");
export const percent = (ratio: number, digits = 0): string => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(digits)} %` : "–");
/** Load averages sampled during a measurement, "3.1 → 4.0": how busy the shared machine was. */
export const loads = (samples: readonly number[]): string => samples.map((x) => fixed(x, 1)).join(" → ");
