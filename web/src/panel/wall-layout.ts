/**
 * Where every tile and group header of the wall goes, in px inside the wall. Tiles sit at
 * computed positions (absolutely placed, fixed size) rather than in a CSS grid: each tile is
 * then a layout root of its own, so a tile whose text changes lays out itself, not the grid.
 * Columns stretch to fill the width as a `1fr` grid track would; rounding is per edge, so
 * every gap is exactly `gap` px and widths differ by at most 1 px.
 */
export interface GroupPlace {
  /** Top of the group's header; null when the wall is one group without a header. */
  headerTop: number | null;
  /** Top of the group's first row of tiles. */
  top: number;
  count: number;
  rows: number;
}

export interface WallLayout {
  columns: number;
  /** Stretched column width (unrounded). */
  columnWidth: number;
  tileHeight: number;
  gap: number;
  /** Tile height plus the gap below it. */
  pitch: number;
  groups: GroupPlace[];
  /** Height of everything placed (the wall's height). */
  height: number;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** How many columns of at least `tileWidth` fit `width`: as `repeat(auto-fill, minmax(w, 1fr))`. */
export function columnsFor(tileWidth: number, width: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (tileWidth + gap)));
}

/**
 * Lays out groups of `sizes` tiles of `tile` size (at least) across `width` px. With
 * `headerHeight` > 0 every group gets a header above its rows; with 0 (one group of all)
 * none.
 */
export function layoutWall(sizes: readonly number[], tile: { width: number; height: number }, width: number, gap: number, headerHeight: number): WallLayout {
  const columns = columnsFor(tile.width, width, gap);
  // Never wider than the area (a single column on a narrow screen fills it).
  const columnWidth = Math.max(0, Math.min(width, (width - gap * (columns - 1)) / columns));
  const pitch = tile.height + gap;
  const groups: GroupPlace[] = [];
  let y = 0;
  for (const count of sizes) {
    const headerTop = headerHeight > 0 ? y : null;
    if (headerHeight > 0) y += headerHeight;
    const rows = Math.ceil(count / columns);
    groups.push({ headerTop, top: y, count, rows });
    // The next group starts a gap below this one's last row.
    y += rows * pitch;
  }
  // No gap after the last row.
  const height = Math.max(0, y - (groups.at(-1)?.rows ? gap : 0));
  return { columns, columnWidth, tileHeight: tile.height, gap, pitch, groups, height };
}

/** The box of tile `index` (in its group's order) of group `group`. */
export function tileBox(layout: WallLayout, group: number, index: number): Box {
  const g = layout.groups[group]!;
  const column = index % layout.columns;
  const row = Math.floor(index / layout.columns);
  const step = layout.columnWidth + layout.gap;
  const left = Math.round(column * step);
  return { left, top: g.top + row * layout.pitch, width: Math.round(column * step + layout.columnWidth) - left, height: layout.tileHeight };
}

/** Rows rendered beyond the view on each side, so a small scroll shows no empty strip. */
const OVERSCAN_ROWS = 1;

/**
 * Which tiles of group `group` (index range, end exclusive) are within the view from
 * `scrollTop` (wall coordinates) for `viewHeight` px, plus a row of overscan each side.
 * Before the view is measured (viewHeight 0) all of them: nothing is known yet.
 */
export function visibleTiles(layout: WallLayout, group: number, scrollTop: number, viewHeight: number): { start: number; end: number } {
  const g = layout.groups[group]!;
  if (g.count === 0 || layout.pitch <= 0) return { start: 0, end: 0 };
  if (viewHeight <= 0) return { start: 0, end: g.count };
  const firstRow = Math.floor((scrollTop - g.top) / layout.pitch) - OVERSCAN_ROWS;
  // The last row whose top is above the view's bottom edge.
  const lastRow = Math.ceil((scrollTop + viewHeight - g.top) / layout.pitch) - 1 + OVERSCAN_ROWS;
  const first = Math.max(0, firstRow);
  const last = Math.min(g.rows - 1, lastRow);
  if (last < first) return { start: 0, end: 0 };
  return { start: first * layout.columns, end: Math.min(g.count, (last + 1) * layout.columns) };
}
