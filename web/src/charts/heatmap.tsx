/**
 * An image as a heatmap: rows of numbers drawn pixel by pixel with ImageData into a canvas
 * of the image's own size (scaled by CSS, pixelated), colours scaled min..max. Cells
 * without a value (null) are drawn grey so a hole is not mistaken for a low value.
 */
import { useEffect, useRef } from "preact/hooks";
import { COLORMAP, COLORMAP_GRADIENT } from "./colormap.js";
import "./charts.css";

export interface HeatmapProps {
  rows: ReadonlyArray<ReadonlyArray<number | null>>;
  min: number | null;
  max: number | null;
  label: string;
}

export function drawHeatmap(canvas: HTMLCanvasElement, rows: HeatmapProps["rows"], min: number, max: number): void {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  if (width === 0) return;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const img = ctx.createImageData(width, height);
  const px = img.data;
  const span = max > min ? max - min : 1;
  for (let y = 0; y < height; y++) {
    const row = rows[y]!;
    for (let x = 0; x < width; x++) {
      const v = row[x];
      const o = (y * width + x) * 4;
      if (v === null || v === undefined) {
        px[o] = px[o + 1] = px[o + 2] = 128;
      } else {
        const i = Math.max(0, Math.min(255, Math.round(((v - min) / span) * 255))) * 3;
        px[o] = COLORMAP[i]!;
        px[o + 1] = COLORMAP[i + 1]!;
        px[o + 2] = COLORMAP[i + 2]!;
      }
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}

export function Heatmap({ rows, min, max, label }: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) drawHeatmap(canvas.current, rows, min ?? 0, max ?? 0);
  }, [rows, min, max]);
  return (
    <figure class="heatmap">
      <canvas ref={canvas} class="heatmap-canvas" role="img" aria-label={label} data-testid="heatmap" />
      <figcaption class="heatmap-scale">
        <span>{min ?? "—"}</span>
        <span class="heatmap-bar" style={{ background: COLORMAP_GRADIENT }} aria-hidden="true" />
        <span>{max ?? "—"}</span>
      </figcaption>
    </figure>
  );
}
