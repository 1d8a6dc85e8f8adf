/**
 * GET /api/v1/history on the real server with the emulator upstream: per-bucket counts of a
 * set's channels, unknown before a channel was watched, a gap when a channel stops, and a
 * clear error code for every bad query.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { http, sleep, until } from "../support/emulator-client.js";
import { startTestServer } from "../support/test-server.js";

interface HistoryChannel {
  name: string;
  expectedHz: number | null;
  received: number[];
  missing: number[];
  known: number[];
}
interface History {
  set: string;
  seconds: number;
  step: number;
  buckets: number;
  toPulseSecond: number | null;
  endTime: string;
  channels: HistoryChannel[];
}
interface ErrorAnswer {
  error: { code: string; message: string };
}

let emulator: Emulator;
let server: ChannelWatchServer;
let api: string;
let names: string[];
let watchedAt: number;

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0 });
  names = emulator.catalog.channels
    .filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape.length === 1 && c.shape[0] === 1)
    .slice(0, 3)
    .map((c) => c.name);
  server = await startTestServer(emulator);
  api = `${server.url}/api/v1`;
  expect((await http("POST", `${api}/sets`, { name: "hist", channels: names.map((name) => ({ name })) })).status).toBe(201);
  expect((await http("POST", `${api}/sets`, { name: "idle", channels: [{ name: names[0] }] })).status).toBe(201);
  expect((await http("POST", `${api}/sets/hist/watch`)).status).toBeLessThan(300);
  watchedAt = Date.now();
  await until(async () => (await http<{ ok: boolean }>("GET", `${api}/sets/hist/check`)).body.ok, 15_000, "set hist ok");
}, 30_000);

afterAll(async () => {
  await server?.stop();
  await emulator?.close();
});

const history = async (query: string) => http<History & ErrorAnswer>("GET", `${api}/history?${query}`);

describe("GET /history", () => {
  it("answers every channel of the set in buckets: unknown before it was watched, ~100 values a second since", async () => {
    await sleep(3000);
    const res = await history("set=hist&seconds=60&step=1");
    expect(res.status).toBe(200);
    const h = res.body;
    expect(h).toMatchObject({ set: "hist", seconds: 60, step: 1, buckets: 60 });
    expect(h.toPulseSecond).toEqual(expect.any(Number));
    expect(Math.abs(Date.parse(h.endTime) - Date.now())).toBeLessThan(3000);
    expect(h.channels.map((c) => c.name)).toEqual(names);
    const watchedFor = Math.floor((Date.now() - watchedAt) / 1000);
    for (const c of h.channels) {
      expect(c.expectedHz).toBe(100);
      for (const list of [c.received, c.missing, c.known]) expect(list).toHaveLength(60);
      // Watched a few seconds ago in a fresh server: the older part of the minute is unknown, not zero-rate ok.
      expect(c.known.slice(0, 60 - watchedFor - 2).every((k) => k === 0)).toBe(true);
      expect(c.received.slice(0, 60 - watchedFor - 2).every((r) => r === 0)).toBe(true);
      // The channel's first second (partly before it was watched) is left out as unknown: a
      // known second is a whole one. The last complete seconds are known and full.
      const first = c.known.indexOf(1);
      expect(first).toBeGreaterThan(0);
      for (let i = first; i < 60; i++) {
        expect(c.known[i]).toBe(1);
        expect(c.received[i]).toBeGreaterThanOrEqual(95);
        expect(c.missing[i]).toBe(0);
      }
    }
  });

  it("sums seconds into wider buckets", async () => {
    const res = await history("set=hist&seconds=3600&step=60");
    expect(res.status).toBe(200);
    const c = res.body.channels[0]!;
    expect(res.body.buckets).toBe(60);
    expect(c.known.every((k) => k >= 0 && k <= 60)).toBe(true);
    expect(c.known.slice(0, 55).every((k) => k === 0)).toBe(true);
    const known = c.known.reduce((a, b) => a + b, 0);
    expect(known).toBeGreaterThanOrEqual(2);
    expect(c.received.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(known * 95);
  });

  it("shows a stopped channel's seconds as missing values", async () => {
    const victim = names[1]!;
    const fault = emulator.inject({ kind: "channel_stop", channel: victim, params: {} });
    try {
      await sleep(2500);
      const res = await history("set=hist&seconds=10&step=1");
      const c = res.body.channels.find((x) => x.name === victim)!;
      const other = res.body.channels.find((x) => x.name === names[0])!;
      // The last full second of the stop: nothing received, every due pulse missing, and known.
      expect(c.known[9]).toBe(1);
      expect(c.received[9]).toBe(0);
      expect(c.missing[9]).toBeGreaterThanOrEqual(95);
      expect(other.missing[9]).toBe(0);
      expect(other.received[9]).toBeGreaterThanOrEqual(95);
    } finally {
      emulator.faults.remove(fault);
    }
  });

  it("a set that is not watched has no known seconds (no data, not zero-rate)", async () => {
    // Its channel is watched by "hist", so counts exist; the set itself answers them the same.
    const res = await history("set=idle&seconds=10&step=5");
    expect(res.status).toBe(200);
    expect(res.body.channels).toHaveLength(1);
    await http("DELETE", `${api}/sets/hist/watch`);
    try {
      const after = await history("set=idle&seconds=10&step=5");
      expect(after.body.channels[0]).toMatchObject({ expectedHz: null, known: [0, 0], received: [0, 0] });
    } finally {
      await http("POST", `${api}/sets/hist/watch`);
    }
  });

  it("refuses bad queries with stable codes", async () => {
    expect((await history("set=nope")).body.error.code).toBe("SET_NOT_FOUND");
    expect((await history("set=nope")).status).toBe(404);
    const cases: Array<[string, string]> = [
      ["", "VALIDATION_FAILED"],
      ["set=hist&step=0", "VALIDATION_FAILED"],
      ["set=hist&seconds=7200", "VALIDATION_FAILED"],
      ["set=hist&seconds=abc", "VALIDATION_FAILED"],
      ["set=hist&color=red", "VALIDATION_FAILED"],
      ["set=hist&seconds=100&step=60", "BAD_REQUEST"],
    ];
    for (const [query, code] of cases) {
      const res = await history(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe(code);
    }
  });

  it("is documented in the OpenAPI document", async () => {
    const doc = await http<{ paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> }>("GET", `${server.url}/openapi.json`);
    const op = doc.body.paths["/api/v1/history"]?.get;
    expect(op?.parameters?.map((p) => p.name).sort()).toEqual(["seconds", "set", "step"]);
  });
});
