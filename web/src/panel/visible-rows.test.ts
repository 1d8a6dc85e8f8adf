import { describe, expect, it } from "vitest";
import { visibleRows } from "./visible-rows.js";

const tile = { width: 170, height: 100 };

describe("visibleRows", () => {
  it("renders every row until the view is measured", () => {
    expect(visibleRows(2000, tile, 1900, 8, 0, 0)).toMatchObject({ first: 0, last: 199 });
  });

  it("a view at the top: the rows on screen plus one", () => {
    // 1900 px: 10 columns of 170 + 8; 1000 px high: rows 0..9 partly on screen (pitch 108).
    const w = visibleRows(2000, tile, 1900, 8, 0, 1000);
    expect(w).toMatchObject({ columns: 10, rows: 200, pitch: 108, first: 0 });
    expect(w.last).toBe(Math.ceil(1000 / 108) + 1);
  });

  it("scrolled: one row of overscan above, the last row never past the end", () => {
    const mid = visibleRows(2000, tile, 1900, 8, 108 * 50 + 20, 1000);
    expect(mid.first).toBe(49);
    expect(mid.last).toBe(Math.ceil((108 * 50 + 20 + 1000) / 108) + 1);
    const end = visibleRows(2000, tile, 1900, 8, 108 * 199, 1000);
    expect(end.last).toBe(199);
  });

  it("a set that fits renders whole; an empty one renders nothing", () => {
    expect(visibleRows(45, { width: 230, height: 150 }, 1900, 8, 0, 1000)).toMatchObject({ first: 0, last: 5, rows: 6 });
    expect(visibleRows(0, tile, 1900, 8, 0, 1000).last).toBe(-1);
  });
});
