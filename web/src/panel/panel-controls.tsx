/** The operator's switches (hidden in kiosk mode): order, grouping, theme. */
import type { Theme } from "../theme.js";
import type { SortMode } from "./order.js";

export interface PanelControlsProps {
  sort: SortMode;
  bySource: boolean;
  theme: Theme;
  onSort(sort: SortMode): void;
  onGroup(bySource: boolean): void;
  onTheme(theme: Theme): void;
}

export function PanelControls({ sort, bySource, theme, onSort, onGroup, onTheme }: PanelControlsProps) {
  return (
    <div class="controls" role="toolbar" aria-label="panel options">
      <a href="/" class="control-link">
        All sets
      </a>
      <button type="button" onClick={() => onSort(sort === "worst" ? "set" : "worst")} aria-label="change tile order">
        Order: {sort === "worst" ? "worst first" : "set order"}
      </button>
      <button type="button" aria-pressed={bySource} onClick={() => onGroup(!bySource)}>
        Group by source
      </button>
      <button type="button" onClick={() => onTheme(theme === "dark" ? "light" : "dark")}>
        {theme === "dark" ? "Light theme" : "Dark theme"}
      </button>
    </div>
  );
}
