/**
 * Every fault kind through the real /sim API: injecting it changes what a dispatcher
 * client sees (REST or bsread stream), and clearing it restores the healthy picture.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DecodedMessage } from "../../src/bsread/index.js";
import type { SimChannel } from "../../src/simulator/channel-spec.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { StreamTap, http, sleep, until } from "../support/emulator-client.js";

let emulator: Emulator;
let db: string;
let sim: string;
const taps: StreamTap[] = [];

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0 });
  db = emulator.backendUrl("sf-databuffer");
  sim = `${emulator.url}/sim`;
});

afterEach(async () => {
  while (taps.length) await taps.pop()!.close();
  await http("DELETE", `${sim}/faults`);
  emulator.streams.closeAll();
});

afterAll(async () => {
  await emulator.close();
});

const scalars = () =>
  emulator.catalog.channels.filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape.length === 1 && c.shape[0] === 1 && c.type !== "string");

function source(): { address: string; channels: SimChannel[] } {
  const s = emulator.catalog.sources.find((src) => {
    const chs = src.channels.map((n) => emulator.catalog.byName.get(n)!);
    return src.backend === "sf-databuffer" && chs.filter((c) => c.modulo === 1).length >= 3;
  })!;
  return { address: s.address, channels: s.channels.map((n) => emulator.catalog.byName.get(n)!).filter((c) => c.modulo === 1).slice(0, 3) };
}

async function inject(fault: Record<string, unknown>): Promise<string> {
  const res = await http<{ id: string }>("POST", `${sim}/faults`, fault);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function clear(id: string): Promise<void> {
  expect((await http("DELETE", `${sim}/faults/${id}`)).status).toBe(204);
}

async function stream(names: string[], mapping = "fill-null"): Promise<StreamTap> {
  const res = await http<{ stream: string }>("POST", `${db}/stream`, { channels: names.map((name) => ({ name })), mapping: { incomplete: mapping }, compression: "none" });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const tap = new StreamTap(res.body.stream);
  taps.push(tap);
  await tap.next(1, 0, 5000);
  return tap;
}

async function state(name: string): Promise<Record<string, unknown>> {
  const res = await http<Array<Record<string, unknown>>>("POST", `${db}/channels/state`, { channels: [{ name, queryLatest: true }] });
  return res.body[0]!;
}

const valuesOf = (messages: DecodedMessage[], index: number) => messages.map((m) => !m.isEmpty(index));
const fraction = (flags: boolean[]) => flags.filter(Boolean).length / flags.length;

describe("fault injection", () => {
  it("channel_stop: the channel's values go empty and its latestEventDate freezes; clearing restores", async () => {
    const [a, b] = scalars();
    const tap = await stream([a!.name, b!.name]);
    const id = await inject({ kind: "channel_stop", channel: a!.name });
    await sleep(50);
    const during = await tap.next(20);
    expect(valuesOf(during, 0).every((v) => !v)).toBe(true);
    expect(valuesOf(during, 1).every(Boolean)).toBe(true);
    const frozen = (await state(a!.name)).latestEventDate as string;
    await sleep(300);
    expect((await state(a!.name)).latestEventDate).toBe(frozen);
    await clear(id);
    await sleep(50);
    expect(valuesOf(await tap.next(10), 0).every(Boolean)).toBe(true);
    expect((await state(a!.name)).latestEventDate).not.toBe(frozen);
  });

  it("source_stop: every channel of the IOC stops and is reported disconnected", async () => {
    const src = source();
    const other = scalars().find((c) => c.source !== src.address)!;
    const tap = await stream([...src.channels.map((c) => c.name), other.name]);
    const id = await inject({ kind: "source_stop", source: src.address });
    await sleep(50);
    const during = await tap.next(10);
    for (let i = 0; i < src.channels.length; i++) expect(valuesOf(during, i).some(Boolean)).toBe(false);
    expect(valuesOf(during, src.channels.length).every(Boolean)).toBe(true);
    expect(await state(src.channels[0]!.name)).toMatchObject({ connected: false });
    await clear(id);
    await sleep(50);
    expect(valuesOf(await tap.next(10), 0).every(Boolean)).toBe(true);
    expect(await state(src.channels[0]!.name)).toMatchObject({ connected: true });
  });

  it("rate_drop, empty_values and pulse_gaps thin a channel out as asked", async () => {
    const [a, b, c, d] = scalars();
    const tap = await stream([a!.name, b!.name, c!.name, d!.name]);
    const ids = [
      await inject({ kind: "rate_drop", channel: a!.name, params: { factor: 0.25 } }),
      await inject({ kind: "empty_values", channel: b!.name, params: { fraction: 0.5 } }),
      await inject({ kind: "pulse_gaps", channel: c!.name, params: { every: 10, length: 3 } }),
    ];
    await sleep(50);
    const during = await tap.next(200, undefined, 8000);
    expect(fraction(valuesOf(during, 0))).toBeCloseTo(0.25, 1);
    expect(fraction(valuesOf(during, 1))).toBeGreaterThan(0.35);
    expect(fraction(valuesOf(during, 1))).toBeLessThan(0.65);
    for (const m of during) expect(!m.isEmpty(2)).toBe(m.pulseId % 10 >= 3);
    expect(valuesOf(during, 3).every(Boolean)).toBe(true);
    for (const id of ids) await clear(id);
    await sleep(50);
    const after = await tap.next(20);
    for (let i = 0; i < 4; i++) expect(valuesOf(after, i).every(Boolean)).toBe(true);
  });

  it("pulse_gaps on a backend skips whole pulse ids in the stream", async () => {
    const [a] = scalars();
    const tap = await stream([a!.name]);
    const id = await inject({ kind: "pulse_gaps", backend: "sf-databuffer", params: { every: 20, length: 5 } });
    await sleep(50);
    const during = await tap.next(60);
    for (const m of during) expect(m.pulseId % 20).toBeGreaterThanOrEqual(5);
    await clear(id);
    await sleep(50);
    const after = await tap.next(30);
    expect(after.at(-1)!.pulseId - after[0]!.pulseId).toBe(29);
  });

  it("type_change and shape_change change the data header (a format change)", async () => {
    const [a, b] = scalars();
    const tap = await stream([a!.name, b!.name]);
    const t = await inject({ kind: "type_change", channel: a!.name, params: { type: "int32" } });
    const s = await inject({ kind: "shape_change", channel: b!.name, params: { shape: [4] } });
    await sleep(50);
    const [m] = await tap.next(1);
    expect(m!.channels[0]!.type).toBe("int32");
    expect(Number.isInteger(m!.channels[0]!.value())).toBe(true);
    expect(m!.channels[1]!.shape).toEqual([4]);
    expect((m!.channels[1]!.value() as ArrayLike<number>).length).toBe(4);
    await clear(t);
    await clear(s);
    await sleep(50);
    const [back] = await tap.next(1);
    expect(back!.channels[0]!.type).toBe(a!.type);
    expect(back!.channels[1]!.shape).toEqual([1]);
    expect(tap.messages.filter((x) => x.formatChanged).length).toBeGreaterThanOrEqual(3);
  });

  it("not_recording, not_connected and not_configured show in the dispatcher's state", async () => {
    const [a, b, c] = scalars();
    const ids = [
      await inject({ kind: "not_recording", channel: a!.name }),
      await inject({ kind: "not_connected", channel: b!.name }),
      await inject({ kind: "not_configured", channel: c!.name }),
    ];
    expect(await state(a!.name)).toMatchObject({ configured: true, connected: true, recording: false });
    expect(await state(b!.name)).toMatchObject({ configured: true, connected: false, recording: true });
    expect(await state(c!.name)).toMatchObject({ configured: false });
    const live = await http<Array<{ channels: Array<{ name: string }> }>>("GET", `${db}/channels/live`);
    expect(live.body[0]!.channels.some((x) => x.name === c!.name)).toBe(false);
    const frozen = (await state(a!.name)).latestEventDate;
    await sleep(200);
    expect((await state(a!.name)).latestEventDate).toBe(frozen);
    for (const id of ids) await clear(id);
    for (const ch of [a!, b!, c!]) expect(await state(ch.name)).toMatchObject({ configured: true, connected: true, recording: true });
  });

  it("refuse_stream: POST /stream fails with the dispatcher's error naming the channel and reason", async () => {
    const [a, b] = scalars();
    const id = await inject({ kind: "refuse_stream", channel: a!.name, params: { message: "channel has no recent data" } });
    const res = await http<Record<string, unknown>>("POST", `${db}/stream`, { channels: [{ name: a!.name }, { name: b!.name }] });
    expect(res.status).toBe(400);
    expect(res.body.exception).toBe("java.lang.IllegalArgumentException");
    expect(res.body.message).toContain(`${a!.name} - channel has no recent data`);
    expect(res.body.message).not.toContain(b!.name);
    await clear(id);
    expect((await http("POST", `${db}/stream`, { channels: [{ name: a!.name }] })).status).toBe(200);
  });

  it("api_slow delays and api_down refuses the REST API, per backend", async () => {
    const slow = await inject({ kind: "api_slow", backend: "sf-databuffer", params: { delayMs: 400 } });
    expect((await http("GET", `${db}/sources`)).ms).toBeGreaterThanOrEqual(390);
    expect((await http("GET", `${emulator.backendUrl("sf-imagebuffer")}/sources`)).ms).toBeLessThan(390);
    await clear(slow);
    const down = await inject({ kind: "api_down", backend: "sf-databuffer" });
    const res = await http<Record<string, unknown>>("GET", `${db}/channels/live`);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe(503);
    expect((await http("GET", `${sim}/clock`)).status).toBe(200);
    await clear(down);
    expect((await http("GET", `${db}/channels/live`)).status).toBe(200);
  });

  it("stream_stall silences the stream without closing it; clearing resumes it", async () => {
    const [a] = scalars();
    const tap = await stream([a!.name]);
    let stalls = 0;
    tap.receiver.on("stall", () => stalls++);
    const id = await inject({ kind: "stream_stall", backend: "sf-databuffer" });
    await sleep(100);
    const count = tap.messages.length;
    await sleep(700);
    expect(tap.messages.length).toBe(count);
    expect(stalls).toBeGreaterThanOrEqual(1);
    expect((await http<unknown[]>("GET", `${db}/streams`)).body).toHaveLength(1);
    await clear(id);
    await tap.next(5);
  });

  it("stream_kill closes the streams and refuses new ones until cleared", async () => {
    const [a] = scalars();
    await stream([a!.name]);
    const id = await inject({ kind: "stream_kill", backend: "sf-databuffer" });
    expect((await http<unknown[]>("GET", `${db}/streams`)).body).toEqual([]);
    expect((await http("POST", `${db}/stream`, { channels: [{ name: a!.name }] })).status).toBe(503);
    await clear(id);
    await stream([a!.name]);
  });

  it("a fault with a duration expires by itself", async () => {
    const [a] = scalars();
    await inject({ kind: "not_recording", channel: a!.name, durationMs: 300 });
    expect((await http<unknown[]>("GET", `${sim}/faults`)).body).toHaveLength(1);
    await until(async () => (await http<unknown[]>("GET", `${sim}/faults`)).body.length === 0, 2000, "fault expiry");
    expect(await state(a!.name)).toMatchObject({ recording: true });
  });
});

describe("/sim API", () => {
  it("rejects bad faults with a 4xx naming the wrong field", async () => {
    const [a] = scalars();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: "meteor_strike", channel: a!.name }, "kind"],
      [{ kind: "channel_stop", channel: "NO:SUCH" }, "channel"],
      [{ kind: "channel_stop" }, "channel"],
      [{ kind: "channel_stop", channel: a!.name, backend: "sf-databuffer" }, "backend"],
      [{ kind: "rate_drop", channel: a!.name, params: { factor: 2 } }, "params.factor"],
      [{ kind: "rate_drop", channel: a!.name }, "params.factor"],
      [{ kind: "pulse_gaps", channel: a!.name, params: { every: 5, length: 9 } }, "params.length"],
      [{ kind: "type_change", channel: a!.name, params: { type: "float128" } }, "params.type"],
      [{ kind: "shape_change", channel: a!.name, params: { shape: [0] } }, "params.shape"],
      [{ kind: "api_down", backend: "sf-nothing" }, "backend"],
      [{ kind: "api_slow", params: { delayMs: -1 } }, "params.delayMs"],
      [{ kind: "channel_stop", channel: a!.name, params: { factor: 1 } }, "params.factor"],
      [{ kind: "channel_stop", channel: a!.name, durationMs: "soon" }, "durationMs"],
      [{ kind: "channel_stop", channel: a!.name, colour: "red" }, "colour"],
    ];
    for (const [fault, field] of cases) {
      const res = await http<{ error: { code: string; field: string; message: string } }>("POST", `${sim}/faults`, fault);
      expect(res.status, JSON.stringify(fault)).toBe(400);
      expect(res.body.error.code).toBe("FAULT_INVALID");
      expect(res.body.error.field, JSON.stringify(res.body)).toBe(field);
    }
    const notJson = await http<{ error: { code: string } }>("POST", `${sim}/faults`, "{oops", "application/json");
    expect(notJson.status).toBe(400);
    expect((await http("DELETE", `${sim}/faults/f999999`)).status).toBe(404);
  });

  it("lists faults and tells the clock", async () => {
    const [a] = scalars();
    await inject({ kind: "channel_stop", channel: a!.name, durationMs: 60_000 });
    const list = await http<Array<Record<string, unknown>>>("GET", `${sim}/faults`);
    expect(list.body[0]).toMatchObject({ kind: "channel_stop", channel: a!.name, durationMs: 60_000 });
    expect(list.body[0]!.remainingMs).toBeGreaterThan(50_000);
    const clock = await http<{ pulseId: number; time: string; timestamp: { sec: number; ns: number } }>("GET", `${sim}/clock`);
    expect(clock.body.timestamp.ns % 1_000_000).toBe(clock.body.pulseId % 1_000_000);
    expect(Math.abs(Date.parse(clock.body.time) - Date.now())).toBeLessThan(1000);
    expect((await http<{ removed: number }>("DELETE", `${sim}/faults`)).body.removed).toBe(1);
  });
});
