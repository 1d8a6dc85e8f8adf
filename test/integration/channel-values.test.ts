/**
 * GET /api/v1/status/{channel}/value on the real server with the emulator upstream: a
 * scalar, a waveform and a camera image of one watched set answer their latest values
 * (shapes, kinds, pulse ids advancing), and every way of not having a value has its code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import type { SimChannel } from "../../src/simulator/channel-spec.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { http, sleep, until } from "../support/emulator-client.js";
import { startTestServer } from "../support/test-server.js";

let emulator: Emulator;
let server: ChannelWatchServer;
let api: string;
let scalar: SimChannel;
let waveform: SimChannel;
let image: SimChannel;
let stopped: SimChannel;
let aging: SimChannel;

interface ValueBody {
  channel: string;
  pulseId: number;
  time: string;
  type: string;
  shape: number[];
  kind: string;
  value: unknown;
  downsampling: { method: string };
  min: number | null;
  max: number | null;
  receivedAt: string;
  ageMs: number;
  error?: { code: string; message: string };
}

const valueOf = (name: string) => http<ValueBody>("GET", `${api}/status/${encodeURIComponent(name)}/value`);

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0 });
  const all = emulator.catalog.channels;
  const fast = (c: SimChannel) => c.modulo === 1;
  scalar = all.find((c) => fast(c) && c.backend === "sf-databuffer" && c.shape.length === 1 && c.shape[0] === 1 && c.type === "float64")!;
  waveform = all.find((c) => fast(c) && c.backend === "sf-databuffer" && c.shape.length === 1 && c.shape[0]! > 1)!;
  image = all.find((c) => fast(c) && c.backend === "sf-imagebuffer" && c.shape.length === 2)!;
  stopped = all.filter((c) => fast(c) && c.backend === "sf-databuffer" && c.shape[0] === 1 && c !== scalar)[3]!;
  aging = all.filter((c) => fast(c) && c.backend === "sf-databuffer" && c.shape[0] === 1 && c !== scalar)[4]!;
  server = await startTestServer(emulator);
  api = `${server.url}/api/v1`;
  const channels = [scalar, waveform, image, stopped, aging].map((c) => ({ name: c.name }));
  expect((await http("POST", `${api}/sets`, { name: "values", channels })).status).toBe(201);
  expect((await http("POST", `${api}/sets/values/watch`)).status).toBe(200);
  await until(async () => (await http<{ ok: boolean }>("GET", `${api}/sets/values/check`)).body.ok, 20_000, "set ok");
}, 40_000);

afterAll(async () => {
  await server?.stop();
  await emulator?.close();
});

describe("GET /status/{channel}/value", () => {
  it("a scalar: its number, type and shape, pulse ids advancing", async () => {
    const first = await valueOf(scalar.name);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ channel: scalar.name, kind: "scalar", type: "float64", shape: [1], downsampling: { method: "none" } });
    expect(typeof first.body.value).toBe("number");
    expect(first.body.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    // The time is the pulse's (emulator: ns low digits = pulse id % 1e6).
    expect(Number(first.body.time.slice(20, 29)) % 1_000_000).toBe(first.body.pulseId % 1_000_000);
    await sleep(300);
    const second = await valueOf(scalar.name);
    expect(second.body.pulseId).toBeGreaterThan(first.body.pulseId);
  });

  it("a waveform: an array of its length (or a 2048-point min/max envelope), with its range", async () => {
    const res = await valueOf(waveform.name);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "waveform", shape: [...waveform.shape], type: waveform.type });
    const points = res.body.value as number[];
    expect(points).toHaveLength(Math.min(waveform.shape[0]!, 2048));
    expect(res.body.min).toBe(Math.min(...points));
    expect(res.body.max).toBe(Math.max(...points));
  });

  it("a camera image: rows of at most 256 cells, its full-resolution min/max, pulse ids advancing", async () => {
    const first = await valueOf(image.name);
    expect(first.status).toBe(200);
    const [width, height] = image.shape as [number, number];
    expect(first.body).toMatchObject({ kind: "image", shape: [width, height], type: image.type });
    const rows = first.body.value as number[][];
    expect(rows.length).toBeLessThanOrEqual(256);
    expect(rows.length).toBe(first.body.downsampling.method === "none" ? height : Math.ceil(height / Math.ceil(Math.max(width, height) / 256)));
    expect(rows[0]!.length).toBeLessThanOrEqual(256);
    expect(first.body.max!).toBeGreaterThan(first.body.min!);
    await sleep(700); // images are decoded at most twice a second
    const second = await valueOf(image.name);
    expect(second.body.pulseId).toBeGreaterThan(first.body.pulseId);
  });

  it("a stopped channel nobody asked for before: 404 NO_VALUE_YET with the status' reason", async () => {
    const fault = emulator.inject({ kind: "channel_stop", channel: stopped.name, params: {} });
    try {
      await until(async () => (await http<{ status: string }>("GET", `${api}/status/${encodeURIComponent(stopped.name)}`)).body.status === "error", 5000, "stopped channel in error");
      const res = await valueOf(stopped.name);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: "NO_VALUE_YET" });
      expect(res.body.error!.message).toMatch(/no value/);
      expect(res.body.error!.message).toMatch(/status error/);
    } finally {
      emulator.faults.remove(fault);
    }
  });

  it("says how long ago the value arrived (server clock): small while it flows, growing once the channel stops", async () => {
    const live = await valueOf(aging.name);
    expect(live.status).toBe(200);
    expect(live.body.ageMs).toBeGreaterThanOrEqual(0);
    // 100 Hz channel: the value is from one of the last messages, not an old one.
    expect(live.body.ageMs).toBeLessThan(2000);
    expect(Date.parse(live.body.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    const fault = emulator.inject({ kind: "channel_stop", channel: aging.name, params: {} });
    try {
      const stoppedAt = Date.now();
      await until(async () => (await http<{ status: string }>("GET", `${api}/status/${encodeURIComponent(aging.name)}`)).body.status === "error", 5000, "aging channel in error");
      await sleep(500);
      const old = await valueOf(aging.name);
      expect(old.status).toBe(200);
      // The same message answers again, and its age covers at least the time since the stop began to show.
      const sinceStop = Date.now() - stoppedAt;
      expect(old.body.ageMs).toBeGreaterThanOrEqual(sinceStop - 300);
      expect(Date.parse(old.body.receivedAt)).toBeLessThanOrEqual(stoppedAt + 300);
    } finally {
      emulator.faults.remove(fault);
    }
  });

  it("an unwatched channel: 404 CHANNEL_NOT_WATCHED; documented in OpenAPI", async () => {
    const res = await valueOf("SOME-UNKNOWN:CHANNEL");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "CHANNEL_NOT_WATCHED" });
    const spec = await http<{ paths: Record<string, { get?: { responses: Record<string, unknown> } }> }>("GET", `${server.url}/openapi.json`);
    expect(Object.keys(spec.body.paths["/api/v1/status/{channel}/value"]!.get!.responses).sort()).toEqual(["200", "400", "404", "422"]);
  });
});
