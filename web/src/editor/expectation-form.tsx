/**
 * One channel's expectations (or several at once): pinned type and shape, and threshold
 * overrides. Empty means "the server's default", shown as the placeholder.
 */
import { useState } from "preact/hooks";
import { THRESHOLD_FIELDS, TYPES, parseShape, shapeText, type ChannelSpec, type NumericThreshold, type Thresholds } from "./set-model.js";

export type Expectations = Omit<ChannelSpec, "name">;

interface Props {
  /** Starting values. */
  value: Expectations;
  /** What the form applies to, for its title and button. */
  target: string;
  onApply: (e: Expectations) => void;
  onCancel: () => void;
}

export function ExpectationForm({ value, target, onApply, onCancel }: Props) {
  const [type, setType] = useState(value.type ?? "");
  const [shape, setShape] = useState(shapeText(value.shape).replace(/×/g, "x"));
  const [nums, setNums] = useState<Record<string, string>>(() =>
    Object.fromEntries(THRESHOLD_FIELDS.map((f) => [f.key, value.thresholds?.[f.key] === undefined ? "" : String(value.thresholds[f.key])])),
  );
  const [alert, setAlert] = useState(value.thresholds?.alertOnWarning === undefined ? "" : String(value.thresholds.alertOnWarning));
  const [error, setError] = useState<string | null>(null);

  const apply = (e: Event) => {
    e.preventDefault();
    const out: Expectations = {};
    if (type) out.type = type;
    const s = parseShape(shape);
    if (typeof s === "string") return setError(`Shape: ${s}`);
    if (s) out.shape = s;
    const t: Thresholds = {};
    for (const f of THRESHOLD_FIELDS) {
      const raw = nums[f.key]!.trim();
      if (raw === "") continue;
      const v = Number(raw);
      if (!Number.isFinite(v) || v < f.min || v > f.max || (f.integer && !Number.isInteger(v))) {
        return setError(`${f.label}: ${f.integer ? "a whole number" : "a number"} from ${f.min} to ${f.max.toLocaleString("en")} (${f.unit})`);
      }
      t[f.key as NumericThreshold] = v;
    }
    if (alert !== "") t.alertOnWarning = alert === "true";
    if (Object.keys(t).length > 0) out.thresholds = t;
    setError(null);
    onApply(out);
  };

  return (
    <form class="ed-expect" onSubmit={apply} aria-label={`expectations of ${target}`}>
      <div class="ed-expect-grid">
        <label>
          Expected type
          <select value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            <option value="">first seen</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Expected shape
          <input value={shape} placeholder="first seen, e.g. 2048 or 1024x768" onInput={(e) => setShape((e.target as HTMLInputElement).value)} />
        </label>
        {THRESHOLD_FIELDS.map((f) => (
          <label key={f.key} title={f.help}>
            {f.label} <span class="muted">({f.unit})</span>
            <input
              inputMode="decimal"
              name={f.key}
              value={nums[f.key]}
              placeholder={`default ${f.fallback}`}
              onInput={(e) => setNums({ ...nums, [f.key]: (e.target as HTMLInputElement).value })}
            />
          </label>
        ))}
        <label>
          Alert on warnings
          <select value={alert} onChange={(e) => setAlert((e.target as HTMLSelectElement).value)}>
            <option value="">default (no)</option>
            <option value="true">yes</option>
            <option value="false">no</option>
          </select>
        </label>
      </div>
      {error && (
        <p class="ed-error" role="alert">
          {error}
        </p>
      )}
      <div class="ed-row">
        <button type="submit" class="ed-primary">
          Apply to {target}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
