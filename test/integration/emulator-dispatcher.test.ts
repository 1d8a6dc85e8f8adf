/**
 * The emulator's dispatcher API over real HTTP, and its output streams through a real
 * bsread receiver on loopback: endpoints, shapes, errors and stream lifecycle.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SimChannel } from "../../src/simulator/channel-spec.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { StreamTap, http, sleep, until } from "../support/emulator-client.js";

let emulator: Emulator;
let db: string;
let ib: string;
const taps: StreamTap[] = [];

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0, streamIdleTimeoutMs: 1500 });
  db = emulator.backendUrl("sf-databuffer");
  ib = emulator.backendUrl("sf-imagebuffer");
});

afterEach(async () => {
  while (taps.length) await taps.pop()!.close();
  emulator.faults.clear();
  emulator.streams.closeAll();
});

afterAll(async () => {
  await emulator.close();
});

function pick(predicate: (c: SimChannel) => boolean): SimChannel {
  const c = emulator.catalog.channels.find(predicate);
  if (!c) throw new Error("catalog lacks a channel for this test");
  return c;
}

const scalar = () => pick((c) => c.backend === "sf-databuffer" && c.type === "float64" && c.shape[0] === 1 && c.modulo === 1);

async function openStream(base: string, body: Record<string, unknown>, mode: "sub" | "pull" = "sub"): Promise<{ address: string; tap: StreamTap }> {
  const res = await http<{ stream: string }>("POST", `${base}/stream`, body);
  expect(res.status).toBe(200);
  const tap = new StreamTap(res.body.stream, mode);
  taps.push(tap);
  return { address: res.body.stream, tap };
}

describe("dispatcher REST API", () => {
  it("lists the live catalog per backend with the dispatcher's JSON shape", async () => {
    const res = await http<Array<{ backend: string; channels: Array<Record<string, unknown>> }>>("GET", `${db}/channels/live`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]!.backend).toBe("sf-databuffer");
    const channels = res.body[0]!.channels;
    expect(channels.length).toBeGreaterThan(1000);
    expect(Object.keys(channels[0]!).sort()).toEqual(["backend", "modulo", "name", "offset", "shape", "source", "type"]);
    expect(channels.every((c) => typeof c.source === "string" && (c.source as string).startsWith("tcp://"))).toBe(true);
    const images = await http<Array<{ channels: Array<{ shape: number[] }> }>>("GET", `${ib}/channels/live`);
    expect(images.body[0]!.channels.length).toBeGreaterThan(0);
    expect(images.body[0]!.channels.some((c) => c.shape.length === 2)).toBe(true);
    const total = channels.length + images.body[0]!.channels.length;
    expect(total).toBe(emulator.catalog.channels.length);
  });

  it("answers channel state for known, unknown and duplicate names, in both request spellings", async () => {
    const a = scalar();
    const res = await http<Array<Record<string, unknown>>>("POST", `${db}/channels/state`, {
      channels: [{ name: a.name, backend: "sf-databuffer", queryLatest: true }, { name: "NO-SUCH:CHANNEL", queryLatest: true }, { name: a.name }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    const known = res.body.find((s) => (s.channel as { name: string }).name === a.name)!;
    expect(known).toMatchObject({ channel: { name: a.name, backend: "sf-databuffer" }, configured: true, connected: true, recording: true });
    const latest = known.latestEventDate as string;
    expect(latest).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}[+-]\d\d:\d\d$/);
    const clock = await http<{ pulseId: number }>("GET", `${emulator.url}/sim/clock`);
    expect(Math.abs(Date.parse(latest) - Date.now())).toBeLessThan(2000);
    expect(Number(latest.slice(20, 29)) % 1_000_000).toBeLessThanOrEqual(clock.body.pulseId % 1_000_000 + 1_000_000);
    const unknown = res.body.find((s) => (s.channel as { name: string }).name === "NO-SUCH:CHANNEL")!;
    expect(unknown).toEqual({ channel: { name: "NO-SUCH:CHANNEL", backend: "sf-databuffer" }, configured: false, connected: false, recording: false });
    const plain = await http<Array<Record<string, unknown>>>("POST", `${db}/channels/state`, { channels: [a.name] });
    expect(plain.body[0]).not.toHaveProperty("latestEventDate");
    expect(plain.body[0]).toMatchObject({ configured: true });
  });

  it("answers bad requests with the dispatcher's error body", async () => {
    const bad = await http<Record<string, unknown>>("POST", `${db}/channels/state`, { channels: "nope" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, error: "Bad Request", exception: "java.lang.IllegalArgumentException", path: "/sf-databuffer/channels/state" });
    const broken = await http<Record<string, unknown>>("POST", `${db}/stream`, "{not json", "application/json");
    expect(broken.status).toBe(400);
    expect(broken.body.exception).toBe("org.springframework.http.converter.HttpMessageNotReadableException");
    const noChannels = await http<Record<string, unknown>>("POST", `${db}/stream`, { channels: [] });
    expect(noChannels.status).toBe(400);
    expect(noChannels.body.message).toMatch(/channels/);
    const badMapping = await http<Record<string, unknown>>("POST", `${db}/stream`, { channels: [{ name: scalar().name }], mapping: { incomplete: "zero" } });
    expect(badMapping.body.message).toMatch(/mapping.incomplete/);
    const missing = await http("GET", `${db}/nothing`);
    expect(missing.status).toBe(404);
  });

  it("lists the configured sources", async () => {
    const res = await http<Array<{ stream: string }>>("GET", `${db}/sources`);
    expect(res.body.length).toBe(emulator.catalog.sources.filter((s) => s.backend === "sf-databuffer").length);
    expect(res.body[0]!.stream).toMatch(/^tcp:\/\/[A-Za-z0-9-]+:\d+$/);
  });
});

describe("output streams", () => {
  it("streams real bsread at 100 Hz with SwissFEL timestamps, fill-null and compression", async () => {
    const a = scalar();
    const wave = pick((c) => c.backend === "sf-databuffer" && c.shape.length === 1 && c.shape[0]! > 1 && c.modulo === 1);
    const slow = pick((c) => c.backend === "sf-databuffer" && c.modulo === 10 && c.shape[0] === 1);
    const { address, tap } = await openStream(db, {
      channels: [{ name: a.name }, { name: wave.name }, { name: slow.name }],
      mapping: { incomplete: "fill-null" },
      compression: "bitshuffle_lz4",
      streamType: "pub_sub",
    });
    expect(address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const messages = await tap.next(60, 0, 8000);
    const ids = messages.map((m) => m.pulseId);
    // Consecutive pulse ids: one message per pulse.
    expect(ids.at(-1)! - ids[0]!).toBe(ids.length - 1);
    for (const m of messages) {
      expect(m.globalTimestamp.ns % 1_000_000).toBe(m.pulseId % 1_000_000);
      expect(m.dhCompression).toBe("bitshuffle_lz4");
      expect(m.channels.map((c) => c.name)).toEqual([a.name, wave.name, slow.name]);
      expect(m.channels[0]!.compression).toBe("bitshuffle_lz4");
      expect(typeof m.channels[0]!.value()).toBe("number");
      expect((m.channels[1]!.value() as ArrayLike<number>).length).toBe(wave.shape[0]);
      const due = (m.pulseId - slow.offset) % 10 === 0;
      expect(m.channels[2]!.isEmpty).toBe(!due);
      if (!m.channels[0]!.isEmpty) expect(m.channels[0]!.timestamp).toEqual(m.globalTimestamp);
    }
    // The stream keeps up with the wall clock.
    const elapsedMs = (messages.at(-1)!.globalTimestamp.sec - messages[0]!.globalTimestamp.sec) * 1000;
    expect(elapsedMs).toBeLessThanOrEqual(1000);
    const streams = await http<Array<{ stream: string; configuration: Record<string, unknown> }>>("GET", `${db}/streams`);
    expect(streams.body.map((s) => s.stream)).toEqual([address]);
    expect(streams.body[0]!.configuration).toMatchObject({ compression: "bitshuffle_lz4", mapping: { incomplete: "fill-null" } });
  });

  it("serves push_pull streams and images on the imagebuffer", async () => {
    const camera = pick((c) => c.backend === "sf-imagebuffer" && c.shape.length === 2);
    const { tap } = await openStream(ib, { channels: [{ name: camera.name }], streamType: "push_pull", compression: "none" }, "pull");
    const [m] = await tap.next(1, 0, 5000);
    const image = m!.channels[0]!;
    expect(image.shape).toEqual(camera.shape);
    expect((image.value() as ArrayLike<number>).length).toBe(camera.shape[0]! * camera.shape[1]!);
  });

  it("applies the requested modulo and the drop / provide-as-is mappings", async () => {
    const a = scalar();
    const slow = pick((c) => c.backend === "sf-databuffer" && c.modulo === 10 && c.shape[0] === 1);
    const { tap } = await openStream(db, { channels: [{ name: a.name, modulo: 5, offset: 2 }], mapping: { incomplete: "fill-null" } });
    const every5 = await tap.next(5, 0, 5000);
    for (const m of every5) expect((m.pulseId - 2) % 5).toBe(0);

    const asIs = await openStream(db, { channels: [{ name: a.name }, { name: slow.name }], mapping: { incomplete: "provide-as-is" } });
    const mixed = await asIs.tap.next(25, 0, 5000);
    for (const m of mixed) {
      const due = (m.pulseId - slow.offset) % 10 === 0;
      expect(m.channels.map((c) => c.name)).toEqual(due ? [a.name, slow.name] : [a.name]);
    }
    expect(mixed.filter((m) => m.formatChanged).length).toBeGreaterThan(1);

    emulator.inject({ kind: "channel_stop", channel: slow.name, params: {} });
    const dropped = await openStream(db, { channels: [{ name: a.name }, { name: slow.name }], mapping: { incomplete: "drop" } });
    const kept = await dropped.tap.next(15, 0, 5000);
    // Pulses where the stopped slow channel was due are incomplete and dropped.
    for (const m of kept) expect((m.pulseId - slow.offset) % 10).not.toBe(0);
  });

  it("deletes a stream by its address as text/plain or as a JSON string", async () => {
    const a = scalar();
    const one = await http<{ stream: string }>("POST", `${db}/stream`, { channels: [{ name: a.name }] });
    const two = await http<{ stream: string }>("POST", `${db}/stream`, { channels: [{ name: a.name }] });
    expect((await http("DELETE", `${db}/stream`, one.body.stream, "text/plain")).status).toBe(200);
    expect((await http("DELETE", `${db}/stream`, JSON.stringify(two.body.stream))).status).toBe(200);
    expect((await http<unknown[]>("GET", `${db}/streams`)).body).toEqual([]);
    const again = await http<Record<string, unknown>>("DELETE", `${db}/stream`, one.body.stream, "text/plain");
    expect(again.status).toBe(404);
  });

  it("cleans up a stream nobody connects to", async () => {
    const res = await http<{ stream: string }>("POST", `${db}/stream`, { channels: [{ name: scalar().name }] });
    expect(res.status).toBe(200);
    await until(async () => (await http<unknown[]>("GET", `${db}/streams`)).body.length === 0, 5000, "idle stream removed");
  });

  it("keeps a stream with a connected client", async () => {
    const { address } = await openStream(db, { channels: [{ name: scalar().name }] });
    await sleep(2500);
    const streams = await http<Array<{ stream: string }>>("GET", `${db}/streams`);
    expect(streams.body.map((s) => s.stream)).toEqual([address]);
  });
});
