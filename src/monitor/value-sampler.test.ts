import { afterEach, describe, expect, it, vi } from "vitest";
import { DecodedMessage, decodeMessage, encodeMessage, type ChannelToSend } from "../bsread/index.js";
import { ValueSampler } from "./value-sampler.js";
import { shapeValue } from "./value-shape.js";

const T0 = 1_700_000_000_000;
const SCALAR = "SAROP21-PBPS133:INTENSITY";
const WAVE = "SARFE10-PSSS059:SPECTRUM-Y";
const IMAGE = "SARES11-CAMS133-M1:FPICTURE";

function message(pulseId: number, extra: Partial<Record<string, ChannelToSend["value"]>> = {}): DecodedMessage {
  const wave = new Float64Array(4096).map((_, i) => Math.sin(i / 100) + (i === 1234 ? 50 : 0));
  const image = new Uint16Array(640 * 480).map((_, i) => i % 640);
  const channels: ChannelToSend[] = [
    { name: SCALAR, value: SCALAR in extra ? extra[SCALAR]! : pulseId / 10 },
    { name: WAVE, value: wave },
    { name: IMAGE, value: image, shape: [640, 480], compression: "bitshuffle_lz4" },
  ];
  return decodeMessage(encodeMessage({ pulseId, globalTimestamp: { sec: 1_700_000_000, ns: pulseId % 1_000_000 }, channels }));
}

afterEach(() => vi.restoreAllMocks());

describe("ValueSampler", () => {
  it("decodes nothing for channels nobody asked for, and nothing on the hot path at all", async () => {
    const decode = vi.spyOn(DecodedMessage.prototype, "value");
    const indexOf = vi.spyOn(DecodedMessage.prototype, "indexOf");
    const sampler = new ValueSampler();
    for (let p = 1; p <= 50; p++) sampler.offer(message(p), T0 + p * 10);
    expect(indexOf).not.toHaveBeenCalled();
    expect(decode).not.toHaveBeenCalled();

    // Interest in one channel: messages are looked up for it only, and still not decoded until read.
    await sampler.read(SCALAR, T0 + 600);
    indexOf.mockClear();
    for (let p = 51; p <= 100; p++) sampler.offer(message(p), T0 + p * 10);
    expect(indexOf.mock.calls.every(([name]) => name === SCALAR)).toBe(true);
    expect(decode).not.toHaveBeenCalled();
    const answer = await sampler.read(SCALAR, T0 + 1000);
    expect(answer).toMatchObject({ ok: true, sample: { channel: SCALAR, pulseId: 100, kind: "scalar", value: 10, type: "float64", shape: [1] } });
    expect(decode).toHaveBeenCalledTimes(1);
    expect(sampler.decodes).toBe(1);
  });

  it("first asks answer NO_VALUE_YET, or wait for the next message that carries the channel", async () => {
    const sampler = new ValueSampler();
    expect(await sampler.read(SCALAR, T0)).toMatchObject({ ok: false, code: "NO_VALUE_YET" });
    const waiting = sampler.read(WAVE, Date.now(), 5000);
    setTimeout(() => sampler.offer(message(7), Date.now()), 20);
    expect(await waiting).toMatchObject({ ok: true, sample: { pulseId: 7, kind: "waveform" } });
  });

  it("decodes at most every minIntervalMs, and once per pulse", async () => {
    const sampler = new ValueSampler({ minIntervalMs: 100 });
    await sampler.read(SCALAR, T0);
    sampler.offer(message(1), T0 + 1);
    expect(await sampler.read(SCALAR, T0 + 2)).toMatchObject({ ok: true, sample: { pulseId: 1 } });
    sampler.offer(message(2), T0 + 10);
    // 8 ms later: the last decode is repeated, not a new one.
    expect(await sampler.read(SCALAR, T0 + 10)).toMatchObject({ ok: true, sample: { pulseId: 1 } });
    expect(await sampler.read(SCALAR, T0 + 200)).toMatchObject({ ok: true, sample: { pulseId: 2 } });
    // Same pulse long after: no second decode of the same value.
    expect(await sampler.read(SCALAR, T0 + 900)).toMatchObject({ ok: true, sample: { pulseId: 2 } });
    expect(sampler.decodes).toBe(2);
  });

  it("keeps the newest message that carried a value: empty frames and repeats do not replace it", async () => {
    const sampler = new ValueSampler({ minIntervalMs: 0 });
    await sampler.read(SCALAR, T0);
    sampler.offer(message(10), T0 + 1);
    sampler.offer(message(11, { [SCALAR]: null }), T0 + 2);
    sampler.offer(message(9), T0 + 3);
    expect(await sampler.read(SCALAR, T0 + 4)).toMatchObject({ ok: true, sample: { pulseId: 10, value: 1 } });
  });

  it("forgets a channel interestMs after its last request", async () => {
    const sampler = new ValueSampler({ interestMs: 1000 });
    await sampler.read(SCALAR, T0);
    sampler.offer(message(1), T0 + 500);
    expect(sampler.interestedIn()).toEqual([SCALAR]);
    sampler.offer(message(2), T0 + 1500);
    expect(sampler.interestedIn()).toEqual([]);
    expect(await sampler.read(SCALAR, T0 + 1600)).toMatchObject({ ok: false, code: "NO_VALUE_YET" });
  });

  it("releases the held message when interest expires, with no message or request to trigger it", async () => {
    const sampler = new ValueSampler({ interestMs: 1000 });
    await sampler.read(IMAGE, T0);
    sampler.offer(message(1), T0 + 10);
    expect(sampler.heldMessages()).toBe(1);
    sampler.sweep(T0 + 900);
    expect(sampler.heldMessages()).toBe(1);
    sampler.sweep(T0 + 1001);
    expect(sampler.heldMessages()).toBe(0);
    expect(sampler.interestedIn()).toEqual([]);
  });

  it("wakes a request waiting for a first value when its interest is dropped", async () => {
    const sampler = new ValueSampler({ interestMs: 1000 });
    const start = Date.now();
    // Without the wake-up this waits a minute (past the test's time-out).
    const waiting = sampler.read(SCALAR, start, 60_000);
    sampler.sweep(start + 2000);
    expect(await waiting).toMatchObject({ ok: false, code: "NO_VALUE_YET" });
    expect(sampler.waiting()).toBe(0);
  });

  it("a request that waited in vain leaves no waiter behind", async () => {
    const sampler = new ValueSampler();
    const now = Date.now();
    expect(await sampler.read(SCALAR, now, 20)).toMatchObject({ ok: false, code: "NO_VALUE_YET" });
    expect(sampler.waiting()).toBe(0);
    expect(sampler.interestedIn()).toEqual([SCALAR]);
  });

  it("stamps each value with its arrival time on the server, not the decode time nor the IOC's clock", async () => {
    const sampler = new ValueSampler({ minIntervalMs: 0 });
    await sampler.read(SCALAR, T0);
    sampler.offer(message(4), T0 + 5);
    const answer = await sampler.read(SCALAR, T0 + 700);
    expect(answer).toMatchObject({ ok: true, sample: { pulseId: 4, receivedAt: T0 + 5, decodedAt: T0 + 700 } });
    sampler.offer(message(5), T0 + 800);
    expect(await sampler.read(SCALAR, T0 + 900)).toMatchObject({ ok: true, sample: { pulseId: 5, receivedAt: T0 + 800 } });
  });

  it("answers VALUE_UNDECODABLE with the decoder's code and message", async () => {
    const frames = encodeMessage({ pulseId: 5, channels: [{ name: SCALAR, value: 1.5 }] });
    frames[2] = new Uint8Array(3); // float64 needs 8 bytes
    const sampler = new ValueSampler();
    await sampler.read(SCALAR, T0);
    sampler.offer(decodeMessage(frames), T0 + 1);
    const answer = await sampler.read(SCALAR, T0 + 2);
    expect(answer).toMatchObject({ ok: false, code: "VALUE_UNDECODABLE", decodeCode: "VALUE_SIZE_MISMATCH", pulseId: 5 });
    expect(!answer.ok && answer.message).toMatch(SCALAR);
  });

  it("shrinks a long waveform to a min/max envelope that keeps its spike, and an image to 256 px with its full range", async () => {
    const sampler = new ValueSampler({ minIntervalMs: 0 });
    await sampler.read(WAVE, T0);
    await sampler.read(IMAGE, T0);
    sampler.offer(message(3), T0 + 1);
    const wave = await sampler.read(WAVE, T0 + 2);
    if (!wave.ok) throw new Error(wave.message);
    expect(wave.sample.downsampling).toEqual({ method: "minmax", bucket: 4, length: 4096 });
    const points = wave.sample.value as number[];
    expect(points).toHaveLength(2048);
    expect(Math.max(...points)).toBeCloseTo(50 + Math.sin(12.34), 6);
    expect(wave.sample.max).toBe(Math.max(...points));

    const image = await sampler.read(IMAGE, T0 + 2);
    if (!image.ok) throw new Error(image.message);
    expect(image.sample).toMatchObject({ kind: "image", shape: [640, 480], type: "uint16", min: 0, max: 639, downsampling: { method: "block-mean", factor: 3, width: 214, height: 160 } });
    const rows = image.sample.value as number[][];
    expect(rows).toHaveLength(160);
    expect(rows[0]).toHaveLength(214);
    expect(rows[5]![0]).toBe(1); // mean of columns 0..2
    expect(rows[5]![10]).toBe(31); // mean of columns 30..32
  });
});

describe("shapeValue", () => {
  it("keeps int64 exact: numbers while safe, strings beyond", () => {
    expect(shapeValue(42n, [1]).value).toBe(42);
    expect(shapeValue(2n ** 60n, [1]).value).toBe("1152921504606846976");
  });

  it("short waveforms pass unchanged, NaN as null", () => {
    const v = shapeValue(new Float32Array([1, NaN, 3]), [3]);
    expect(v).toEqual({ kind: "waveform", value: [1, null, 3], downsampling: { method: "none" }, min: 1, max: 3 });
  });
});
