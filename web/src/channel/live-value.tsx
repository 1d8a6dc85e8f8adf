/**
 * The channel's live value, polled from GET /status/{channel}/value while visible: a scalar
 * as a rolling line of the sampled values (the last SCALAR_KEEP samples, 4 per second), a
 * waveform as a line of its array, an image as a heatmap refreshed once a second, a string
 * as text. When there is no value the server's code and reason are shown, never a blank.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type uPlot from "uplot";
import { api } from "../api.js";
import { Heatmap } from "../charts/heatmap.js";
import { UplotChart, themeColor, themedAxis } from "../charts/uplot-chart.js";
import { formatAge, formatTime } from "../format.js";
import type { LiveValue } from "./channel-types.js";
import { problemOf, type Problem } from "./use-channel-detail.js";
import { usePoll } from "../view-kit/use-poll.js";

const SCALAR_POLL_MS = 250;
const IMAGE_POLL_MS = 1000;
const ERROR_POLL_MS = 1000;
const SCALAR_KEEP = 600;

/** ISO with nanoseconds -> ms (Date.parse wants at most milliseconds). */
function timeMs(iso: string): number {
  return Date.parse(iso.replace(/(\.\d{3})\d*Z$/, "$1Z"));
}

function scalarNumber(v: LiveValue["value"]): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return null;
}

/** Index of each plotted point in the original array (the envelope's points sit in their bucket). */
function waveformXs(value: LiveValue): Float64Array {
  const points = value.value as (number | null)[];
  const xs = new Float64Array(points.length);
  const d = value.downsampling;
  for (let k = 0; k < points.length; k++) xs[k] = d.method === "minmax" ? Math.floor(k / 2) * d.bucket + (k % 2) * (d.bucket / 2) : k;
  return xs;
}

interface Samples {
  /** The channel they belong to: another channel's samples are never drawn. */
  channel: string;
  times: number[];
  values: (number | null)[];
  lastPulse: number;
}

function formatScalar(v: LiveValue["value"]): string {
  if (v === null) return "NaN";
  if (typeof v === "number") return Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : String(Number(v.toPrecision(7)));
  return String(v);
}

/** A value older than this (and three periods) is flagged as not updating. */
const STALE_MS = 2000;

export function LiveValueView({ name, active, expectedHz }: { name: string; active: boolean; expectedHz: number }) {
  const poll = usePoll(
    () => api.get<LiveValue>(`/status/${encodeURIComponent(name)}/value`),
    (v, err) => (err ? ERROR_POLL_MS : v?.kind === "image" ? IMAGE_POLL_MS : SCALAR_POLL_MS),
    `value ${name}`,
    active,
  );
  const value = poll.data;
  const problem = poll.error ? problemOf(poll.error) : null;
  const [samples, setSamples] = useState<Samples>({ channel: name, times: [], values: [], lastPulse: -1 });
  useEffect(() => {
    if (value?.kind !== "scalar" || value.channel !== name) return;
    setSamples((s) => {
      const kept = s.channel === name ? s : { channel: name, times: [], values: [], lastPulse: -1 };
      if (value.pulseId === kept.lastPulse) return kept;
      const times = [...kept.times, timeMs(value.time) / 1000].slice(-SCALAR_KEEP);
      const values = [...kept.values, scalarNumber(value.value)].slice(-SCALAR_KEEP);
      return { channel: name, times, values, lastPulse: value.pulseId };
    });
  }, [value, name]);

  return (
    <section class="live-value" data-testid="live-value" data-kind={value?.kind ?? ""} data-pulse={value?.pulseId ?? ""} aria-label="live value">
      {problem && (
        <p class="value-problem" data-testid="value-error" data-code={problem.code} role="status">
          <strong>{problem.code}</strong> {problem.message}
        </p>
      )}
      {!value && !problem && <p class="muted">waiting for the first value…</p>}
      {value && (
        <ValueFacts value={value} fetchedAt={poll.updatedAt ?? Date.now()} stale={poll.stale} staleAfterMs={Math.max(STALE_MS, expectedHz > 0 ? 3000 / expectedHz : 0)} />
      )}
      {value?.kind === "scalar" && samples.channel === name && <ScalarChart samples={samples} />}
      {value?.kind === "waveform" && <WaveformChart value={value} />}
      {value?.kind === "image" && <Heatmap rows={value.value as (number | null)[][]} min={value.min} max={value.max} label={`image of ${name} at pulse ${value.pulseId}`} />}
      {value?.kind === "string" && <pre class="value-string">{String(value.value)}</pre>}
    </section>
  );
}

/** Age of the value by the server's clock at the answer, plus the time since the answer came: no clock comparison with the IOC. */
function ValueFacts({ value, fetchedAt, stale, staleAfterMs }: { value: LiveValue; fetchedAt: number; stale: boolean; staleAfterMs: number }) {
  const ageMs = value.ageMs + (Date.now() - fetchedAt);
  const d = value.downsampling;
  const old = stale || ageMs > staleAfterMs;
  return (
    <p class="value-facts" data-stale={old ? "yes" : "no"} data-age-ms={Math.round(ageMs)}>
      {old && (
        <span class="value-stale">
          <span aria-hidden="true">▲ </span>last known value, not updating
        </span>
      )}
      {(value.kind === "scalar" || value.kind === "string") && <strong class="value-scalar">{formatScalar(value.value)}</strong>}
      <span>pulse {value.pulseId}</span>
      <span>
        {formatTime(value.time)} <span class="muted">(arrived {formatAge(ageMs)} ago)</span>
      </span>
      <span>
        {value.type} [{value.shape.join(" × ")}]
      </span>
      {value.min !== null && (
        <span>
          range {formatScalar(value.min)} … {formatScalar(value.max)}
        </span>
      )}
      {d.method === "minmax" && <span class="muted">min/max envelope of {d.length} points, buckets of {d.bucket}</span>}
      {d.method === "block-mean" && (
        <span class="muted">
          {d.width} × {d.height}: means of {d.factor} × {d.factor} pixels
        </span>
      )}
    </p>
  );
}

function ScalarChart({ samples }: { samples: Samples }) {
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(
    () => ({
      scales: { x: { time: true } },
      axes: [themedAxis(), themedAxis({ size: 70 })],
      legend: { show: false },
      series: [{}, { label: "value", stroke: themeColor("--text", "#e8ebef"), width: 1.5, spanGaps: false }],
    }),
    [],
  );
  const data = useMemo<uPlot.AlignedData>(() => [samples.times, samples.values], [samples]);
  return <UplotChart options={options} data={data} height={220} label="sampled values over time" testId="value-chart" />;
}

function WaveformChart({ value }: { value: LiveValue }) {
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(
    () => ({
      scales: { x: { time: false } },
      axes: [themedAxis({ label: "index" }), themedAxis({ size: 70 })],
      legend: { show: false },
      series: [{}, { label: "value", stroke: themeColor("--text", "#e8ebef"), width: 1, points: { show: false } }],
    }),
    [],
  );
  const data = useMemo<uPlot.AlignedData>(() => [waveformXs(value), value.value as (number | null)[]], [value]);
  return <UplotChart options={options} data={data} height={240} label={`waveform at pulse ${value.pulseId}`} testId="value-chart" />;
}
