/**
 * The last hour per second: values received (the rate, against the expected rate) and
 * values missing (empty or skipped pulses), so gaps stand out as red spikes and a dip.
 * The server counts per pulse-second; the axis places them in wall time by anchoring the
 * newest value's pulse at its arrival (100 pulses a second between).
 */
import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import { UplotChart, themeColor, themedAxis } from "../charts/uplot-chart.js";
import type { ChannelHistory } from "./channel-types.js";

export interface HistoryChartProps {
  history: ChannelHistory;
  expectedHz: number;
  /** Pulse id of the newest value and when it arrived (ms); null: the last second is "now". */
  anchor: { pulseId: number; atMs: number } | null;
  fetchedAt: number;
}

export function historyData({ history, expectedHz, anchor, fetchedAt }: HistoryChartProps): uPlot.AlignedData {
  // The newest second is still filling up: drawn, it would look like a drop in rate.
  const n = Math.max(1, history.received.length - 1);
  const from = history.fromPulseSecond ?? 0;
  const last = from + n - 1;
  // Wall-clock seconds of pulse-second s.
  const at = anchor ? (s: number) => anchor.atMs / 1000 - (anchor.pulseId / 100 - s) : (s: number) => fetchedAt / 1000 - (last - s);
  const xs = new Float64Array(n);
  const expected = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = at(from + i);
    expected[i] = expectedHz;
  }
  return [xs, history.received.slice(0, n), history.missing.slice(0, n), expected];
}

export function HistoryChart(props: HistoryChartProps) {
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(
    () => ({
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, props.expectedHz) * 1.1 || 1] } },
      axes: [themedAxis(), themedAxis({ label: "values / s", size: 60 })],
      legend: { show: true, live: false },
      cursor: { drag: { x: true, y: false } },
      series: [
        {},
        { label: "received", stroke: themeColor("--ok-mark", "#3fbf62"), width: 1.5, fill: "rgba(63,191,98,0.12)" },
        { label: "missing", stroke: themeColor("--error-bg", "#d81b24"), width: 1.5, fill: "rgba(216,27,36,0.35)" },
        { label: "expected", stroke: themeColor("--muted", "#9ba4ae"), width: 1, dash: [6, 4], points: { show: false } },
      ],
    }),
    [props.expectedHz],
  );
  const data = useMemo(() => historyData(props), [props.history, props.expectedHz, props.anchor, props.fetchedAt]);
  return <UplotChart options={options} data={data} height={200} label="values received and missing per second over the last hour" testId="history-chart" />;
}
