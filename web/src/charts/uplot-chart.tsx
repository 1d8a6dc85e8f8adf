/**
 * uPlot in a Preact component: the chart is made once per `options` identity, fed new data
 * with setData (no re-creation per update) and sized to its container's width.
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "./charts.css";

export interface UplotChartProps {
  /** Everything but width/height; a new object makes a new chart, so memoize it. */
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
  height: number;
  label: string;
  testId?: string;
}

export function UplotChart({ options, data, height, label, testId }: UplotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = host.current!;
    const plot = new uPlot({ ...options, width: Math.max(200, el.clientWidth), height }, latest.current, el);
    chart.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={host} class="uplot-host" role="img" aria-label={label} data-testid={testId} data-points={plottedPoints(data)} />;
}

/** Finite y values over all series: what the chart draws (tests check it, the axes alone would not count). */
export function plottedPoints(data: uPlot.AlignedData): number {
  let n = 0;
  for (let s = 1; s < data.length; s++) for (const y of data[s] ?? []) if (typeof y === "number" && Number.isFinite(y)) n++;
  return n;
}

/** A CSS variable of the theme as a canvas colour (uPlot draws on canvas, not with CSS). */
export function themeColor(variable: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(variable).trim();
  return v || fallback;
}

/** Axis styling that follows the theme. */
export function themedAxis(extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  const text = themeColor("--muted", "#9ba4ae");
  const line = themeColor("--line", "#2c3139");
  return { stroke: text, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 }, ...extra };
}
