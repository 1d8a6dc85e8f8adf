/** Tile sizing and when sparklines fit (pure, runs in node). */
import { describe, expect, it } from "vitest";
import { fitTiles, nameFit, sparkFit } from "./fit-tiles.js";
import { layoutWall } from "./wall-layout.js";

describe("sparkFit", () => {
  it("gives 45 tiles on a 1920×1080 wall a sparkline as wide as the stretched column", () => {
    const area = { width: 1904, height: 860 };
    const tile = fitTiles(45, area.width, area.height, 8);
    const column = layoutWall([45], tile, area.width, 8, 0).columnWidth;
    const spark = sparkFit(tile, column);
    expect(spark).not.toBeNull();
    expect(spark!.width).toBeGreaterThan(tile.width * 0.85);
    expect(spark!.width).toBeLessThan(column);
    expect(spark!.height).toBe(Math.round(tile.height * 0.22));
  });

  it("gives a dense wall of 2,000 tiles none (too small to read)", () => {
    const tile = fitTiles(2000, 1904, 860, 8);
    expect(sparkFit(tile, layoutWall([2000], tile, 1904, 8, 0).columnWidth)).toBeNull();
  });

  it("shrinks the name to make room for the sparkline", () => {
    const tile = { width: 300, height: 180 };
    expect(nameFit(tile, true).signalPx).toBeLessThan(nameFit(tile).signalPx);
    expect(nameFit(tile, true).signalChars).toBeGreaterThan(nameFit(tile).signalChars);
  });
});
