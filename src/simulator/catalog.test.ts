import { describe, expect, it } from "vitest";
import { BSREAD_TYPES } from "../bsread/index.js";
import {
  DEFAULT_CHANNEL_COUNT,
  FAMILIES,
  IMAGE_SIZES,
  MAX_SOURCE_CHANNELS,
  MIN_SOURCE_CHANNELS,
  buildCatalog,
  summarizeCatalog,
} from "./catalog.js";
import { BACKENDS, type Catalog, type SignalKind } from "./channel-spec.js";

const ALL_KINDS: readonly SignalKind[] = ["noise", "ramp", "counter", "status", "flag", "waveform", "spectrum", "image", "text"];
/** SECTION-DEVICE[-MORE]:SIGNAL, e.g. SLAAR21-LMOT-M521:MOTOR_1.RBV or SARES21-LSCP1-FNS:CH0:VAL_GET. */
const NAME = /^S[A-Z0-9]{2,6}-[A-Za-z0-9]+(-[A-Za-z0-9]+)*:[A-Za-z0-9_.:-]+$/;
const IOC_SOURCE = /^tcp:\/\/S[A-Z0-9]{2,6}-CVME-[A-Z]+\d+:(9999|20000)$/;
const CAMERA_SOURCE = /^tcp:\/\/daqsf-sioc-cs-\d{2,}:\d{4}$/;

/**
 * Structural invariants every catalog must satisfy, whatever its size. Collects violations
 * in plain code (one expect per catalog keeps 50,000-channel checks fast).
 */
function violations(catalog: Catalog, size: number): string[] {
  const problems: string[] = [];
  const fail = (what: string): void => {
    if (problems.length < 20) problems.push(what);
  };
  if (catalog.channels.length !== size) fail(`${catalog.channels.length} channels, wanted ${size}`);
  if (catalog.byName.size !== size) fail(`byName has ${catalog.byName.size} entries (duplicate names?)`);
  const sourceByAddress = new Map(catalog.sources.map((s) => [s.address, s]));
  if (sourceByAddress.size !== catalog.sources.length) fail("duplicate source addresses");

  let listed = 0;
  for (const source of catalog.sources) {
    const n = source.channels.length;
    if ((size >= MIN_SOURCE_CHANNELS && n < MIN_SOURCE_CHANNELS) || n > MAX_SOURCE_CHANNELS) fail(`${source.address} has ${n} channels`);
    if (!(source.backend === "sf-imagebuffer" ? CAMERA_SOURCE : IOC_SOURCE).test(source.address)) fail(`address ${source.address} (${source.backend})`);
    for (const name of source.channels) {
      const channel = catalog.byName.get(name);
      if (channel?.source !== source.address || channel.backend !== source.backend) fail(`${name} does not belong to ${source.address}`);
    }
    listed += n;
  }
  if (listed !== size) fail(`sources list ${listed} channels`);

  for (const c of catalog.channels) {
    const where = `${c.name} (${c.type} [${c.shape.join(",")}] ${c.kind} ${c.modulo}/${c.offset})`;
    if (catalog.byName.get(c.name) !== c) fail(`byName misses ${c.name}`);
    if (!NAME.test(c.name)) fail(`name ${c.name}`);
    if (!sourceByAddress.has(c.source)) fail(`${where}: unknown source ${c.source}`);
    if (!BACKENDS.includes(c.backend) || !BSREAD_TYPES.includes(c.type) || !ALL_KINDS.includes(c.kind)) fail(`${where}: backend/type/kind`);
    if (!Number.isInteger(c.modulo) || c.modulo < 1 || !Number.isInteger(c.offset) || c.offset < 0 || c.offset >= c.modulo) fail(`${where}: modulo/offset`);
    if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed >= 2 ** 32) fail(`${where}: seed ${c.seed}`);
    if (c.shape.length === 2) {
      if (c.backend !== "sf-imagebuffer" || c.kind !== "image" || !IMAGE_SIZES.some(([w, h]) => c.shape[0] === w && c.shape[1] === h)) fail(`${where}: image`);
    } else if (c.shape.length !== 1 || !(c.shape[0] === 1 || (c.shape[0]! >= 256 && c.shape[0]! <= 2048))) {
      fail(`${where}: shape`);
    }
    if ((c.kind === "image") !== (c.shape.length === 2)) fail(`${where}: image kind`);
    if (c.type === "string" && c.kind !== "text") fail(`${where}: string`);
  }
  return problems;
}

function checkInvariants(catalog: Catalog, size: number): void {
  expect(violations(catalog, size)).toEqual([]);
}

describe("buildCatalog: default catalog", () => {
  const catalog = buildCatalog();
  const summary = summarizeCatalog(catalog);

  it("has exactly 2,000 channels with unique names and consistent sources", () => {
    expect(DEFAULT_CHANNEL_COUNT).toBe(2000);
    checkInvariants(catalog, 2000);
    expect(summary.sources).toBeGreaterThan(40);
  });

  it("uses SwissFEL-style names on real section prefixes", () => {
    const prefixes = new Set(catalog.channels.map((c) => c.name.slice(0, 3)));
    for (const p of ["SIN", "S10", "S20", "S30", "SAR", "SAT", "SLA"]) expect(prefixes).toContain(p);
    const names = catalog.channels.map((c) => c.name);
    for (const pattern of [/-DBPM\d{3}:X1$/, /-DBPM\d{3}:Q1-VALID$/, /-PBPS\d{3}:INTENSITY$/, /-RLLE-DSP:PHASE-VS$/, /-UIND030:K_SET$/, /-CVME-TIFALL\d+:EvtSet$/, /-[LX]MOT-M\d{3}:MOTOR_1\.RBV$/, /:FPICTURE$/]) {
      expect(names.some((n) => pattern.test(n)), String(pattern)).toBe(true);
    }
  });

  it("is mostly float64 scalars with every other family of types present", () => {
    expect(summary.byType.float64! / summary.channels).toBeGreaterThan(0.5);
    for (const type of ["float32", "int32", "uint16", "uint32", "int64", "bool", "string", "int16", "uint8"]) expect(summary.byType[type], type).toBeGreaterThan(0);
    for (const kind of ALL_KINDS) expect(summary.byKind[kind], kind).toBeGreaterThan(0);
    const waveformShare = summary.byRank.waveform / summary.channels;
    expect(waveformShare).toBeGreaterThan(0.01);
    expect(waveformShare).toBeLessThan(0.08);
    expect(summary.byRank.image).toBeGreaterThanOrEqual(3);
    expect(summary.byRank.image).toBeLessThanOrEqual(30);
  });

  it("puts images, and only camera sources, on sf-imagebuffer", () => {
    const images = catalog.channels.filter((c) => c.shape.length === 2);
    for (const c of images) expect(c).toMatchObject({ backend: "sf-imagebuffer", type: "uint16" });
    for (const s of catalog.sources.filter((x) => x.backend === "sf-imagebuffer")) {
      expect(s.channels.some((n) => n.endsWith(":FPICTURE"))).toBe(true);
    }
    expect(summary.byBackend["sf-databuffer"]! + summary.byBackend["sf-imagebuffer"]!).toBe(2000);
  });

  it("has mostly 100 Hz channels, some at 10 Hz and 1 Hz, cameras also at 50 Hz", () => {
    expect(summary.byModulo["1"]! / summary.channels).toBeGreaterThan(0.7);
    expect(summary.byModulo["10"]).toBeGreaterThan(20);
    expect(summary.byModulo["100"]).toBeGreaterThan(0);
    const tenHzOffsets = new Set(catalog.channels.filter((c) => c.modulo === 10).map((c) => c.offset));
    expect(tenHzOffsets.size).toBeGreaterThan(2);
    const cameraModulos = new Set(catalog.channels.filter((c) => c.kind === "image").map((c) => c.modulo));
    expect([...cameraModulos].some((m) => m === 2 || m === 10)).toBe(true);
  });

  it("has a spread of source sizes: many small, some large", () => {
    const sizes = catalog.sources.map((s) => s.channels.length);
    expect(sizes.filter((n) => n < 20).length).toBeGreaterThan(sizes.length / 3);
    expect(sizes.filter((n) => n >= 100).length).toBeGreaterThan(0);
  });

  it("gives channels distinct per-channel seeds", () => {
    const seeds = new Set(catalog.channels.map((c) => c.seed));
    expect(seeds.size).toBeGreaterThan(1990);
  });

  it("has a family table with unique ids, each family able to fill a minimal source", () => {
    expect(new Set(FAMILIES.map((f) => f.id)).size).toBe(FAMILIES.length);
    expect(FAMILIES[FAMILIES.length - 1]!.flexible).toBe(true);
  });
});

describe("buildCatalog: size and seed", () => {
  it("is deterministic for a seed (default seed 1) and differs for another", () => {
    const a = buildCatalog({ seed: 7 });
    const b = buildCatalog({ seed: 7 });
    expect(a.channels).toEqual(b.channels);
    expect(a.sources).toEqual(b.sources);
    expect(buildCatalog().channels).toEqual(buildCatalog({ seed: 1 }).channels);

    const c = buildCatalog({ seed: 8 });
    checkInvariants(c, 2000);
    expect(c.channels.map((x) => x.name)).not.toEqual(a.channels.map((x) => x.name));
    const common = a.channels.filter((x) => c.byName.has(x.name));
    expect(common.every((x) => c.byName.get(x.name)!.seed !== x.seed)).toBe(true);
  });

  it.each([20_000, 50_000])("scales to exactly %i channels with unique names", (size) => {
    const catalog = buildCatalog({ channels: size });
    checkInvariants(catalog, size);
    const summary = summarizeCatalog(catalog);
    expect(summary.byType.float64! / size).toBeGreaterThan(0.5);
    expect(summary.byRank.image).toBeGreaterThan(size / 1000);
    expect(summary.sourceSizes.max).toBeLessThanOrEqual(MAX_SOURCE_CHANNELS);
  });

  it("makes exactly N channels for any N, sources within 5..200 once N >= 5", () => {
    const sizes = [0, 1, 4, 5, 6, 9, 10, 11, 13, 17, 50, 199, 200, 201, 204, 205, 333, 999, 1001, 2345, 4096];
    for (let i = 0; i < 30; i++) sizes.push(5 + ((i * 7919) % 3000));
    for (const size of sizes) {
      for (const seed of [1, 2, 99]) {
        const problems = violations(buildCatalog({ channels: size, seed }), size);
        expect(problems, `${size} channels, seed ${seed}`).toEqual([]);
      }
    }
  });

  it("rejects a negative or fractional size", () => {
    expect(() => buildCatalog({ channels: -1 })).toThrow(RangeError);
    expect(() => buildCatalog({ channels: 2.5 })).toThrow(RangeError);
  });
});
