/**
 * Sparkline colours per tile level, from the theme's CSS variables (a canvas cannot use
 * var()). Each set must read on its tile's fill: the line in the tile's text colour, gaps in
 * a colour that stands out on that fill, no-data as a translucent band. Read once per theme;
 * a theme switch tells the sparklines to repaint.
 */
import type { Level } from "../types.js";

export interface SparkPalette {
  line: string;
  expected: string;
  gap: string;
  /** No-data periods: thin diagonal stripes (calm, but never mistaken for a rate). */
  unknown: CanvasPattern | string;
}

/** Diagonal stripes in `color`, in device pixels. */
function stripes(color: string): CanvasPattern | string {
  const size = Math.round(6 * devicePixelRatio);
  const tile = document.createElement("canvas");
  tile.width = size;
  tile.height = size;
  const ctx = tile.getContext("2d");
  if (!ctx) return color;
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(1, 1.5 * devicePixelRatio);
  ctx.beginPath();
  // One stripe corner to corner, plus the two halves that make it seamless when repeated.
  ctx.moveTo(0, size);
  ctx.lineTo(size, 0);
  ctx.moveTo(-size / 2, size / 2);
  ctx.lineTo(size / 2, -size / 2);
  ctx.moveTo(size / 2, size * 1.5);
  ctx.lineTo(size * 1.5, size / 2);
  ctx.stroke();
  return ctx.createPattern(tile, "repeat") ?? color;
}

let cached: { theme: string | undefined; palettes: Record<Level, SparkPalette> } | undefined;
const listeners = new Set<() => void>();
let watching = false;

/** #rrggbb (or #rgb) with an alpha; anything else is returned as it is. */
function withAlpha(color: string, alpha: number): string {
  const hex = color.trim().replace(/^#/, "");
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) return color.trim();
  const n = parseInt(full, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function read(): Record<Level, SparkPalette> {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim() || "#888888";
  return {
    ok: { line: v("--ok-text"), expected: withAlpha(v("--muted"), 0.9), gap: v("--error-bg"), unknown: stripes(withAlpha(v("--unknown-bg"), 0.9)) },
    warning: { line: v("--warning-text"), expected: withAlpha(v("--warning-text"), 0.55), gap: v("--error-bg"), unknown: stripes(withAlpha(v("--warning-text"), 0.45)) },
    error: { line: v("--error-text"), expected: withAlpha(v("--error-text"), 0.6), gap: "rgba(0, 0, 0, 0.7)", unknown: stripes(withAlpha(v("--error-text"), 0.45)) },
    unknown: { line: v("--unknown-text"), expected: withAlpha(v("--unknown-text"), 0.55), gap: v("--warning-bg"), unknown: stripes(withAlpha(v("--unknown-text"), 0.45)) },
  };
}

function watchTheme(): void {
  if (watching) return;
  watching = true;
  new MutationObserver(() => {
    cached = undefined;
    for (const l of listeners) l();
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
}

export function paletteOf(level: Level): SparkPalette {
  watchTheme();
  const theme = document.documentElement.dataset.theme;
  if (!cached || cached.theme !== theme) cached = { theme, palettes: read() };
  return cached.palettes[level];
}

/** Called after a theme switch (colours changed). */
export function onPaletteChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
