/**
 * A perceptual colormap (viridis-like: dark violet → blue → green → yellow, monotonic in
 * lightness, readable by colour-blind viewers) as a 256-entry RGB lookup table.
 */
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [181, 222, 43],
  [253, 231, 37],
];

function buildLut(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const pos = (i / 255) * (STOPS.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(STOPS.length - 1, lo + 1);
    const f = pos - lo;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = STOPS[lo]![c]! + (STOPS[hi]![c]! - STOPS[lo]![c]!) * f;
  }
  return lut;
}

export const COLORMAP = buildLut();

/** CSS gradient of the same map, for the legend. */
export const COLORMAP_GRADIENT = `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(", ")})`;
