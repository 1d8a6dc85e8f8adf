import { describe, expect, it } from "vitest";
import { SHELVE_MAX_MS, shelveUntil, toDateTimeLocal } from "./shelve-expiry.js";

const NOW = new Date(2026, 10, 21, 12, 0, 0).getTime();

describe("shelveUntil", () => {
  it("adds a preset's duration to now", () => {
    expect(shelveUntil("30m", "", NOW)).toEqual({ until: NOW + 30 * 60_000 });
    expect(shelveUntil("2h", "", NOW)).toEqual({ until: NOW + 2 * 3_600_000 });
    expect(shelveUntil("8h", "", NOW)).toEqual({ until: NOW + 8 * 3_600_000 });
  });

  it("reads a date-time input as local time", () => {
    expect(shelveUntil("date", "2026-11-21T18:30", NOW)).toEqual({ until: new Date(2026, 10, 21, 18, 30).getTime() });
  });

  it("refuses an empty, unreadable, past, too near or too far end", () => {
    expect(shelveUntil("date", "", NOW)).toEqual({ error: "choose an end date and time" });
    expect(shelveUntil("date", "tomorrow", NOW)).toEqual({ error: '"tomorrow" is not a date and time' });
    expect(shelveUntil("date", "2026-11-21T11:00", NOW)).toMatchObject({ error: expect.stringContaining("future") });
    expect(shelveUntil("date", "2026-11-21T12:00", NOW)).toMatchObject({ error: expect.stringContaining("future") });
    expect(shelveUntil("date", toDateTimeLocal(NOW + SHELVE_MAX_MS + 60_000), NOW)).toEqual({ error: "a shelve lasts at most 7 days" });
  });

  it("round-trips toDateTimeLocal to the minute", () => {
    const t = new Date(2026, 10, 23, 3, 4).getTime();
    expect(toDateTimeLocal(t)).toBe("2026-11-23T03:04");
    expect(shelveUntil("date", toDateTimeLocal(t), NOW)).toEqual({ until: t });
  });
});
