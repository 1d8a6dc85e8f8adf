import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countDue, dueAtOrAfter, dueAtOrBefore } from "./pulse-math.js";
import {
  coveragePercent,
  reportToCsv,
  RunCoverage,
  RunCoverageError,
  type ReceivedBits,
  type RunChannel,
  type RunChannelReport,
  type RunReportBody,
} from "./run-coverage.js";

const mod = (p: number, m: number): number => ((p % m) + m) % m;
const isDue = (c: RunChannel, p: number): boolean => mod(p - c.offset, c.modulo) === 0;

/** A received callback from per-channel sets of missing pulses; fails on a pulse that is not due. */
function missingSets(channels: readonly RunChannel[], missing: readonly (readonly number[])[]) {
  const sets = missing.map((m) => new Set(m));
  return (i: number, p: number): boolean => {
    if (!isDue(channels[i], p)) throw new Error(`asked about pulse ${p}, not due for ${channels[i].name}`);
    return !sets[i].has(p);
  };
}

function errorCode(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof RunCoverageError) return e.code;
    throw e;
  }
  return undefined;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let p = a; p <= b; p++) out.push(p);
  return out;
}

describe("due-pulse arithmetic runs rely on (pulse-math.ts)", () => {
  it("dueAtOrAfter / dueAtOrBefore / countDue", () => {
    expect(dueAtOrAfter(1000, 10, 3)).toBe(1003);
    expect(dueAtOrAfter(1003, 10, 3)).toBe(1003);
    expect(dueAtOrAfter(1004, 10, 3)).toBe(1013);
    expect(dueAtOrBefore(1012, 10, 3)).toBe(1003);
    expect(dueAtOrBefore(1013, 10, 3)).toBe(1013);
    expect(countDue(1000, 1099, 10, 3)).toBe(10);
    expect(countDue(1004, 1012, 10, 3)).toBe(0);
    expect(countDue(1000, 999, 1, 0)).toBe(0);
    const big = 2 ** 40 + 7; // beyond 2^32
    expect(dueAtOrAfter(big, 10, 3)).toBe(big + mod(3 - big, 10));
    expect(countDue(big, big + 99, 1, 0)).toBe(100);
  });

  it("coverage is rounded down to 2 decimals, null when nothing is expected", () => {
    expect(coveragePercent(10, 10)).toBe(100);
    expect(coveragePercent(9999, 10000)).toBe(99.99);
    expect(coveragePercent(99_999, 100_000)).toBe(99.99); // never rounds a gap up to 100
    expect(coveragePercent(1, 3)).toBe(33.33);
    expect(coveragePercent(2, 3)).toBe(66.66);
    expect(coveragePercent(0, 5)).toBe(0);
    expect(coveragePercent(0, 0)).toBeNull();
  });
});

describe("RunCoverage, hand-counted", () => {
  it("modulo 1 channel with two gaps", () => {
    const ch = [{ name: "A", modulo: 1, offset: 0 }];
    const run = new RunCoverage(ch, 1000, 1019);
    run.account(1000, 1019, missingSets(ch, [[1003, 1004, 1005, 1010]]));
    expect(run.report()).toEqual({
      startPulseId: 1000,
      stopPulseId: 1019,
      accountedUpTo: 1019,
      complete: true,
      channels: [
        {
          name: "A",
          expected: 20,
          received: 16,
          coverage: 80,
          missing: [
            [1003, 1005],
            [1010, 1010],
          ],
        },
      ],
    } satisfies RunReportBody);
  });

  it("modulo 10 offset 3: counts only due pulses and merges missing due pulses into one range", () => {
    const ch = [{ name: "B", modulo: 10, offset: 3 }];
    const run = new RunCoverage(ch, 1000, 1099);
    // due: 1003, 1013, ..., 1093 (10 pulses); missing 1003, 1013, 1023 and 1063
    run.account(1000, 1099, missingSets(ch, [[1003, 1013, 1023, 1063]]));
    const [c] = run.report().channels;
    expect(c).toEqual({
      name: "B",
      expected: 10,
      received: 6,
      coverage: 60,
      missing: [
        [1003, 1023],
        [1063, 1063],
      ],
    });
  });

  it("an offset >= modulo or negative is taken modulo the modulo", () => {
    const run = new RunCoverage(
      [
        { name: "a", modulo: 10, offset: 13 },
        { name: "b", modulo: 10, offset: -7 },
      ],
      1000,
      1099,
    );
    const asked: number[][] = [[], []];
    run.account(1000, 1099, (i, p) => {
      asked[i].push(p);
      return true;
    });
    expect(asked[0]).toEqual(range(0, 9).map((k) => 1003 + 10 * k));
    expect(asked[1]).toEqual(asked[0]);
  });

  it("merges a gap that spans two account() calls", () => {
    const ch = [
      { name: "m1", modulo: 1, offset: 0 },
      { name: "m10", modulo: 10, offset: 3 },
    ];
    const recv = missingSets(ch, [
      [1008, 1009, 1010, 1011, 1012],
      [1003, 1013],
    ]);
    const run = new RunCoverage(ch, 1000, 1019);
    run.account(1000, 1009, recv);
    run.account(1010, 1019, recv);
    const r = run.report();
    expect(r.channels.map((c) => c.missing)).toEqual([[[1008, 1012]], [[1003, 1013]]]);
    expect(r.channels.map((c) => [c.expected, c.received])).toEqual([
      [20, 15],
      [2, 0],
    ]);
  });

  it("clips gaps at the run boundaries to [start, stop]", () => {
    const ch = [
      { name: "m1", modulo: 1, offset: 0 },
      { name: "odd", modulo: 2, offset: 1 },
    ];
    const gone = [...range(490, 505), ...range(590, 610)];
    const recv = missingSets(ch, [gone, gone.filter((p) => p % 2 === 1)]);
    const run = new RunCoverage(ch, 500, 599);
    run.account(480, 550, recv); // the first call may begin before the start
    run.account(551, 620, recv); // pulses after the stop are ignored
    const r = run.report();
    expect(r.accountedUpTo).toBe(599);
    expect(r.complete).toBe(true);
    expect(r.channels[0]).toMatchObject({
      expected: 100,
      received: 100 - 6 - 10,
      missing: [
        [500, 505],
        [590, 599],
      ],
    });
    // start 500 is not due for the odd channel: its first due pulse is 501, its last 599
    expect(r.channels[1]).toMatchObject({
      expected: 50,
      received: 50 - 3 - 5,
      missing: [
        [501, 505],
        [591, 599],
      ],
    });
  });

  it("start not aligned to a channel's due pulses", () => {
    const ch = [{ name: "B", modulo: 10, offset: 3 }];
    const run = new RunCoverage(ch, 1005, 1050); // due: 1013, 1023, 1033, 1043
    run.account(1005, 1050, missingSets(ch, [[1013, 1043]]));
    expect(run.report().channels[0]).toEqual({
      name: "B",
      expected: 4,
      received: 2,
      coverage: 50,
      missing: [
        [1013, 1013],
        [1043, 1043],
      ],
    });
  });

  it("a stop in the future, then setStop", () => {
    const ch = [{ name: "A", modulo: 1, offset: 0 }];
    const recv = missingSets(ch, [[1040, 1060, 1079, 1080]]);
    const run = new RunCoverage(ch, 1000);
    expect(run.nextPulseId).toBe(1000);
    run.account(1000, 1049, recv);
    let r = run.report();
    expect(r).toMatchObject({ stopPulseId: null, accountedUpTo: 1049, complete: false });
    expect(r.channels[0]).toMatchObject({ expected: 50, received: 49, missing: [[1040, 1040]] });

    run.setStop(1079); // still ahead of what was accounted
    expect(run.isComplete).toBe(false);
    run.account(1050, 1100, recv);
    expect(run.isComplete).toBe(true);
    expect(run.nextPulseId).toBeNull();
    r = run.report();
    expect(r).toMatchObject({ stopPulseId: 1079, accountedUpTo: 1079, complete: true });
    expect(r.channels[0]).toMatchObject({
      expected: 80,
      received: 77,
      coverage: 96.25,
      missing: [
        [1040, 1040],
        [1060, 1060],
        [1079, 1079],
      ],
    });
    // after the stop: ignored; already accounted pulses: refused
    run.account(1101, 1200, recv);
    expect(run.report()).toEqual(r);
    expect(errorCode(() => run.account(1060, 1070, recv))).toBe("PULSE_ORDER");
  });

  it("setStop earlier than already accounted trims ranges and counts", () => {
    const ch = [
      { name: "m1", modulo: 1, offset: 0 },
      { name: "m10", modulo: 10, offset: 3 },
    ];
    const recv = missingSets(ch, [
      [...range(1010, 1020), ...range(1050, 1060), ...range(1090, 1095)],
      [1013, 1023, 1053, 1063],
    ]);
    const run = new RunCoverage(ch, 1000);
    run.account(1000, 1099, recv);
    run.setStop(1055);
    const r = run.report();
    expect(r).toMatchObject({ stopPulseId: 1055, accountedUpTo: 1055, complete: true });
    expect(r.channels).toEqual([
      {
        name: "m1",
        expected: 56,
        received: 56 - 11 - 6,
        coverage: 69.64, // 39/56 = 69.642...
        missing: [
          [1010, 1020],
          [1050, 1055],
        ],
      },
      {
        name: "m10",
        expected: 6, // 1003 .. 1053
        received: 3,
        coverage: 50,
        missing: [
          [1013, 1023],
          [1053, 1053],
        ],
      },
    ] satisfies RunChannelReport[]);
    // moving the stop later again resumes accounting where the trim left off
    run.setStop(1099);
    expect(run.nextPulseId).toBe(1056);
    run.account(1056, 1099, recv);
    const again = new RunCoverage(ch, 1000, 1099);
    again.account(1000, 1099, recv);
    expect(run.report()).toEqual(again.report());
  });

  it("expected 0: coverage null", () => {
    const ch = [
      { name: "rare", modulo: 100, offset: 50 },
      { name: "every", modulo: 1, offset: 0 },
    ];
    const run = new RunCoverage(ch, 1000, 1020);
    const before = run.report();
    expect(before.accountedUpTo).toBeNull();
    expect(before.channels.map((c) => [c.expected, c.received, c.coverage])).toEqual([
      [0, 0, null],
      [0, 0, null],
    ]);
    run.account(1000, 1020, () => true);
    expect(run.report().channels.map((c) => [c.expected, c.received, c.coverage])).toEqual([
      [0, 0, null],
      [21, 21, 100],
    ]);
  });

  it("caps the stored ranges, flags truncated, keeps counts exact, and trims correctly", () => {
    const ch = [
      { name: "holey", modulo: 1, offset: 0 },
      { name: "fine", modulo: 1, offset: 0 },
    ];
    // holey misses every other pulse of 100..109 and then 120..125
    const gone = [100, 102, 104, 106, 108, ...range(120, 125)];
    const recv = missingSets(ch, [gone, []]);
    const make = () => {
      const run = new RunCoverage(ch, 100, null, { maxRangesPerChannel: 3 });
      run.account(100, 129, recv);
      return run;
    };
    const run = make();
    let r = run.report();
    expect(r.channels[0]).toEqual({
      name: "holey",
      expected: 30,
      received: 30 - 11,
      coverage: 63.33,
      missing: [
        [100, 100],
        [102, 102],
        [104, 125],
      ],
      truncated: true,
    });
    expect(r.channels[1]).not.toHaveProperty("truncated");

    // trimming back into the exact part restores exact ranges without any history
    const early = make();
    early.setStop(105);
    expect(early.report().channels[0]).toEqual({
      name: "holey",
      expected: 6,
      received: 3,
      coverage: 50,
      missing: [
        [100, 100],
        [102, 102],
        [104, 104],
      ],
    });

    // trimming inside the merged range needs the pulses after the new stop
    expect(errorCode(() => run.setStop(121))).toBe("TRIM_NEEDS_HISTORY");
    expect(run.report()).toEqual(r); // nothing changed
    run.setStop(121, recv);
    r = run.report();
    expect(r.channels[0]).toEqual({
      name: "holey",
      expected: 22,
      received: 22 - 7,
      coverage: 68.18,
      missing: [
        [100, 100],
        [102, 102],
        [104, 121],
      ],
      truncated: true,
    });
    expect(r.channels[1]).toMatchObject({ expected: 22, received: 22 });

    // a merged range ending before the new stop needs no history
    const late = make();
    late.setStop(127);
    expect(late.report().channels[0]).toMatchObject({ expected: 28, received: 17, truncated: true });
  });

  it("the bit path: null window = nothing received; ring windows that wrap", () => {
    const ch = [
      { name: "m1", modulo: 1, offset: 0 },
      { name: "m3", modulo: 3, offset: 2 },
      { name: "dead", modulo: 2, offset: 0 },
    ];
    const start = 2 ** 34;
    const run = new RunCoverage(ch, start, start + 99);
    // a 64-pulse ring holding pulses [start, start+63] starting at bit 40
    const ring = (missing: readonly number[]): ReceivedBits => {
      const words = new Uint32Array(2).fill(0xffffffff);
      for (const p of missing) {
        const b = (40 + p - start) % 64;
        words[b >>> 5] &= ~(1 << (b & 31));
      }
      return { words, firstPulse: start, firstBit: 40 };
    };
    const gone0 = [start, start + 23, start + 24, start + 25, start + 63];
    const gone1 = [start + 1, start + 4, start + 22, start + 31];
    run.accountBits(start, start + 63, (i) => (i === 0 ? ring(gone0) : i === 1 ? ring(gone1) : null));
    const r = run.report();
    expect(r.channels[0]).toMatchObject({
      expected: 64,
      received: 59,
      missing: [
        [start, start],
        [start + 23, start + 25],
        [start + 63, start + 63],
      ],
    });
    expect(r.channels[1]).toMatchObject({
      expected: 21, // start+1, start+4, ..., start+61
      received: 17,
      missing: [
        [start + 1, start + 4],
        [start + 22, start + 22],
        [start + 31, start + 31],
      ],
    });
    expect(r.channels[2]).toMatchObject({ expected: 32, received: 0, missing: [[start, start + 62]] });
  });

  it("validates its input and refuses holes and overlaps without changing anything", () => {
    const ch = [{ name: "A", modulo: 1, offset: 0 }];
    expect(errorCode(() => new RunCoverage([{ name: "x", modulo: 0, offset: 0 }], 0))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => new RunCoverage([{ name: "x", modulo: 2.5, offset: 0 }], 0))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => new RunCoverage(ch, 100, 99))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => new RunCoverage(ch, 2 ** 53))).toBe("INVALID_ARGUMENT");
    const run = new RunCoverage(ch, 100);
    expect(errorCode(() => run.account(101, 110, () => true))).toBe("PULSE_ORDER"); // pulse 100 skipped
    expect(errorCode(() => run.account(110, 100, () => true))).toBe("INVALID_ARGUMENT");
    run.account(0, 99, () => false); // entirely before the start: ignored
    expect(run.accountedUpTo).toBeNull();
    run.account(90, 110, () => true);
    expect(errorCode(() => run.account(110, 120, () => true))).toBe("PULSE_ORDER"); // overlap
    expect(errorCode(() => run.account(112, 120, () => true))).toBe("PULSE_ORDER"); // hole
    expect(errorCode(() => run.setStop(99))).toBe("INVALID_ARGUMENT");
    expect(
      errorCode(() => run.accountBits(111, 200, () => ({ words: new Uint32Array(2), firstPulse: 111 }))),
    ).toBe("BITS_WINDOW"); // 64 bits cannot cover 90 pulses
    expect(
      errorCode(() => run.accountBits(111, 120, () => ({ words: new Uint32Array(1), firstPulse: 111, length: 5 }))),
    ).toBe("BITS_WINDOW");
    expect(run.accountedUpTo).toBe(110);
    expect(run.report().channels[0]).toMatchObject({ expected: 11, received: 11, missing: [] });
  });
});

describe("reportToCsv", () => {
  it("writes RFC 4180 CSV with merged ranges, single pulses and quoted names", () => {
    const csv = reportToCsv({
      id: "r1",
      set: "alvra",
      startPulseId: 20_000_000_000,
      stopPulseId: 20_000_000_099,
      accountedUpTo: 20_000_000_099,
      complete: true,
      channels: [
        {
          name: "SARFE10-PSSS059:SPECTRUM_X",
          expected: 100,
          received: 96,
          coverage: 96,
          missing: [
            [20_000_000_003, 20_000_000_005],
            [20_000_000_050, 20_000_000_050],
          ],
        },
        { name: 'odd,name "quoted"', expected: 0, received: 0, coverage: null, missing: [] },
        { name: "multi\nline", expected: 3, received: 1, coverage: 33.33, missing: [[1, 9]], truncated: true },
      ],
    });
    expect(csv).toBe(
      "name,expected,received,coverage,missing_ranges,truncated\r\n" +
        "SARFE10-PSSS059:SPECTRUM_X,100,96,96.00,20000000003-20000000005;20000000050,\r\n" +
        '"odd,name ""quoted""",0,0,,,\r\n' +
        '"multi\nline",3,1,33.33,1-9,true\r\n',
    );
  });

  it("round-trips a report from a run", () => {
    const ch = [{ name: "A,B", modulo: 1, offset: 0 }];
    const run = new RunCoverage(ch, 10, 19);
    run.account(10, 19, missingSets(ch, [[12, 15, 16]]));
    const csv = reportToCsv({ ...run.report(), id: "x", set: "s" });
    expect(csv.split("\r\n")[1]).toBe('"A,B",10,7,70.00,12;15-16,');
  });
});

// --- property tests against a naive reference ------------------------------------------

/** Straightforward per-pulse reference: walks every pulse of [start, end]. */
function naiveReport(
  channels: readonly RunChannel[],
  start: number,
  end: number,
  received: (i: number, p: number) => boolean,
  cap: number,
): RunChannelReport[] {
  return channels.map((c, i) => {
    let expected = 0;
    let got = 0;
    const runs: [number, number][] = [];
    for (let p = start; p <= end; p++) {
      if (!isDue(c, p)) continue;
      expected++;
      if (received(i, p)) {
        got++;
        continue;
      }
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] + c.modulo === p) last[1] = p;
      else runs.push([p, p]);
    }
    const rep: RunChannelReport = {
      name: c.name,
      expected,
      received: got,
      coverage: expected === 0 ? null : Math.floor((got * 10000) / expected) / 100,
      missing: runs,
    };
    if (runs.length > cap) {
      rep.missing = [...runs.slice(0, cap - 1), [runs[cap - 1][0], runs[runs.length - 1][1]]];
      rep.truncated = true;
    }
    return rep;
  });
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Scenario {
  channels: RunChannel[];
  base: number;
  start: number;
  end: number; // last pulse of the data
  cuts: number[]; // sorted call boundaries inside [base, end]
  received: (i: number, p: number) => boolean;
  bits: Uint32Array[]; // per channel, bit k = pulse base + k
  cap: number;
  rotations: number[];
}

const scenarioArb = fc
  .record({
    channels: fc.array(
      fc.record({ modulo: fc.constantFrom(1, 1, 2, 3, 10, 37), offset: fc.integer({ min: -5, max: 60 }) }),
      { minLength: 1, maxLength: 5 },
    ),
    base: fc.integer({ min: 0, max: 2 ** 20 }).map((k) => 2 ** 40 + k),
    lead: fc.integer({ min: 0, max: 40 }),
    length: fc.integer({ min: 1, max: 400 }),
    trail: fc.integer({ min: 0, max: 40 }),
    density: fc.constantFrom(0, 0.01, 0.1, 0.5, 0.9, 1),
    burst: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer(),
    cuts: fc.array(fc.integer({ min: 0, max: 479 }), { maxLength: 30 }),
    cap: fc.constantFrom(1, 2, 3, 5, 1000),
    rotations: fc.array(fc.integer({ min: 0, max: 1023 }), { minLength: 32, maxLength: 32 }),
  })
  .map((s): Scenario => {
    const total = s.lead + s.length + s.trail;
    const start = s.base + s.lead;
    const rand = mulberry32(s.seed);
    const bits = s.channels.map(() => {
      const words = new Uint32Array(Math.ceil(total / 32) + 1).fill(0xffffffff);
      for (let k = 0; k < total; ) {
        const len = 1 + Math.floor(rand() * s.burst);
        const missing = rand() < s.density;
        for (let j = k; j < Math.min(total, k + len); j++) if (missing) words[j >>> 5] &= ~(1 << (j & 31));
        k += len;
      }
      return words;
    });
    const received = (i: number, p: number): boolean => {
      const k = p - s.base;
      return ((bits[i][k >>> 5] >>> (k & 31)) & 1) === 1;
    };
    return {
      channels: s.channels.map((c, i) => ({ name: `CH${i}`, ...c })),
      base: s.base,
      start,
      end: s.base + total - 1,
      cuts: [...new Set(s.cuts.filter((c) => c < total - 1))].sort((a, b) => a - b).map((c) => s.base + c),
      received,
      bits,
      cap: s.cap,
      rotations: s.rotations,
    };
  });

/** Calls [from, to] covering [base, end], split after each cut. */
function calls(s: Scenario): [number, number][] {
  const out: [number, number][] = [];
  let from = s.base;
  for (const c of s.cuts) {
    out.push([from, c]);
    from = c + 1;
  }
  out.push([from, s.end]);
  return out;
}

/** A ring-buffer view of pulses [from, to] of channel i, rotated so it may wrap. */
function ringWindow(s: Scenario, i: number, from: number, to: number, rotation: number): ReceivedBits {
  const n = to - from + 1;
  const words = new Uint32Array(Math.ceil(n / 32) + (rotation % 2));
  const totalBits = words.length * 32;
  const firstBit = rotation % totalBits;
  for (let k = 0; k < n; k++) {
    if (s.received(i, from + k)) {
      const b = (firstBit + k) % totalBits;
      words[b >>> 5] |= 1 << (b & 31);
    }
  }
  return { words, firstPulse: from, firstBit, length: n };
}

const FC = { seed: 20240611, numRuns: 300 } as const;

describe("RunCoverage, properties", () => {
  it("one big call, many small calls and the bit path all equal the naive reference", () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), (s, stopKnown) => {
        const stop = stopKnown ? s.end - Math.floor((s.end - s.start) / 3) : null;
        const opts = { maxRangesPerChannel: s.cap };
        const expectedEnd = stop ?? s.end;
        const naive = naiveReport(s.channels, s.start, expectedEnd, s.received, s.cap);

        const big = new RunCoverage(s.channels, s.start, stop, opts);
        big.account(s.base, s.end, s.received);
        const bigReport = big.report();
        expect(bigReport.channels).toEqual(naive);
        expect(bigReport.accountedUpTo).toBe(expectedEnd);
        expect(bigReport.complete).toBe(stopKnown);

        const small = new RunCoverage(s.channels, s.start, stop, opts);
        const bitsLinear = new RunCoverage(s.channels, s.start, stop, opts);
        const bitsRing = new RunCoverage(s.channels, s.start, stop, opts);
        calls(s).forEach(([from, to], k) => {
          small.account(from, to, s.received);
          bitsLinear.accountBits(from, to, (i) => ({ words: s.bits[i], firstPulse: s.base }));
          bitsRing.accountBits(from, to, (i) => ringWindow(s, i, from, to, s.rotations[k % 32]));
        });
        expect(small.report()).toEqual(bigReport);
        expect(bitsLinear.report()).toEqual(bigReport);
        expect(bitsRing.report()).toEqual(bigReport);
      }),
      FC,
    );
  });

  it("trimming with setStop equals a run that stopped there (truncated: merged range may reach the stop)", () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), (s, where) => {
        const opts = { maxRangesPerChannel: s.cap };
        const run = new RunCoverage(s.channels, s.start, null, opts);
        for (const [from, to] of calls(s)) run.account(from, to, s.received);
        const stop = s.start + Math.floor(where * (s.end - s.start));
        run.setStop(stop, s.received);
        const got = run.report();
        expect(got).toMatchObject({ stopPulseId: stop, accountedUpTo: stop, complete: true });
        const naive = naiveReport(s.channels, s.start, stop, s.received, s.cap);
        got.channels.forEach((c, i) => {
          const n = naive[i];
          expect([c.expected, c.received, c.coverage, c.truncated]).toEqual([n.expected, n.received, n.coverage, n.truncated]);
          if (n.truncated !== true) {
            expect(c.missing).toEqual(n.missing);
          } else {
            // same ranges, except that the merged last one may end anywhere up to the stop
            expect(c.missing.slice(0, -1)).toEqual(n.missing.slice(0, -1));
            const [cf, cl] = c.missing[c.missing.length - 1];
            const [nf, nl] = n.missing[n.missing.length - 1];
            expect(cf).toBe(nf);
            expect(cl).toBeGreaterThanOrEqual(nl);
            expect(cl).toBeLessThanOrEqual(dueAtOrBefore(stop, s.channels[i].modulo, s.channels[i].offset));
          }
        });
      }),
      FC,
    );
  });
});
