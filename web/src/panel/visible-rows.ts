/**
 * Which rows of a tile grid the scrolled view shows. A dense wall (2,000 tiles scroll on
 * any screen) renders only those, plus one row each side, so updates and layout cost what
 * is on the screen, not what is in the set.
 */
export interface RowWindow {
  columns: number;
  rows: number;
  /** First and last row rendered (inclusive); last < first when there is nothing. */
  first: number;
  last: number;
  /** Height of one row plus the gap below it. */
  pitch: number;
}

const OVERSCAN_ROWS = 1;

export function visibleRows(count: number, tile: { width: number; height: number }, gridWidth: number, gap: number, scrollTop: number, viewHeight: number): RowWindow {
  const columns = Math.max(1, Math.floor((gridWidth + gap) / (tile.width + gap)));
  const rows = Math.ceil(count / columns);
  const pitch = tile.height + gap;
  if (rows === 0 || pitch <= 0) return { columns, rows, first: 0, last: -1, pitch };
  // Before the first measurement (viewHeight 0) render everything: nothing is known yet.
  if (viewHeight <= 0) return { columns, rows, first: 0, last: rows - 1, pitch };
  const first = Math.max(0, Math.floor(scrollTop / pitch) - OVERSCAN_ROWS);
  const last = Math.min(rows - 1, Math.ceil((scrollTop + viewHeight) / pitch) + OVERSCAN_ROWS);
  return { columns, rows, first, last, pitch };
}
