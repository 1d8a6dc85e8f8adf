/** Name shortening of the wall tiles (pure, runs in node). */
import { describe, expect, it } from "vitest";
import { splitName } from "../format.js";
import { commonPrefix, shortNames, shortNamesOf } from "./short-names.js";

describe("commonPrefix", () => {
  it("cuts the shared start right after a separator, never inside a word", () => {
    expect(commonPrefix(["S10CB02-RLLE-DSP:PHASE-VS", "S10CB02-RKLY-DCP10:FOR-AMPLT", "S10CB02-RACC100-DCP10:FOR-PHASE"])).toBe("S10CB02-");
    // "S10" is shared, but S10-… / S10BC01-… differ right after it: no separator, nothing dropped.
    expect(commonPrefix(["S10-CVME-TIFALL1:PULSE-ID", "S10BC01-DBCM310:CH1-RANGE"])).toBe("");
  });

  it("drops a whole shared device, colon included, so tiles show the signals", () => {
    expect(commonPrefix(["SARFE10-PBPG050:HAMP-INTENSITY-CAL", "SARFE10-PBPG050:HAMP-INTENSITY-AVG", "SARFE10-PBPG050:PHOTON-ENERGY"])).toBe("SARFE10-PBPG050:");
  });

  it("leaves every name something to show", () => {
    // The shared start "SAR-A:X" is one name whole; back off to the separator before it.
    expect(commonPrefix(["SAR-A:X", "SAR-A:X-AVG"])).toBe("SAR-A:");
    expect(commonPrefix(["SAR-A:", "SAR-A:B"])).toBe("SAR-");
    expect(commonPrefix(["A:", "A:B"])).toBe("");
  });

  it("keeps the full name for one channel, none, or names with nothing in common", () => {
    expect(commonPrefix(["SARFE10-PBPG050:HAMP-INTENSITY-CAL"])).toBe("");
    expect(commonPrefix([])).toBe("");
    expect(commonPrefix(["SARFE10-PBPG050:A", "SLAAR21-LMOT:B"])).toBe("");
    expect(commonPrefix(["SAME:X", "SAME:X"])).toBe("SAME:");
  });
});

describe("shortNames", () => {
  it("shows what differs: the device part after the shared section, then the signal", () => {
    const names = ["SARFE10-PBPG050:HAMP-INTENSITY-CAL", "SARFE10-PSSS059:SPECTRUM-Y", "SARFE10-PBIG050-EVR0:CALCI"];
    const s = shortNames(names);
    expect(s.prefix).toBe("SARFE10-");
    expect(names.map(s.short)).toEqual(["PBPG050:HAMP-INTENSITY-CAL", "PSSS059:SPECTRUM-Y", "PBIG050-EVR0:CALCI"]);
    expect(splitName(s.short(names[0]!))).toEqual({ device: "PBPG050", signal: "HAMP-INTENSITY-CAL" });
  });

  it("leaves a name of another set (not starting with the prefix) whole", () => {
    const s = shortNames(["X-A:1", "X-B:2"]);
    expect(s.short("Y-C:3")).toBe("Y-C:3");
  });

  it("a shortened name without a device still splits into one signal line, middle-elided when long", () => {
    const s = shortNames(["SARFE10-PBPG050:PHOTON-ENERGY-PER-PULSE-AVG", "SARFE10-PBPG050:HAMP-RMS"]);
    expect(s.prefix).toBe("SARFE10-PBPG050:");
    const { device, signal } = splitName(s.short("SARFE10-PBPG050:PHOTON-ENERGY-PER-PULSE-AVG"), 12, 16);
    expect(device).toBe("");
    expect(signal).toHaveLength(16);
    expect(signal.startsWith("PHOTON")).toBe(true);
    expect(signal.endsWith("-AVG")).toBe(true);
  });

  it("computes once per names array", () => {
    const names = ["A-1:X", "A-2:Y"];
    expect(shortNamesOf(names)).toBe(shortNamesOf(names));
    expect(shortNamesOf([...names])).not.toBe(shortNamesOf(names));
  });
});
