/**
 * The wall grid fills the screen: the widest tile (at least as wide as ASPECT × its height)
 * for which `count` tiles fit in the area, within readable bounds, and rows then stretched
 * to use the height left. Past the lower bound the grid scrolls.
 */
const ASPECT = 1.7; // width / height, at the most crowded
const TALLEST = 1.1; // width / height, at the least crowded
const MIN_WIDTH = 170;
const MAX_WIDTH = 560;

export function fitTiles(count: number, width: number, height: number, gap: number): { width: number; height: number } {
  if (count === 0 || width <= 0 || height <= 0) return { width: MAX_WIDTH, height: MAX_WIDTH / ASPECT };
  for (let cols = 1; cols <= count; cols++) {
    const w = Math.min(MAX_WIDTH, (width - gap * (cols - 1)) / cols);
    if (w < MIN_WIDTH) break;
    const rows = Math.ceil(count / cols);
    if (rows * (w / ASPECT) + gap * (rows - 1) <= height) {
      // The first fit is the widest (more columns only make tiles narrower).
      const h = Math.min(w / TALLEST, (height - gap * (rows - 1)) / rows);
      return { width: Math.floor(w), height: Math.floor(h) };
    }
  }
  return { width: MIN_WIDTH, height: Math.floor(MIN_WIDTH / ASPECT) };
}

/** Name lines sized from the tile (their CSS reads these), and how many characters fit. */
export function nameFit(tile: { width: number; height: number }, withSpark = false): { devicePx: number; signalPx: number; deviceChars: number; signalChars: number } {
  const inner = tile.width * 0.92;
  // A sparkline takes a fifth of the height: the name gives up some of its size for it.
  const scale = withSpark ? 0.8 : 1;
  const devicePx = Math.min(tile.height * 0.13 * scale, tile.width * 0.076);
  const signalPx = Math.min(tile.height * 0.17 * scale, tile.width * 0.088);
  // Average advance of capitals and digits in DejaVu-like sans (wide): ~0.7 em, ~0.76 em bold.
  return { devicePx, signalPx, deviceChars: Math.floor(inner / (devicePx * 0.7)), signalChars: Math.floor(inner / (signalPx * 0.76)) };
}

/** Sparklines need this much tile to be read; below it (a dense wall) tiles show none. */
const SPARK_MIN_TILE_HEIGHT = 130;
const SPARK_MIN_TILE_WIDTH = 190;
/** Share of the tile's height the sparkline takes. */
const SPARK_SHARE = 0.22;

/** A tile's content box in a column `columnWidth` wide: less its padding (4 % / 3 % of the tile width each side) and 3 px borders, as styles.css sets them. */
export function tileContent(tile: { width: number; height: number }, columnWidth: number): { width: number; height: number } {
  return { width: Math.max(0, columnWidth - 2 * 0.04 * tile.width - 6), height: Math.max(0, tile.height - 2 * 0.03 * tile.width - 6) };
}

/** The sparkline's size in px, or null when the tile is too small for one; `columnWidth` is the stretched column (wall-layout.ts). */
export function sparkFit(tile: { width: number; height: number }, columnWidth: number): { width: number; height: number } | null {
  if (tile.height < SPARK_MIN_TILE_HEIGHT || tile.width < SPARK_MIN_TILE_WIDTH || columnWidth <= 0) return null;
  return { width: Math.floor(tileContent(tile, columnWidth).width), height: Math.round(tile.height * SPARK_SHARE) };
}
