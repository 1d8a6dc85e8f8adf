import { describe, expect, it } from "vitest";
import type { Alert, Channel } from "../types.js";
import { FloodWindow, freshAlerts, nagAnnouncement, nagLevel, readableName, summarize, type NewAlert } from "./announcements.js";
import { parseSoundOptions } from "./sound-options.js";

function channel(name: string, alert: Partial<Alert> = {}): Channel {
  return {
    name,
    status: alert.state === "active" ? (alert.level ?? "error") : "ok",
    reasons: [],
    metrics: { expectedHz: 100, rateHz: 100, missingPercent: 0, lastValueAgeMs: 10, lastValuePulse: 1 },
    alert: { state: "none", acknowledged: false, silenced: false, ...alert },
    source: null,
    backend: "sf-databuffer",
  };
}
const active = (name: string, level: "error" | "warning" = "error", raisedAt = "2026-01-01T00:00:00Z") => channel(name, { state: "active", level, raisedAt });
const errors = (names: string[]): NewAlert[] => names.map((name) => ({ name, level: "error" }));

describe("readableName", () => {
  it("turns separators into spaces", () => {
    expect(readableName("SARFE10-PBPG050:PHOTON-ENERGY_PER.PULSE")).toBe("SARFE10 PBPG050 PHOTON ENERGY PER PULSE");
  });
});

describe("freshAlerts", () => {
  it("reports each raised alert once, ignores acknowledged and silenced ones", () => {
    const seen = new Set<string>();
    const a = active("S10-A:X");
    const b = channel("S10-B:X", { state: "active", level: "error", acknowledged: true });
    const c = channel("S10-C:X", { state: "active", level: "warning", silenced: true });
    expect(freshAlerts([a, b, c, channel("S10-D:X")], seen)).toEqual([{ name: "S10-A:X", level: "error" }]);
    expect(freshAlerts([a, b, c], seen)).toEqual([]);
  });

  it("a recovered alert is no news; raised again later (new time) it is", () => {
    const seen = new Set<string>();
    freshAlerts([active("S10-A:X")], seen);
    expect(freshAlerts([channel("S10-A:X", { state: "recovered", level: "error" })], seen)).toEqual([]);
    expect(freshAlerts([active("S10-A:X", "error", "2026-01-01T00:05:00Z")], seen)).toEqual([{ name: "S10-A:X", level: "error" }]);
  });

  it("a warning that becomes an error is news", () => {
    const seen = new Set<string>();
    freshAlerts([active("S10-A:X", "warning")], seen);
    expect(freshAlerts([active("S10-A:X", "error")], seen)).toEqual([{ name: "S10-A:X", level: "error" }]);
  });
});

describe("summarize", () => {
  it("names a single channel with its level", () => {
    expect(summarize([{ name: "SARFE10-PBPG050:ENERGY", level: "warning" }])).toEqual({
      level: "warning",
      text: "warning: SARFE10-PBPG050:ENERGY",
      speech: "warning: SARFE10 PBPG050 ENERGY",
    });
  });

  it("collapses a flood of one section into one sentence with the shared prefix", () => {
    const names = Array.from({ length: 12 }, (_, i) => `SARFE10-PBPG050:SIGNAL-${i}`);
    expect(summarize(errors(names))).toEqual({ level: "error", text: "12 channels of SARFE10-PBPG050 failed", speech: "12 channels of SARFE10 PBPG050 failed" });
    expect(summarize(errors(["SARFE10-PBPG050:A", "SARFE10-OAPU044:B"]))!.text).toBe("2 channels of SARFE10 failed");
  });

  it("groups by section and level, errors first, biggest first, and counts what is not named", () => {
    const alerts: NewAlert[] = [
      ...errors(["SINEG01-A:X", "SINEG01-B:X"]),
      ...errors(["SARFE10-A:X", "SARFE10-B:X", "SARFE10-C:X"]),
      { name: "SATUN01-A:X", level: "warning" },
      { name: "SATUN01-B:X", level: "warning" },
      ...errors(["S30CB01-A:X"]),
      ...errors(["S10BC02-A:X", "S10BC02-B:Y"]),
    ];
    const a = summarize(alerts)!;
    expect(a.level).toBe("error");
    expect(a.text).toBe("3 channels of SARFE10 failed; 2 channels of SINEG01 failed; 2 channels of S10BC02 failed; and 3 more channels");
  });

  it("says nothing for no alerts", () => {
    expect(summarize([])).toBeNull();
  });
});

describe("nag", () => {
  it("repeats while an alert (active or recovered) waits for acknowledgement, worst level first", () => {
    const warn = active("S10-A:X", "warning");
    const recovered = channel("S10-B:X", { state: "recovered", level: "error" });
    expect(nagLevel([warn])).toBe("warning");
    expect(nagLevel([warn, recovered])).toBe("error");
    expect(nagAnnouncement([warn])).toEqual({ level: "warning", text: "not acknowledged: S10-A:X", speech: "not acknowledged: S10 A X" });
    expect(nagAnnouncement([warn, recovered])!.text).toBe("2 alerts not acknowledged");
  });

  it("stops once acknowledged or shelved", () => {
    expect(nagAnnouncement([channel("S10-A:X", { state: "active", level: "error", acknowledged: true })])).toBeNull();
    expect(nagAnnouncement([channel("S10-A:X", { state: "active", level: "error", silenced: true })])).toBeNull();
    expect(nagAnnouncement([channel("S10-A:X")])).toBeNull();
  });
});

describe("FloodWindow", () => {
  it("holds alerts until the window from the first one closes, then hands them over once", () => {
    const w = new FloodWindow(2000);
    expect(w.dueAt).toBeNull();
    w.add(errors(["S10-A:X"]), 1000);
    w.add(errors(["S10-B:X"]), 2500);
    expect(w.dueAt).toBe(3000);
    expect(w.take(2999)).toEqual([]);
    expect(w.take(3000).map((a) => a.name)).toEqual(["S10-A:X", "S10-B:X"]);
    expect(w.take(9000)).toEqual([]);
    expect(w.dueAt).toBeNull();
  });

  it("keeps a channel once at its latest level and drops what was acknowledged meanwhile", () => {
    const w = new FloodWindow(2000);
    w.add([{ name: "S10-A:X", level: "warning" }, ...errors(["S10-B:X"])], 0);
    w.add(errors(["S10-A:X"]), 100);
    w.drop((name) => name !== "S10-B:X");
    expect(w.take(2000)).toEqual([{ name: "S10-A:X", level: "error" }]);
    w.add(errors(["S10-C:X"]), 3000);
    w.drop(() => false);
    expect(w.dueAt).toBeNull();
  });
});

describe("parseSoundOptions", () => {
  it("URL wins over the remembered speech setting; nag in seconds", () => {
    expect(parseSoundOptions(new URLSearchParams(""), null)).toEqual({ speak: false, nagMs: 30_000, problems: [] });
    expect(parseSoundOptions(new URLSearchParams(""), "1").speak).toBe(true);
    expect(parseSoundOptions(new URLSearchParams("speak=0"), "1").speak).toBe(false);
    expect(parseSoundOptions(new URLSearchParams("speak=1&nag=5"), "0")).toEqual({ speak: true, nagMs: 5000, problems: [] });
  });

  it("says which URL options it ignored and why", () => {
    const o = parseSoundOptions(new URLSearchParams("speak=yes&nag=0.5"), null);
    expect(o).toMatchObject({ speak: false, nagMs: 30_000 });
    expect(o.problems).toEqual(["speak=yes ignored: use speak=1 or speak=0", "nag=0.5 ignored: seconds from 2 to 3600"]);
    expect(parseSoundOptions(new URLSearchParams("nag="), null).problems).toHaveLength(1);
    expect(parseSoundOptions(new URLSearchParams("nag=abc"), null).problems).toHaveLength(1);
  });
});
