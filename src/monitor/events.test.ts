import { describe, expect, it } from "vitest";
import { MAX_EVENT_LIMIT, MemoryEventSink, type MonitorEvent } from "./events.js";

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0, 0);

function ev(channel: string, time: number, extra: Partial<MonitorEvent> = {}): MonitorEvent {
  return { kind: "status", channel, from: "ok", to: "error", reasons: [{ code: "no_data", message: "no value" }], pulseId: 1, time, ...extra };
}

describe("MemoryEventSink", () => {
  it("assigns increasing ids and returns newest first", () => {
    const sink = new MemoryEventSink();
    const a = sink.append(ev("A", T0));
    const b = sink.append(ev("B", T0 + 1));
    const c = sink.append(ev("A", T0 + 2));
    expect([a.id, b.id, c.id]).toEqual([1, 2, 3]);
    expect(sink.query({}).map((e) => e.id)).toEqual([3, 2, 1]);
  });

  it("filters by channel, channels and set", () => {
    const sink = new MemoryEventSink();
    sink.append(ev("A", T0, { set: "photonics" }));
    sink.append(ev("B", T0 + 1, { set: "photonics" }));
    sink.append(ev("C", T0 + 2));
    sink.append(ev("A", T0 + 3, { set: "laser" }));
    expect(sink.query({ channel: "A" }).map((e) => e.id)).toEqual([4, 1]);
    expect(sink.query({ set: "photonics" }).map((e) => e.id)).toEqual([2, 1]);
    expect(sink.query({ channels: ["B", "C"] }).map((e) => e.id)).toEqual([3, 2]);
    expect(sink.query({ channels: [] })).toEqual([]);
    expect(sink.query({ channel: "A", set: "laser" }).map((e) => e.id)).toEqual([4]);
  });

  it("filters by time: since inclusive, until exclusive", () => {
    const sink = new MemoryEventSink();
    for (let i = 0; i < 5; i++) sink.append(ev("A", T0 + i * 1000));
    expect(sink.query({ since: T0 + 1000 }).map((e) => e.time)).toEqual([T0 + 4000, T0 + 3000, T0 + 2000, T0 + 1000]);
    expect(sink.query({ until: T0 + 2000 }).map((e) => e.time)).toEqual([T0 + 1000, T0]);
    expect(sink.query({ since: T0 + 1000, until: T0 + 3000 }).map((e) => e.time)).toEqual([T0 + 2000, T0 + 1000]);
  });

  it("applies the limit: default 100, capped at 10 000, bad limits rejected with a code", () => {
    const sink = new MemoryEventSink(20_000);
    for (let i = 0; i < 10_050; i++) sink.append(ev("A", T0 + i));
    expect(sink.query({})).toHaveLength(100);
    expect(sink.query({ limit: 3 }).map((e) => e.id)).toEqual([10_050, 10_049, 10_048]);
    expect(sink.query({ limit: 50_000 })).toHaveLength(MAX_EVENT_LIMIT);
    expect(() => sink.query({ limit: 0 })).toThrow(expect.objectContaining({ code: "EVENT_QUERY_INVALID" }));
    expect(() => sink.query({ limit: 1.5 })).toThrow(expect.objectContaining({ code: "EVENT_QUERY_INVALID" }));
    expect(() => sink.query({ since: Number.NaN })).toThrow(expect.objectContaining({ code: "EVENT_QUERY_INVALID" }));
  });

  it("is bounded: the oldest events are dropped, ids keep counting", () => {
    const sink = new MemoryEventSink(3);
    for (let i = 0; i < 7; i++) sink.append(ev(i % 2 === 0 ? "A" : "B", T0 + i));
    expect(sink.size).toBe(3);
    expect(sink.query({}).map((e) => e.id)).toEqual([7, 6, 5]);
    expect(sink.query({ channel: "A" }).map((e) => e.id)).toEqual([7, 5]);
    expect(() => new MemoryEventSink(0)).toThrow(expect.objectContaining({ code: "EVENT_SINK_INVALID" }));
  });

  it("stores copies: later changes to an appended or returned event do not leak in", () => {
    const sink = new MemoryEventSink();
    const original = ev("A", T0, { gap: { firstPulse: 1, lastPulse: 2, firstTime: T0, lastTime: T0 + 10, missing: 2 } });
    sink.append(original);
    original.reasons[0].message = "changed";
    original.gap!.missing = 99;
    const [got] = sink.query({});
    got.channel = "Z";
    const [again] = sink.query({});
    expect(again).toMatchObject({ channel: "A", reasons: [{ message: "no value" }], gap: { missing: 2 } });
    expect(original.id).toBeUndefined();
  });
});
