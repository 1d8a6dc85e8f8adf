/**
 * The emulator's channel catalog: a deterministic, SwissFEL-like set of bsread channels
 * grouped by source IOC, built from a small table of device families.
 *
 * How a catalog is built (all choices come from one seeded PRNG, so a seed always gives
 * the same catalog):
 * 1. The requested channel count N is split between the families by their `share`.
 * 2. Each family turns its budget into sources: an IOC in one of its sections serving a
 *    few whole devices (the number skewed towards small IOCs), every device carrying the
 *    family's signals. Only the last source of a family may end with a device cut short,
 *    so that the budget is met exactly.
 * 3. Whatever a family cannot place (its sections are full, or fewer than 5 channels are
 *    left) passes to the next one; the last families are "flexible" ones (BPMs, BLMs,
 *    motors) that can make any source size, so the catalog has exactly N channels.
 *
 * Guarantees: exactly N channels (default 2,000); unique names; every source has 5..200
 * channels (except a catalog of fewer than 5 channels, which is one smaller source);
 * images only on `sf-imagebuffer`; `0 <= offset < modulo`. Capacity is about 250,000
 * channels (99 devices per family and section); beyond it `buildCatalog` throws a RangeError.
 */
import type { BsreadType } from "../bsread/index.js";
import type { Backend, Catalog, CatalogOptions, SignalKind, SimChannel, SimSource } from "./channel-spec.js";
import { SeededRandom, hash2, hashString, mix32 } from "./seeded-random.js";

export const DEFAULT_CHANNEL_COUNT = 2000;
export const DEFAULT_CATALOG_SEED = 1;
export const MIN_SOURCE_CHANNELS = 5;
export const MAX_SOURCE_CHANNELS = 200;

/** Camera frame sizes [width, height] (fastest dimension first), kept small on purpose. */
export const IMAGE_SIZES: readonly (readonly [number, number])[] = [
  [128, 96],
  [160, 120],
  [192, 144],
  [256, 192],
  [320, 240],
];

// ---------------------------------------------------------------------------------------
// Sections of the machine (real SwissFEL section names)

function sections(prefix: string, from: number, to: number, skip: readonly number[] = []): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) if (!skip.includes(i)) out.push(`${prefix}${String(i).padStart(2, "0")}`);
  return out;
}

const INJECTOR = ["SINEG01", ...sections("SINSB", 1, 5), ...sections("SINLH", 1, 3), "SINXB01", ...sections("SINBC", 1, 2), ...sections("SINDI", 1, 2)];
const LINAC1 = [...sections("S10CB", 1, 9), "S10BD01", "S10DI01", ...sections("S10BC", 1, 2), "S10MA01"];
const LINAC2_3 = [...sections("S20CB", 1, 4), ...sections("S20SY", 1, 3), ...sections("S30CB", 1, 15)];
const ARAMIS_E = [...sections("SARCL", 1, 2), ...sections("SARMA", 1, 2), ...sections("SARUN", 1, 20), ...sections("SARBD", 1, 2)];
const ATHOS_E = [
  ...sections("SATSY", 1, 3),
  ...sections("SATCL", 1, 2),
  "SATDI01",
  "SATCB01",
  ...sections("SATMA", 1, 2),
  ...sections("SATUN", 1, 22),
  ...sections("SATBD", 1, 2),
];
/** Sections with electron beam diagnostics. */
const ELECTRON = [...INJECTOR, ...LINAC1, ...LINAC2_3, ...ARAMIS_E, ...ATHOS_E];
/** RF stations (one LLRF IOC each). */
const RF_STATIONS = ["SINEG01", ...sections("SINSB", 1, 4), "SINXB01", "SINDI02", ...sections("S10CB", 1, 9), ...sections("S20CB", 1, 4), ...sections("S30CB", 1, 15), "SATCB01", "SATMA02"];
const UNDULATORS = [...sections("SARUN", 3, 15), ...sections("SATUN", 6, 22, [14])];
const PHOTON_FRONTEND = ["SARFE10", "SATFE10"];
const PHOTON_OPTICS = ["SAROP11", "SAROP21", "SAROP31", "SATOP11", "SATOP21", "SATOP31"];
const ENDSTATIONS = ["SARES11", "SARES12", "SARES20", "SARES21", "SARES22", "SARES23", "SATES21", "SATES22", "SATES31"];
const PHOTON = [...PHOTON_FRONTEND, ...PHOTON_OPTICS, ...ENDSTATIONS];
const LASER = ["SLAAR01", "SLAAR02", "SLAAR11", "SLAAR21", "SLAAR31"];
/** Timing areas: event receiver IOCs are named per area, e.g. SAR-CVME-TIFALL5. */
const TIMING_AREAS = ["SIN", "S10", "S20", "S30", "SAR", "SAT"];

// ---------------------------------------------------------------------------------------
// Device families

interface SignalTemplate {
  readonly signal: string;
  readonly type: BsreadType;
  readonly kind: SignalKind;
  /** Waveform length, or "image" for a camera frame (size chosen per camera). Absent: scalar. */
  readonly shape?: number | "image";
  /** Fraction of devices that carry this signal (default: all). */
  readonly share?: number;
  /** A slower rate than the source's, e.g. 100 for a 1 Hz readback. */
  readonly modulo?: number;
}

type SignalExtras = Pick<SignalTemplate, "shape" | "share" | "modulo">;

function sig(signal: string, type: BsreadType, kind: SignalKind, extras: SignalExtras = {}): SignalTemplate {
  return { signal, type, kind, ...extras };
}

/** The same template for several signal names. */
function sigs(names: readonly string[], type: BsreadType, kind: SignalKind, extras: SignalExtras = {}): SignalTemplate[] {
  return names.map((name) => sig(name, type, kind, extras));
}

/** How a family names its devices. */
type DeviceLayout =
  /** Up to 99 devices per section, `SECTION-<name(index)>` with a 3-digit position index (010..999). */
  | { readonly kind: "indexed"; readonly name: (section: string, index: string, slot: number) => string; readonly signals: readonly SignalTemplate[] }
  /** A fixed device list per section (e.g. an RF station), `SECTION-<name>`. */
  | {
      readonly kind: "fixed";
      readonly devices: readonly { readonly name: string; readonly signals: readonly SignalTemplate[]; readonly where?: (section: string) => boolean }[];
    }
  /** The IOC itself is the device: `<HOST>:<signal>` (event receivers, digitizers). */
  | { readonly kind: "ioc"; readonly signals: readonly SignalTemplate[] };

/** Source address style: a VME IOC `tcp://SECTION-CVME-<code><n>:<port>`, or a camera server. */
type HostStyle = { readonly kind: "ioc"; readonly code: string; readonly port: number } | { readonly kind: "camera" };

interface FamilyTemplate {
  readonly id: string;
  readonly backend: Backend;
  readonly sections: readonly string[];
  /** Relative share of the catalog's channels. */
  readonly share: number;
  /** Whole devices per source, [min, max]; the count drawn is skewed towards small sources. */
  readonly devicesPerSource: readonly [number, number];
  /** Source rates as [modulo, weight]; the offset is drawn per source. */
  readonly rates: readonly (readonly [number, number])[];
  readonly host: HostStyle;
  readonly layout: DeviceLayout;
  /** Can make any source size 5..200 and takes what other families could not place. */
  readonly flexible?: boolean;
}

const ioc = (code: string, port = 9999): HostStyle => ({ kind: "ioc", code, port });
const EVERY_PULSE: readonly (readonly [number, number])[] = [[1, 1]];

/** RF station devices: the LLRF DSP and the klystron / structure / gun pickups. */
const RF_PICKUP = [
  ...sigs(["FOR-AMPLT-AVG", "FOR-PHASE-AVG", "REF-AMPLT-AVG", "REF-PHASE-AVG"], "float64", "noise"),
  ...sigs(["FOR-AMPLT", "FOR-PHASE"], "float32", "noise"),
  ...sigs(["FOR-AMPLT-WF", "FOR-PHASE-WF"], "float32", "waveform", { shape: 2048, share: 0.4 }),
];
const isCBand = (s: string): boolean => /^S[123]0CB/.test(s);

/** Channels of one WaveDream digitizer link (photon BPM IOCs). */
const digitizerSignals = (channels: number): SignalTemplate[] => {
  const out: SignalTemplate[] = [];
  for (let ch = 0; ch < channels; ch++) {
    const p = `Lnk9Ch${ch}`;
    out.push(
      sig(`${p}-DATA-SUM`, "float64", "noise"),
      sig(`${p}-BG-DATA-SUM`, "float64", "noise"),
      sig(`${p}-PULSEID-valid`, "bool", "flag"),
      sig(`${p}-DATA`, "float32", "waveform", { shape: 1024, share: 0.5 }),
    );
  }
  return out;
};

export const FAMILIES: readonly FamilyTemplate[] = [
  {
    id: "llrf",
    backend: "sf-databuffer",
    sections: RF_STATIONS,
    share: 9,
    devicesPerSource: [8, 8],
    rates: EVERY_PULSE,
    host: ioc("LLRF", 20000),
    layout: {
      kind: "fixed",
      devices: [
        {
          name: "RLLE-DSP",
          signals: [
            ...sigs(["PHASE-VS", "AMPLT-VS"], "float64", "noise"),
            sig("VOLT-VS", "float64", "ramp"),
            sig("SM-STATE", "uint16", "status"),
            sig("RF-STATE", "string", "text"),
            sig("PULSE-ID", "int64", "counter"),
          ],
        },
        { name: "RGUN-DCP10", signals: RF_PICKUP, where: (s) => s === "SINEG01" },
        { name: "RKLY-DCP10", signals: RF_PICKUP },
        { name: "RACC100-DCP10", signals: RF_PICKUP, where: (s) => s !== "SINEG01" },
        { name: "RACC200-DCP10", signals: RF_PICKUP, where: (s) => s !== "SINEG01" },
        { name: "RACC300-DCP10", signals: RF_PICKUP, where: isCBand },
        { name: "RACC400-DCP10", signals: RF_PICKUP, where: isCBand },
      ],
    },
  },
  {
    id: "undulator",
    backend: "sf-databuffer",
    sections: UNDULATORS,
    share: 2,
    devicesPerSource: [1, 1],
    rates: [[10, 1]],
    host: ioc("UIND"),
    layout: {
      kind: "fixed",
      devices: [
        {
          name: "UIND030",
          signals: [
            ...sigs(["K_SET", "K_READ", "GAP-READ"], "float64", "ramp"),
            sig("MOVING", "bool", "flag"),
            sig("STATUS", "uint16", "status"),
            sig("STATE", "string", "text"),
            sig("TEMP", "float32", "ramp", { modulo: 100 }),
          ],
        },
      ],
    },
  },
  {
    id: "bunch-compression-monitor",
    backend: "sf-databuffer",
    sections: ["SINBC01", "SINBC02", "S10BC01", "S10BC02", "S10MA01", "SARCL02", "SATCL01", "SATDI01"],
    share: 2,
    devicesPerSource: [1, 4],
    rates: EVERY_PULSE,
    host: ioc("DBCM"),
    layout: {
      kind: "indexed",
      name: (_s, index) => `DBCM${index}`,
      signals: [...sigs(["LM-AG-CH1-B1", "LM-AG-CH1-B2", "LM-AG-CH2-B1", "LM-AG-CH2-B2"], "float64", "noise"), ...sigs(["CH1-RANGE", "CH2-RANGE"], "int32", "status")],
    },
  },
  {
    id: "photon-bpm",
    backend: "sf-databuffer",
    sections: PHOTON,
    share: 6,
    devicesPerSource: [1, 3],
    rates: EVERY_PULSE,
    host: ioc("PBPS"),
    layout: {
      kind: "indexed",
      name: (_s, index) => `PBPS${index}`,
      signals: [...sigs(["INTENSITY", "XPOS", "YPOS", "INTENSITY-UJ"], "float64", "noise"), ...sigs(["PP_VAL_PD0", "PP_VAL_PD1", "PP_VAL_PD2", "PP_VAL_PD3"], "float32", "noise")],
    },
  },
  {
    id: "photon-bpm-digitizer",
    backend: "sf-databuffer",
    sections: PHOTON,
    share: 5,
    devicesPerSource: [1, 1],
    rates: EVERY_PULSE,
    host: ioc("PBPS"),
    layout: { kind: "ioc", signals: digitizerSignals(8) },
  },
  {
    id: "gas-detector",
    backend: "sf-databuffer",
    sections: PHOTON_FRONTEND,
    share: 1.5,
    devicesPerSource: [1, 2],
    rates: EVERY_PULSE,
    host: ioc("PBPG"),
    layout: {
      kind: "indexed",
      name: (_s, index) => `PBPG${index}`,
      signals: [
        ...sigs(
          ["PHOTON-ENERGY-PER-PULSE-AVG", "PHOTON-ENERGY-PER-PULSE-US", "PHOTON-ENERGY-PER-PULSE-DS", "HAMP-INTENSITY-AVG", "HAMP-INTENSITY-CAL", "FCUP-INTENSITY-CAL"],
          "float64",
          "noise",
        ),
        sig("PRESSURE", "float64", "ramp", { modulo: 100 }),
        sig("INTENSITY-VALID", "bool", "flag"),
      ],
    },
  },
  {
    id: "spectrometer",
    backend: "sf-databuffer",
    sections: ["SARFE10", "SAROP21", "SATOP21", "SATOP31"],
    share: 1.5,
    devicesPerSource: [1, 2],
    rates: EVERY_PULSE,
    host: ioc("PSSS"),
    layout: {
      kind: "indexed",
      name: (s, index) => (s.startsWith("SAT") ? `PMOS${index}-2D` : `PSSS${index}`),
      signals: [
        sig("SPECTRUM_X", "float64", "ramp", { shape: 2048 }),
        sig("SPECTRUM_Y", "float64", "spectrum", { shape: 2048 }),
        sig("SPECTRUM_CENTER", "float64", "ramp"),
        sig("SPECTRUM_FWHM", "float64", "noise"),
        sig("PROCESSING_STATE", "int32", "status"),
      ],
    },
  },
  {
    id: "event-receiver",
    backend: "sf-databuffer",
    sections: TIMING_AREAS,
    share: 2,
    devicesPerSource: [1, 1],
    rates: EVERY_PULSE,
    host: ioc("TIFALL"),
    layout: {
      kind: "ioc",
      signals: [
        sig("EvtSet", "uint8", "flag", { shape: 256 }),
        sig("PULSE-ID", "int64", "counter"),
        ...sigs(["BEAM-OK", "BUNCH-1-OK", "BUNCH-2-OK"], "bool", "flag"),
        sig("EVT-COUNT", "uint32", "counter"),
        sig("TRIG-DELAY", "float64", "status"),
      ],
    },
  },
  {
    id: "camera",
    backend: "sf-imagebuffer",
    sections: [...ELECTRON, ...PHOTON, ...LASER],
    share: 3,
    devicesPerSource: [1, 1],
    rates: [
      [1, 0.4],
      [2, 0.3],
      [10, 0.3],
    ],
    host: { kind: "camera" },
    layout: {
      kind: "indexed",
      name: (s, index, slot) => {
        if (s.startsWith("SLAAR")) return `LCAM-C${index}`;
        if (!PHOTON.includes(s)) return `DSCR${index}`;
        return `${slot % 3 === 2 ? "SPEC" : "CAMS"}${index}-M1`;
      },
      signals: [
        sig("FPICTURE", "uint16", "image", { shape: "image" }),
        ...sigs(["EXPOSURE", "GAIN"], "float64", "status"),
        sig("FRAME-COUNT", "uint32", "counter"),
        sig("TEMPERATURE", "float32", "ramp", { modulo: 100 }),
        sig("STATE", "string", "text"),
        sig("SATURATED", "bool", "flag"),
      ],
    },
  },
  {
    id: "laser-scope",
    backend: "sf-databuffer",
    sections: [...LASER, ...ENDSTATIONS],
    share: 6,
    devicesPerSource: [1, 4],
    rates: [
      [1, 0.8],
      [10, 0.2],
    ],
    host: ioc("LSCP"),
    layout: {
      kind: "indexed",
      name: (_s, _index, slot) => `LSCP${slot + 1}-FNS`,
      signals: [...sigs(["CH0", "CH1", "CH2", "CH3", "CH4", "CH5", "CH6", "CH7"].map((c) => `${c}:VAL_GET`), "float64", "noise"), sig("TRIG-COUNT", "uint32", "counter")],
    },
  },
  // Flexible families last: they absorb what the others could not place.
  {
    id: "beam-loss-monitor",
    backend: "sf-databuffer",
    sections: ELECTRON,
    share: 12,
    devicesPerSource: [3, 80],
    rates: EVERY_PULSE,
    host: ioc("DBLM"),
    flexible: true,
    layout: {
      kind: "indexed",
      name: (_s, index) => `DBLM${index}`,
      signals: [sig("B1_LOSS", "float64", "noise"), sig("B2_LOSS", "float32", "noise"), sig("LOSS_SIGNAL_RAW", "int16", "waveform", { shape: 1024, share: 0.12 })],
    },
  },
  {
    id: "motor",
    backend: "sf-databuffer",
    sections: [...LASER, ...PHOTON_OPTICS, ...ENDSTATIONS],
    share: 8,
    devicesPerSource: [2, 50],
    rates: [
      [10, 0.8],
      [1, 0.2],
    ],
    host: ioc("MOT"),
    flexible: true,
    layout: {
      kind: "indexed",
      name: (s, index) => `${s.startsWith("SLAAR") ? "LMOT" : "XMOT"}-M${index}`,
      signals: [...sigs(["MOTOR_1.RBV", "MOTOR_1.VAL"], "float64", "ramp"), sig("MOTOR_1.DMOV", "bool", "flag"), sig("MOTOR_1.MSTA", "uint32", "status")],
    },
  },
  {
    id: "electron-bpm",
    backend: "sf-databuffer",
    sections: ELECTRON,
    share: 26,
    devicesPerSource: [2, 23],
    rates: EVERY_PULSE,
    host: ioc("DBPM"),
    flexible: true,
    layout: {
      kind: "indexed",
      name: (_s, index) => `DBPM${index}`,
      signals: [...sigs(["X1", "Y1", "Q1"], "float64", "noise"), ...sigs(["X1-VALID", "Y1-VALID", "Q1-VALID"], "bool", "flag"), ...sigs(["X2", "Y2", "Q2"], "float64", "noise")],
    },
  },
];

// ---------------------------------------------------------------------------------------
// Building

const INDEXED_SLOTS = 99;
const IOC_SLOTS = 99;
const SCALAR_SHAPE: readonly number[] = Object.freeze([1]);

interface Device {
  /** Device part of the channel names, or undefined for an "ioc" device (named after the host). */
  readonly name: string | undefined;
  readonly key: number;
  readonly signals: readonly SignalTemplate[];
}

/**
 * Three-digit position index of a slot, e.g. 340, 353, 360, 371, ...: the tens run on from a
 * per-section start (wrapping within 01..99), the unit digit varies. Unique per slot < 99.
 */
function positionIndex(sectionKey: number, slot: number): string {
  const h = hash2(sectionKey, slot);
  const unitDigit = (h & 1) === 0 ? 0 : 1 + ((h >>> 1) % 9);
  const tens = 1 + ((slot + (sectionKey % 60)) % INDEXED_SLOTS);
  return String(10 * tens + unitDigit).padStart(3, "0");
}

function present(signal: SignalTemplate, deviceKey: number): boolean {
  if (signal.share === undefined || signal.share >= 1) return true;
  return hash2(deviceKey, hashString(signal.signal)) / 4294967296 < signal.share;
}

function selectSignals(signals: readonly SignalTemplate[], key: number): readonly SignalTemplate[] {
  return signals.some((s) => s.share !== undefined) ? signals.filter((s) => present(s, key)) : signals;
}

/** Per-build state of one family. */
class FamilyState {
  private readonly nextSlot = new Map<string, number>();
  private readonly fixedBySection = new Map<string, readonly { readonly name: string; readonly signals: readonly SignalTemplate[] }[]>();
  readonly minSignals: number;

  constructor(readonly family: FamilyTemplate) {
    const layout = family.layout;
    const signalLists = layout.kind === "fixed" ? layout.devices.map((d) => d.signals) : [layout.signals];
    // Signals every device has (no `share`): a lower bound of a device's size.
    this.minSignals = Math.min(...signalLists.map((list) => list.filter((s) => s.share === undefined).length));
    if (!(this.minSignals >= 1)) throw new Error(`family ${family.id} has a device without mandatory signals`);
  }

  private fixedDevices(section: string): readonly { readonly name: string; readonly signals: readonly SignalTemplate[] }[] {
    let list = this.fixedBySection.get(section);
    if (!list) {
      const layout = this.family.layout;
      list = layout.kind === "fixed" ? layout.devices.filter((d) => !d.where || d.where(section)) : [];
      this.fixedBySection.set(section, list);
    }
    return list;
  }

  private slotCount(section: string): number {
    const layout = this.family.layout;
    if (layout.kind === "fixed") return this.fixedDevices(section).length;
    return layout.kind === "indexed" ? INDEXED_SLOTS : IOC_SLOTS;
  }

  remainingDevices(section: string): number {
    return this.slotCount(section) - (this.nextSlot.get(section) ?? 0);
  }

  /** A lower bound of the channels this section can still provide. */
  capacity(section: string): number {
    const layout = this.family.layout;
    const used = this.nextSlot.get(section) ?? 0;
    if (layout.kind === "fixed") {
      let sum = 0;
      for (const d of this.fixedDevices(section).slice(used)) sum += d.signals.filter((s) => s.share === undefined).length;
      return sum;
    }
    return (this.slotCount(section) - used) * this.minSignals;
  }

  /** The next (at most) `count` free devices of a section, without taking them. */
  peek(section: string, count: number): Device[] {
    const layout = this.family.layout;
    const first = this.nextSlot.get(section) ?? 0;
    const last = Math.min(this.slotCount(section), first + count);
    const sectionKey = hashString(`${this.family.id}/${section}`);
    const out: Device[] = [];
    for (let slot = first; slot < last; slot++) {
      const key = hash2(sectionKey, slot);
      if (layout.kind === "indexed") {
        out.push({ name: `${section}-${layout.name(section, positionIndex(sectionKey, slot), slot)}`, key, signals: selectSignals(layout.signals, key) });
      } else if (layout.kind === "fixed") {
        const d = this.fixedDevices(section)[slot]!;
        out.push({ name: `${section}-${d.name}`, key, signals: selectSignals(d.signals, key) });
      } else {
        out.push({ name: undefined, key, signals: selectSignals(layout.signals, key) });
      }
    }
    return out;
  }

  take(section: string, devices: number): void {
    this.nextSlot.set(section, (this.nextSlot.get(section) ?? 0) + devices);
  }
}

interface SourceDraft {
  readonly address: string;
  readonly backend: Backend;
  readonly channels: SimChannel[];
}

class CatalogBuilder {
  readonly rng: SeededRandom;
  readonly seedKey: number;
  readonly sources: SourceDraft[] = [];
  private readonly hostCounters = new Map<string, number>();
  private cameras = 0;

  constructor(seed: number) {
    this.rng = new SeededRandom(seed);
    this.seedKey = mix32((seed ^ 0x5bd1e995) >>> 0);
  }

  private nextAddress(family: FamilyTemplate, section: string): { address: string; host: string } {
    if (family.host.kind === "camera") {
      const n = this.cameras++;
      const host = `daqsf-sioc-cs-${String(1 + Math.floor(n / 4)).padStart(2, "0")}`;
      return { address: `tcp://${host}:${9000 + 10 * (n % 4)}`, host };
    }
    const base = `${section}-CVME-${family.host.code}`;
    const n = (this.hostCounters.get(base) ?? 0) + 1;
    this.hostCounters.set(base, n);
    return { address: `tcp://${base}${n}:${family.host.port}`, host: `${base}${n}` };
  }

  /**
   * Places up to `budget` channels of a family as sources of whole devices and returns the
   * channels it could not place. The catalog's last family (`exact`) places all of its
   * budget, cutting its very last device short when needed; `exact` with fewer than 5
   * channels left makes one smaller source (catalogs of fewer than 5 channels).
   */
  placeFamily(state: FamilyState, budget: number, exact: boolean): number {
    const family = state.family;
    const rng = this.rng;
    let left = budget;
    while (left > 0) {
      if (left < MIN_SOURCE_CHANNELS && !exact) return left;
      const open = family.sections.filter((s) => state.remainingDevices(s) > 0 && state.capacity(s) >= Math.min(left, MIN_SOURCE_CHANNELS));
      if (open.length === 0) return left;
      // Near the end of the budget, prefer a section that can take all of it at once.
      const roomy = left <= MAX_SOURCE_CHANNELS ? open.filter((s) => state.capacity(s) >= left) : [];
      const section = rng.pick(roomy.length > 0 ? roomy : open);

      // Sizes of the sources made of the first 1, 2, ... candidate devices (at most 200).
      const [minDevices, maxDevices] = family.devicesPerSource;
      const candidates = state.peek(section, maxDevices);
      const prefix: number[] = [];
      let sum = 0;
      for (const device of candidates) {
        if (sum + device.signals.length > MAX_SOURCE_CHANNELS) break;
        sum += device.signals.length;
        prefix.push(sum);
      }
      const wanted = minDevices + Math.floor((maxDevices - minDevices + 1) * rng.next() ** 2);
      let natural = prefix[Math.min(wanted, prefix.length) - 1] ?? 0;
      for (const p of prefix) if (natural < MIN_SOURCE_CHANNELS) natural = p;
      /** The largest whole-device size in [MIN_SOURCE_CHANNELS, limit], or 0. */
      const wholeUpTo = (limit: number): number => {
        let best = 0;
        for (const p of prefix) if (p >= MIN_SOURCE_CHANNELS && p <= limit) best = p;
        return best;
      };

      let size: number;
      if (!exact) {
        size = wholeUpTo(Math.min(natural, left));
        if (size === 0) return left;
      } else {
        // Partial devices are allowed here, but only the final source needs one.
        const maxSize = candidates.length > prefix.length ? MAX_SOURCE_CHANNELS : sum;
        if (left < MIN_SOURCE_CHANNELS) size = Math.min(left, maxSize);
        else if (natural >= MIN_SOURCE_CHANNELS && left - natural >= MIN_SOURCE_CHANNELS) size = natural;
        else if (left <= maxSize) size = left;
        else size = wholeUpTo(left - MIN_SOURCE_CHANNELS) || Math.min(maxSize, left - MIN_SOURCE_CHANNELS);
        if (size <= 0 || (size < MIN_SOURCE_CHANNELS && left >= MIN_SOURCE_CHANNELS)) return left;
      }
      this.emitSource(state, section, candidates, size);
      left -= size;
    }
    return 0;
  }

  private emitSource(state: FamilyState, section: string, candidates: readonly Device[], size: number): void {
    const family = state.family;
    const rng = this.rng;
    const { address, host } = this.nextAddress(family, section);
    const modulo = rng.weighted(family.rates, (r) => r[1])[0];
    const offset = modulo > 1 ? rng.int(modulo) : 0;
    const channels: SimChannel[] = [];
    let used = 0;
    for (const device of candidates) {
      if (channels.length >= size) break;
      used++;
      const deviceName = device.name ?? host;
      for (const s of device.signals) {
        if (channels.length >= size) break;
        const name = `${deviceName}:${s.signal}`;
        const nameHash = hashString(name);
        let shape = SCALAR_SHAPE;
        if (s.shape === "image") shape = IMAGE_SIZES[mix32(device.key ^ 0x1b873593) % IMAGE_SIZES.length]!;
        else if (s.shape !== undefined) shape = [s.shape];
        const ownModulo = s.modulo ?? modulo;
        channels.push({
          name,
          backend: family.backend,
          type: s.type,
          shape,
          modulo: ownModulo,
          offset: s.modulo !== undefined ? hash2(nameHash, this.seedKey) % ownModulo : offset,
          source: address,
          kind: s.kind,
          seed: hash2(this.seedKey, nameHash),
        });
      }
    }
    state.take(section, used);
    this.sources.push({ address, backend: family.backend, channels });
  }
}

/**
 * Builds a catalog of exactly `options.channels` channels (default 2,000) for
 * `options.seed` (default 1; used as an unsigned 32-bit integer).
 */
export function buildCatalog(options: CatalogOptions = {}): Catalog {
  const total = options.channels ?? DEFAULT_CHANNEL_COUNT;
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`catalog size must be a non-negative integer, got ${total}`);
  const seed = (options.seed ?? DEFAULT_CATALOG_SEED) >>> 0;
  const builder = new CatalogBuilder(seed);

  const ordered = [...FAMILIES.filter((f) => !f.flexible), ...FAMILIES.filter((f) => f.flexible)];
  const shareSum = ordered.reduce((sum, f) => sum + f.share, 0);
  const budgets = ordered.map((f) => Math.floor((total * f.share) / shareSum));
  // The last family takes the rounding remainder and whatever the others pass on; it gets
  // at least one source's worth, so it never ends with a remainder of 1..4 channels.
  const last = ordered.length - 1;
  budgets[last] = Math.min(total, Math.max(budgets[last]!, MIN_SOURCE_CHANNELS));
  let othersLeft = total - budgets[last]!;
  for (let i = 0; i < last; i++) {
    budgets[i] = Math.min(budgets[i]!, othersLeft);
    othersLeft -= budgets[i]!;
  }
  budgets[last] = budgets[last]! + othersLeft;
  let carry = 0;
  ordered.forEach((family, i) => {
    carry = builder.placeFamily(new FamilyState(family), budgets[i]! + carry, i === last);
  });
  if (carry > 0) throw new RangeError(`catalog capacity exceeded: ${carry} of ${total} channels could not be placed`);

  const drafts = builder.sources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const channels: SimChannel[] = [];
  const sources: SimSource[] = [];
  const byName = new Map<string, SimChannel>();
  for (const draft of drafts) {
    for (const c of draft.channels) {
      if (byName.has(c.name)) throw new Error(`duplicate channel name ${c.name}`);
      byName.set(c.name, c);
      channels.push(c);
    }
    sources.push({ address: draft.address, backend: draft.backend, channels: draft.channels.map((c) => c.name) });
  }
  return { channels, byName, sources };
}

/** Counts for logs and docs: channels per backend / type / kind / modulo, source sizes. */
export interface CatalogSummary {
  readonly channels: number;
  readonly sources: number;
  readonly byBackend: Readonly<Record<string, number>>;
  readonly byType: Readonly<Record<string, number>>;
  readonly byKind: Readonly<Record<string, number>>;
  readonly byModulo: Readonly<Record<string, number>>;
  /** Scalars, 1-D arrays ("waveforms") and 2-D arrays ("images"). */
  readonly byRank: Readonly<Record<"scalar" | "waveform" | "image", number>>;
  readonly sourceSizes: { readonly min: number; readonly median: number; readonly max: number; readonly histogram: Readonly<Record<string, number>> };
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

export function summarizeCatalog(catalog: Catalog): CatalogSummary {
  const byBackend: Record<string, number> = {};
  const byType: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const byModulo: Record<string, number> = {};
  const byRank = { scalar: 0, waveform: 0, image: 0 };
  for (const c of catalog.channels) {
    count(byBackend, c.backend);
    count(byType, c.type);
    count(byKind, c.kind);
    count(byModulo, String(c.modulo));
    if (c.shape.length >= 2) byRank.image++;
    else if (c.shape.length === 1 && c.shape[0]! > 1) byRank.waveform++;
    else byRank.scalar++;
  }
  const sizes = catalog.sources.map((s) => s.channels.length).sort((a, b) => a - b);
  const histogram: Record<string, number> = {};
  const buckets: readonly [number, number][] = [
    [5, 9],
    [10, 19],
    [20, 49],
    [50, 99],
    [100, 149],
    [150, 200],
  ];
  for (const n of sizes) {
    const bucket = buckets.find(([lo, hi]) => n >= lo && n <= hi);
    count(histogram, bucket ? `${bucket[0]}-${bucket[1]}` : String(n));
  }
  return {
    channels: catalog.channels.length,
    sources: catalog.sources.length,
    byBackend,
    byType,
    byKind,
    byModulo,
    byRank,
    sourceSizes: { min: sizes[0] ?? 0, median: sizes[Math.floor(sizes.length / 2)] ?? 0, max: sizes[sizes.length - 1] ?? 0, histogram },
  };
}
