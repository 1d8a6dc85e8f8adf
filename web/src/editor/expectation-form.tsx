/**
 * One channel's expectations (or several at once): pinned type and shape, and threshold
 * overrides. Empty means "the server's default", shown as the placeholder; for several
 * channels a field they do not share says "mixed" and stays as it is unless changed.
 */
import { useState } from "preact/hooks";
import type { ExpectationField, Expectations } from "./bulk-expectations.js";
import { THRESHOLD_FIELDS, TYPES, parseShape, shapeText, type NumericThreshold, type Thresholds } from "./set-model.js";

export type { Expectations } from "./bulk-expectations.js";

interface Props {
  /** Starting values. */
  value: Expectations;
  /** Fields whose values differ between the channels edited (shown as "mixed"). */
  mixed?: ReadonlySet<ExpectationField>;
  /** What the form applies to, for its title and button. */
  target: string;
  /** The values, and which fields the user changed (only those are to be written). */
  onApply: (e: Expectations, changed: ReadonlySet<ExpectationField>) => void;
  onCancel: () => void;
}

const NONE: ReadonlySet<ExpectationField> = new Set();

export function ExpectationForm({ value, mixed = NONE, target, onApply, onCancel }: Props) {
  const [changed, setChanged] = useState<ReadonlySet<ExpectationField>>(NONE);
  const touch = (field: ExpectationField) => setChanged((c) => (c.has(field) ? c : new Set([...c, field])));
  /** Still "mixed": not shared by the channels and not changed here. */
  const isMixed = (field: ExpectationField) => mixed.has(field) && !changed.has(field);
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
    onApply(out, changed);
  };

  return (
    <form class="ed-expect" onSubmit={apply} aria-label={`expectations of ${target}`}>
      <div class="ed-expect-grid">
        <label>
          Expected type
          <select value={isMixed("type") ? "*mixed" : type} onChange={(e) => (setType((e.target as HTMLSelectElement).value), touch("type"))}>
            {isMixed("type") && <option value="*mixed">mixed (kept)</option>}
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
          <input value={shape} placeholder={isMixed("shape") ? "mixed (kept)" : "first seen, e.g. 2048 or 1024x768"} onInput={(e) => (setShape((e.target as HTMLInputElement).value), touch("shape"))} />
        </label>
        {THRESHOLD_FIELDS.map((f) => (
          <label key={f.key} title={f.help}>
            {f.label} <span class="muted">({f.unit})</span>
            <input
              inputMode="decimal"
              name={f.key}
              value={nums[f.key]}
              placeholder={isMixed(f.key) ? "mixed" : `default ${f.fallback}`}
              onInput={(e) => (setNums({ ...nums, [f.key]: (e.target as HTMLInputElement).value }), touch(f.key))}
            />
          </label>
        ))}
        <label>
          Alert on warnings
          <select value={isMixed("alertOnWarning") ? "*mixed" : alert} onChange={(e) => (setAlert((e.target as HTMLSelectElement).value), touch("alertOnWarning"))}>
            {isMixed("alertOnWarning") && <option value="*mixed">mixed (kept)</option>}
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
