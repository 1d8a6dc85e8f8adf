/** Tile sizing and when sparklines fit (pure, runs in node). */
import { describe, expect, it } from "vitest";
import { fitTiles, nameFit, sparkFit } from "./fit-tiles.js";

describe("sparkFit", () => {
  it("gives 45 tiles on a 1920×1080 wall a sparkline as wide as the stretched column", () => {
    const area = { width: 1904, height: 860 };
    const tile = fitTiles(45, area.width, area.height, 8);
    const spark = sparkFit(tile, area.width, 8);
    expect(spark).not.toBeNull();
    const cols = Math.floor((area.width + 8) / (tile.width + 8));
    const column = (area.width - 8 * (cols - 1)) / cols;
    expect(spark!.width).toBeGreaterThan(tile.width * 0.85);
    expect(spark!.width).toBeLessThan(column);
    expect(spark!.height).toBe(Math.round(tile.height * 0.22));
  });

  it("gives a dense wall of 2,000 tiles none (too small to read)", () => {
    const tile = fitTiles(2000, 1904, 860, 8);
    expect(sparkFit(tile, 1904, 8)).toBeNull();
  });

  it("shrinks the name to make room for the sparkline", () => {
    const tile = { width: 300, height: 180 };
    expect(nameFit(tile, true).signalPx).toBeLessThan(nameFit(tile).signalPx);
    expect(nameFit(tile, true).signalChars).toBeGreaterThan(nameFit(tile).signalChars);
  });
});
