/** Tile and header positions of the wall, and which tiles a scrolled view renders (pure, runs in node). */
import { describe, expect, it } from "vitest";
import { layoutWall, tileBox, visibleTiles, type Box } from "./wall-layout.js";

const tile = { width: 170, height: 100 };
const GAP = 8;

function boxes(sizes: number[], width: number, header = 0): Box[][] {
  const layout = layoutWall(sizes, tile, width, GAP, header);
  return sizes.map((n, g) => Array.from({ length: n }, (_, i) => tileBox(layout, g, i)));
}

describe("layoutWall / tileBox", () => {
  it("stretches columns to fill the width exactly, with even gaps and widths within 1 px", () => {
    // 1905 px: 10 columns of at least 170 (+8); stretched to 183.3 px.
    const layout = layoutWall([25], tile, 1905, GAP, 0);
    expect(layout.columns).toBe(10);
    const row = boxes([25], 1905)[0]!.slice(0, 10);
    expect(row[0]!.left).toBe(0);
    expect(row[9]!.left + row[9]!.width).toBe(1905);
    for (let i = 1; i < row.length; i++) expect(row[i]!.left - (row[i - 1]!.left + row[i - 1]!.width)).toBe(GAP);
    const widths = row.map((b) => b.width);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(tile.width);
  });

  it("places rows a tile height plus a gap apart; the wall is as high as its rows, no gap after the last", () => {
    const layout = layoutWall([25], tile, 1905, GAP, 0);
    const all = boxes([25], 1905)[0]!;
    expect(all[10]).toMatchObject({ left: 0, top: 108, height: 100 });
    expect(all[24]!.top).toBe(216);
    expect(layout.height).toBe(3 * 100 + 2 * GAP);
  });

  it("never overlaps two tiles, and keeps set order left to right, top to bottom", () => {
    const all = boxes([37], 1000)[0]!;
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1]!;
      const b = all[i]!;
      expect(b.top > a.top || b.left >= a.left + a.width + GAP).toBe(true);
      if (b.top > a.top) expect(b.top).toBeGreaterThanOrEqual(a.top + a.height + GAP);
    }
  });

  it("gives each group a header above its own rows", () => {
    const layout = layoutWall([12, 3], tile, 1905, GAP, 40);
    expect(layout.groups).toEqual([
      { headerTop: 0, top: 40, count: 12, rows: 2 },
      { headerTop: 40 + 2 * 108, top: 40 + 2 * 108 + 40, count: 3, rows: 1 },
    ]);
    expect(tileBox(layout, 1, 0)).toMatchObject({ left: 0, top: 296 });
    expect(layout.height).toBe(296 + 100);
  });

  it("one column on a screen narrower than a tile fills it; nothing to place is height 0", () => {
    const layout = layoutWall([3], tile, 120, GAP, 0);
    expect(layout.columns).toBe(1);
    expect(tileBox(layout, 0, 2)).toEqual({ left: 0, top: 216, width: 120, height: 100 });
    expect(layoutWall([], tile, 1905, GAP, 0).height).toBe(0);
    expect(layoutWall([0], tile, 1905, GAP, 0).height).toBe(0);
  });
});

describe("visibleTiles", () => {
  // 10 columns, 200 rows of pitch 108.
  const wall = layoutWall([2000], tile, 1905, GAP, 0);

  it("renders every tile until the view is measured", () => {
    expect(visibleTiles(wall, 0, 0, 0)).toEqual({ start: 0, end: 2000 });
  });

  it("a view at the top: the rows on screen plus one", () => {
    // 1000 px: rows 0..9 are (partly) on screen; one more below.
    expect(visibleTiles(wall, 0, 0, 1000)).toEqual({ start: 0, end: 110 });
  });

  it("scrolled: a row of overscan above and below, never past the end", () => {
    // From 108 × 50 + 20: rows 50..59 on screen.
    expect(visibleTiles(wall, 0, 108 * 50 + 20, 1000)).toEqual({ start: 490, end: 610 });
    expect(visibleTiles(wall, 0, 108 * 195, 1000)).toEqual({ start: 1940, end: 2000 });
  });

  it("a group scrolled out of view renders nothing; the one in view only its rows on screen", () => {
    const grouped = layoutWall([500, 500], tile, 1905, GAP, 40);
    // The second group starts at 40 + 50 × 108 + 40 = 5480; a view from 6000 for 500 px.
    expect(visibleTiles(grouped, 0, 6000, 500)).toEqual({ start: 0, end: 0 });
    const second = visibleTiles(grouped, 1, 6000, 500);
    // Rows 4..9 of the second group (520 px into it) are on screen, plus one each side.
    expect(second).toEqual({ start: 30, end: 110 });
  });
});
