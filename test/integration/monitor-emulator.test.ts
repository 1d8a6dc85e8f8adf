/**
 * The monitor against the emulator on loopback: a healthy set turns OK, every fault kind
 * turns into its reason code and clears after removal, the dispatcher going down gives
 * upstream_unreachable and back, and a faultless minute raises no false alarm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimChannel } from "../../src/simulator/channel-spec.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { MonitorRuntime } from "../../src/monitor/monitor-runtime.js";
import type { ChannelStatus } from "../../src/monitor/monitor.js";
import type { ReasonCode } from "../../src/monitor/status.js";
import { sleep } from "../support/emulator-client.js";

let emulator: Emulator;
let runtime: MonitorRuntime;
let watched: SimChannel[];

const status = (name: string): ChannelStatus => runtime.monitor.status(name, Date.now())!;
const codes = (name: string): ReasonCode[] => status(name).reasons.map((r) => r.code);

async function waitFor(what: string, condition: () => boolean, timeoutMs = 8000): Promise<number> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) {
      const snapshot = watched.map((c) => `${c.name}: ${status(c.name)?.status} ${codes(c.name).join(",")}`).join("\n");
      throw new Error(`${what} not reached within ${timeoutMs} ms\n${snapshot}`);
    }
    await sleep(20);
  }
  return Date.now() - start;
}

const allOk = () => watched.every((c) => status(c.name)?.status === "ok");

function pick(predicate: (c: SimChannel) => boolean, n = 1): SimChannel[] {
  return emulator.catalog.channels.filter(predicate).slice(0, n);
}

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0 });
  const db = (c: SimChannel) => c.backend === "sf-databuffer" && c.type !== "string";
  const scalar = (c: SimChannel) => db(c) && c.shape.length === 1 && c.shape[0] === 1 && c.modulo === 1;
  const source = emulator.catalog.sources.find((s) => s.backend === "sf-databuffer" && s.channels.length >= 3 && s.channels.length <= 12)!;
  watched = [
    ...pick(scalar, 8),
    ...pick((c) => db(c) && c.modulo === 10 && c.shape[0] === 1, 2),
    ...pick((c) => db(c) && c.shape.length === 1 && c.shape[0]! > 1 && c.modulo === 1, 2),
    ...pick((c) => c.backend === "sf-imagebuffer" && c.shape.length === 2, 1),
    ...source.channels.map((n) => emulator.catalog.byName.get(n)!),
  ];
  runtime = new MonitorRuntime({
    dispatchers: [emulator.backendUrl("sf-databuffer"), emulator.backendUrl("sf-imagebuffer")],
    timing: { evaluateMs: 100, recordedPollMs: 500, httpTimeoutMs: 800, streamRenewMs: 1500, retryMinMs: 200, retryMaxMs: 1000, refusedRetryMs: 2000, catalogRefreshMs: 2000 },
    thresholds: { warmupMs: 1000 },
  });
  runtime.start();
  runtime.watch("test-set", watched.map((c) => ({ name: c.name })));
  await waitFor("all channels ok", allOk, 15_000);
}, 30_000);

afterAll(async () => {
  await runtime.stop();
  // Leaving deletes the dispatcher streams it used.
  expect(emulator.streams.list()).toEqual([]);
  await emulator.close();
});

async function withFault(fault: Parameters<Emulator["inject"]>[0], expectation: () => boolean, what: string, timeoutMs = 8000): Promise<number> {
  const id = emulator.inject(fault);
  let detectMs: number;
  try {
    detectMs = await waitFor(what, expectation, timeoutMs);
  } finally {
    emulator.faults.remove(id);
  }
  await waitFor(`recovery from ${fault.kind}`, allOk, 15_000);
  return detectMs;
}

const scalarAt = (i: number) => watched[i]!.name;

describe("monitor against the emulator", () => {
  it("detects a stopped channel as no_data within 1 s at 100 Hz, then clears", async () => {
    const name = scalarAt(0);
    const ms = await withFault({ kind: "channel_stop", channel: name, params: {} }, () => codes(name).includes("no_data"), "no_data");
    expect(ms).toBeLessThanOrEqual(1000);
    expect(status(name).status).toBe("ok");
    // The alert latched with the gap.
    const alert = status(name).alert;
    expect(alert.state).toBe("recovered");
    expect(alert.gap?.missing).toBeGreaterThan(20);
  });

  it("source_stop: source_disconnected from the dispatcher and one source_down for the IOC", async () => {
    const src = watched.at(-1)!.source;
    const members = watched.filter((c) => c.source === src);
    await withFault(
      { kind: "source_stop", source: src, params: {} },
      () => members.every((c) => codes(c.name).includes("source_down") && codes(c.name).includes("source_disconnected")),
      "source_down",
    );
  });

  it("rate_drop -> rate_low, empty_values -> missing_values, pulse_gaps -> pulse_gaps", async () => {
    await withFault({ kind: "rate_drop", channel: scalarAt(1), params: { factor: 0.5 } }, () => codes(scalarAt(1)).includes("rate_low"), "rate_low");
    await withFault({ kind: "empty_values", channel: scalarAt(2), params: { fraction: 0.05 } }, () => codes(scalarAt(2)).includes("missing_values"), "missing_values");
    await withFault({ kind: "pulse_gaps", backend: "sf-databuffer", params: { every: 100, length: 3 } }, () => codes(scalarAt(3)).includes("pulse_gaps"), "pulse_gaps");
  }, 60_000);

  it("type_change and shape_change", async () => {
    await withFault({ kind: "type_change", channel: scalarAt(4), params: { type: "int32" } }, () => codes(scalarAt(4)).includes("type_changed"), "type_changed");
    await withFault({ kind: "shape_change", channel: scalarAt(5), params: { shape: [3] } }, () => codes(scalarAt(5)).includes("shape_changed"), "shape_changed");
  }, 40_000);

  it("not_recording, not_connected and not_configured from the recorded view", async () => {
    await withFault({ kind: "not_recording", channel: scalarAt(6), params: {} }, () => codes(scalarAt(6)).includes("not_recording"), "not_recording");
    await withFault({ kind: "not_connected", channel: scalarAt(6), params: {} }, () => codes(scalarAt(6)).includes("source_disconnected"), "source_disconnected");
    await withFault({ kind: "not_configured", channel: scalarAt(7), params: {} }, () => codes(scalarAt(7)).includes("not_configured"), "not_configured");
  }, 60_000);

  it("refuse_stream: the refused channel gets stream_refused, the others keep streaming", async () => {
    const refusedName = scalarAt(0);
    const id = emulator.inject({ kind: "refuse_stream", channel: refusedName, params: { message: "no recent data" } });
    const extra = pick((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape[0] === 1 && !watched.includes(c))[0]!;
    try {
      runtime.watch("second-set", [{ name: extra.name }]); // a new stream is requested
      await waitFor("stream_refused", () => codes(refusedName).includes("stream_refused"));
      expect(status(refusedName).reasons.find((r) => r.code === "stream_refused")!.message).toContain("no recent data");
      await waitFor("the others ok", () => watched.filter((c) => c.name !== refusedName).every((c) => status(c.name).status === "ok"));
    } finally {
      emulator.faults.remove(id);
      runtime.unwatch("second-set");
    }
    await waitFor("refused channel streamed again", allOk, 15_000);
  }, 40_000);

  it("dispatcher REST down or slow -> upstream_unreachable, and back", async () => {
    await withFault({ kind: "api_down", backend: "sf-databuffer", params: {} }, () => codes(scalarAt(0)).includes("upstream_unreachable"), "upstream_unreachable (down)");
    await withFault({ kind: "api_slow", backend: "sf-databuffer", params: { delayMs: 2000 } }, () => codes(scalarAt(0)).includes("upstream_unreachable"), "upstream_unreachable (slow)");
  }, 60_000);

  it("stream stalled or killed -> upstream_unreachable, then a new stream restores it", async () => {
    await withFault({ kind: "stream_stall", backend: "sf-databuffer", params: {} }, () => codes(scalarAt(0)).includes("upstream_unreachable"), "upstream_unreachable (stall)");
    await withFault({ kind: "stream_kill", backend: "sf-databuffer", params: {} }, () => codes(scalarAt(0)).includes("upstream_unreachable"), "upstream_unreachable (kill)");
  }, 60_000);

  it("counts a run's coverage with the missing pulse ranges", async () => {
    const names = watched.slice(0, 3).map((c) => c.name);
    const run = runtime.monitor.startRun({ set: "test-set", channels: names }, Date.now());
    await sleep(500);
    const id = emulator.inject({ kind: "channel_stop", channel: names[0]!, params: {} });
    await sleep(500);
    emulator.faults.remove(id);
    await sleep(700);
    runtime.monitor.stopRun(run.id, {}, Date.now());
    await waitFor("run complete", () => runtime.monitor.report(run.id)!.complete, 5000);
    const report = runtime.monitor.report(run.id)!;
    const [stopped, healthy] = report.channels;
    expect(healthy!.coverage).toBe(100);
    expect(healthy!.missing).toEqual([]);
    expect(stopped!.coverage!).toBeLessThan(90);
    expect(stopped!.missing.length).toBe(1);
    const [first, last] = stopped!.missing[0]!;
    expect(last - first + 1).toBe(stopped!.expected - stopped!.received);
    expect(last - first + 1).toBeGreaterThan(30);
    await waitFor("ok after run", allOk, 10_000);
  }, 30_000);

  it("switches streams make-before-break: a set change leaves no gap for unchanged channels", async () => {
    const extra = pick((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape[0] === 1 && !watched.includes(c), 3);
    const before = emulator.streams.list("sf-databuffer").map((s) => s.address);
    const feedBefore = runtime.monitor.feedStates().find((f) => f.id === "sf-databuffer")!;
    const lastPulse = feedBefore.lastPulseId;
    runtime.watch("third-set", extra.map((c) => ({ name: c.name })));
    await waitFor("new stream in use", () => emulator.streams.list("sf-databuffer").every((s) => !before.includes(s.address)) && extra.every((c) => status(c.name)?.status === "ok"), 10_000);
    expect(feedBefore.lastPulseId).toBeGreaterThan(lastPulse);
    for (const c of watched.filter((w) => w.backend === "sf-databuffer")) {
      expect(status(c.name).metrics.skippedPulses, c.name).toBe(0);
      expect(codes(c.name)).toEqual([]);
    }
    runtime.unwatch("third-set");
    await waitFor("all ok", allOk, 10_000);
  }, 30_000);

  it("raises no false alarm during a faultless minute", async () => {
    emulator.faults.clear();
    await waitFor("all ok", allOk, 10_000);
    const bad: string[] = [];
    const off = runtime.onEvaluate(() => {
      for (const c of watched) {
        const s = status(c.name);
        if (s.status !== "ok") bad.push(`${c.name}: ${s.status} ${s.reasons.map((r) => r.message).join("; ")}`);
      }
    });
    await sleep(60_000);
    off();
    expect(bad).toEqual([]);
  }, 90_000);
});
