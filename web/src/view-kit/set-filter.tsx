/** "Set: [every set ▾]": narrows a view to one set's channels (kept in `?set=`). */
import type { SetInfo } from "./sets.js";

export function SetFilter({ sets, value, onChange }: { sets: SetInfo[] | null; value: string; onChange: (set: string) => void }) {
  const known = sets?.some((s) => s.name === value) ?? true;
  return (
    <label class="view-filter">
      Set{" "}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)} name="set">
        <option value="">every set</option>
        {sets?.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
        {!known && <option value={value}>{value} (no such set)</option>}
      </select>
    </label>
  );
}
