/**
 * Every reason code of DESIGN.md §3 with a fake clock: when it appears, when it clears,
 * and its message. Messages are real bsread, encoded and decoded as on the wire.
 */
import { describe, expect, it } from "vitest";
import { BACKEND, Harness, T0 } from "../../test/support/monitor-harness.js";
import { Monitor } from "./monitor.js";

describe("rules", () => {
  it("starting: unknown until the warm-up is over, then ok", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(50);
    expect(h.codes("A")).toEqual(["starting"]);
    expect(h.level("A")).toBe("unknown");
    expect(h.message("A", "starting")).toMatch(/watched for 0\.5 s, judging after 1\.0 s/);
    h.run(100);
    expect(h.codes("A")).toEqual([]);
    expect(h.level("A")).toBe("ok");
  });

  it("never ok before anything is known: no stream, no catalog answer", () => {
    const m = new Monitor();
    m.watch("set", [{ name: "X" }], T0);
    m.evaluate(T0 + 10_000);
    expect(m.status("X", T0 + 10_000)!.status).toBe("unknown");
    expect(m.status("X", T0 + 10_000)!.reasons.map((r) => r.code)).toContain("upstream_unreachable");
  });

  it("upstream_unreachable when the stream is not connected or silent, and back", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(200);
    h.monitor.setFeedConnected(BACKEND, "dispatcher", false, "POST /stream: HTTP 503", h.now);
    h.monitor.evaluate(h.now);
    expect(h.codes("A")).toEqual(["upstream_unreachable"]);
    expect(h.message("A", "upstream_unreachable")).toMatch(/stream from sf-databuffer not connected: POST \/stream: HTTP 503 since \d\d:\d\d:\d\d/);
    h.monitor.setFeedConnected(BACKEND, "dispatcher", true, undefined, h.now);
    h.run(50);
    expect(h.codes("A")).toEqual([]);
    h.silence(1500);
    expect(h.codes("A")).toEqual(["upstream_unreachable"]);
    expect(h.message("A", "upstream_unreachable")).toMatch(/stream from sf-databuffer silent since/);
    expect(h.level("A")).toBe("unknown");
  });

  it("upstream_unreachable when the dispatcher's REST API is down, and back", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(200);
    h.monitor.setRestHealth(BACKEND, false, "GET /channels/live: no answer within 5000 ms", h.now);
    h.monitor.evaluate(h.now);
    expect(h.codes("A")).toContain("upstream_unreachable");
    expect(h.message("A", "upstream_unreachable")).toMatch(/dispatcher sf-databuffer unreachable since .*no answer within 5000 ms/);
    h.monitor.setRestHealth(BACKEND, true, undefined, h.now);
    h.run(30);
    expect(h.codes("A")).toEqual([]);
  });

  it("upstream_unreachable when the recorded state is stale", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(200);
    h.monitor.setRecorded(new Map(), [], h.now); // no fresh answer from now on
    const fetched = h.now;
    h.monitor.setRecorded(h.recorded, ["A"], fetched);
    h.now += 3 * h.monitor.timing.recordedPollMs + h.monitor.timing.httpTimeoutMs + 100;
    h.monitor.evaluate(h.now);
    expect(h.codes("A")).toContain("upstream_unreachable");
    expect(h.message("A", "upstream_unreachable")).toMatch(/recording state from dispatcher sf-databuffer unknown since/);
  });

  it("not_configured, not_recording, source_disconnected from the recorded view", () => {
    const h = new Harness([{ name: "A" }, { name: "B" }, { name: "C" }]);
    h.run(200);
    h.recorded.set("A", { ...h.recorded.get("A")!, configured: false });
    h.recorded.set("B", { ...h.recorded.get("B")!, recording: false });
    h.recorded.set("C", { ...h.recorded.get("C")!, connected: false });
    h.run(30);
    expect(h.codes("A")).toEqual(["not_configured"]);
    expect(h.message("A", "not_configured")).toBe("the dispatcher reports it not configured");
    expect(h.codes("B")).toContain("not_recording");
    expect(h.codes("C")).toEqual(["source_disconnected"]);
    for (const n of ["A", "B", "C"]) {
      expect(h.level(n)).toBe("error");
      h.recorded.set(n, { configured: true, connected: true, recording: true, latestEventDate: undefined, latestEventMs: h.now });
    }
    h.run(30);
    for (const n of ["A", "B", "C"]) expect(h.codes(n)).toEqual([]);
  });

  it("not_configured when the channel is absent from the catalog", () => {
    const h = new Harness([{ name: "A" }]);
    h.monitor.watch("set", [{ name: "A" }, { name: "GHOST" }], h.now);
    h.run(200);
    expect(h.codes("GHOST")).toEqual(["not_configured"]);
    expect(h.message("GHOST", "not_configured")).toBe("not in the dispatcher's channel catalog");
  });

  it("does not call a channel not_configured before every backend's catalog is in", () => {
    const m = new Monitor({ thresholds: { warmupMs: 0 } });
    m.setExpectedBackends(["sf-databuffer", "sf-imagebuffer"]);
    m.watch("set", [{ name: "CAM:IMAGE" }], T0);
    m.setCatalog("sf-databuffer", [{ name: "OTHER", backend: "sf-databuffer", type: "float64", shape: [1], modulo: 1, offset: 0, source: undefined }]);
    m.evaluate(T0 + 5000);
    expect(m.status("CAM:IMAGE", T0 + 5000)!.reasons.map((r) => r.code)).not.toContain("not_configured");
    expect(m.status("CAM:IMAGE", T0 + 5000)!.status).toBe("unknown");
    m.setCatalog("sf-imagebuffer", []);
    m.evaluate(T0 + 5100);
    expect(m.status("CAM:IMAGE", T0 + 5100)!.reasons.map((r) => r.code)).toEqual(["not_configured"]);
  });

  it("record_lag when the dispatcher's latest event is old while data flows", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(200);
    h.frozen.add("A");
    h.recorded.set("A", { ...h.recorded.get("A")!, latestEventMs: h.now - 6000 });
    h.run(30);
    expect(h.codes("A")).toEqual(["record_lag"]);
    expect(h.message("A", "record_lag")).toMatch(/latest recorded event is 6\.\d s old/);
    expect(h.level("A")).toBe("warning");
    h.frozen.delete("A");
    h.run(30);
    expect(h.codes("A")).toEqual([]);
  });

  it("stream_refused keeps the dispatcher's message", () => {
    const h = new Harness([{ name: "A" }, { name: "B" }]);
    h.run(200);
    h.monitor.setRefused(BACKEND, new Map([["A", "channel has no recent data"]]));
    h.run(30);
    expect(h.codes("A")).toContain("stream_refused");
    expect(h.message("A", "stream_refused")).toBe("the dispatcher refused to stream it: channel has no recent data");
    expect(h.codes("B")).toEqual([]);
    h.monitor.setRefused(BACKEND, new Map());
    h.run(30);
    expect(h.codes("A")).toEqual([]);
  });

  it("no_data within 0.5 s at 100 Hz while other channels arrive; clears with the next value", () => {
    const h = new Harness([{ name: "A" }, { name: "B" }]);
    h.run(200);
    let stopped = false;
    h.valueOf = (name) => (name === "A" && stopped ? null : 2.5);
    stopped = true;
    h.run(45);
    expect(h.codes("A")).toEqual([]);
    h.run(10);
    expect(h.codes("A")).toEqual(["no_data"]);
    expect(h.message("A", "no_data")).toMatch(/no value for 0\.[56] s \(last at pulse \d+\) while the stream is alive/);
    expect(h.codes("B")).toEqual([]);
    stopped = false;
    h.run(1);
    expect(h.codes("A")).not.toContain("no_data");
  });

  it("no_data waits 20 periods for a 10 Hz channel", () => {
    const h = new Harness([{ name: "SLOW", modulo: 10, offset: 3 }, { name: "FAST" }]);
    h.run(300);
    expect(h.codes("SLOW")).toEqual([]);
    h.valueOf = (name) => (name === "SLOW" ? null : 1);
    h.run(190);
    expect(h.codes("SLOW")).not.toContain("no_data");
    h.run(20);
    expect(h.codes("SLOW")).toContain("no_data");
  });

  it("rate_low below 90 % of the expected rate over 10 s; clears when the window is good again", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(1200);
    h.valueOf = (_n, p) => (p % 2 === 0 ? 1 : null);
    h.run(1100);
    expect(h.codes("A")).toContain("rate_low");
    expect(h.message("A", "rate_low")).toBe("rate 50.0 Hz, expected 100.0 Hz (last 10 s)");
    h.valueOf = () => 1;
    h.run(1200);
    expect(h.codes("A")).toEqual([]);
  });

  it("missing_values above 1 % empty values; none for a modulo channel's not-due pulses", () => {
    const h = new Harness([{ name: "A" }, { name: "M", modulo: 10 }]);
    h.run(1200);
    expect(h.codes("M")).toEqual([]);
    h.valueOf = (name, p) => (name === "A" && p % 20 === 0 ? null : 1);
    h.run(1100);
    expect(h.codes("A")).toEqual(["missing_values"]);
    expect(h.message("A", "missing_values")).toBe("5.0 % of values empty in the last 10 s");
    expect(h.level("A")).toBe("warning");
    expect(h.codes("M")).toEqual([]);
  });

  it("pulse_gaps when the stream skips pulse ids (modulo aware)", () => {
    const h = new Harness([{ name: "A" }, { name: "M", modulo: 10, offset: 0 }]);
    h.run(1200);
    h.run(300, { skip: (p) => p % 100 >= 95 }); // 5 of every 100 pulse ids never arrive
    expect(h.codes("A")).toContain("pulse_gaps");
    expect(h.message("A", "pulse_gaps")).toMatch(/^15 due pulses skipped by the stream in the last 10 s$/);
    expect(h.codes("M")).not.toContain("pulse_gaps"); // no due pulse of M (x0) was skipped
    h.run(1200);
    expect(h.codes("A")).toEqual([]);
  });

  it("type_changed and shape_changed against the first seen, and against pinned expectations", () => {
    const h = new Harness([{ name: "A" }, { name: "B", type: "int32" }]);
    h.monitor.watch("set", [{ name: "A" }, { name: "B", type: "float64" }], h.now);
    h.run(200);
    expect(h.codes("A")).toEqual([]);
    expect(h.codes("B")).toEqual(["type_changed"]);
    expect(h.message("B", "type_changed")).toBe("type int32, expected float64");
    h.channels[0] = { ...h.channels[0]!, type: "float32", shape: [3] };
    h.valueOf = (name) => (name === "A" ? new Float32Array([1, 2, 3]) : 1);
    h.run(20);
    expect(h.codes("A")).toEqual(["type_changed", "shape_changed"]);
    expect(h.message("A", "shape_changed")).toBe("shape [3], expected [1]");
    h.channels[0] = { ...h.channels[0]!, type: "float64", shape: [1] };
    h.valueOf = () => 1;
    h.run(20);
    expect(h.codes("A")).toEqual([]);
  });

  it("decode_error for a channel whose values do not decode; the others are unaffected", () => {
    const h = new Harness([{ name: "A" }, { name: "B" }]);
    h.run(200);
    h.valueOf = (name) => (name === "A" ? "corrupt" : 1);
    h.run(150);
    expect(h.codes("A")).toEqual(["decode_error"]);
    expect(h.message("A", "decode_error")).toMatch(/A: value has 3 bytes/);
    expect(h.codes("B")).toEqual([]);
    h.valueOf = () => 1;
    h.run(150);
    expect(h.codes("A")).toEqual([]);
  });

  it("time_skew when a channel's timestamp is more than 10 s off its pulse", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(200);
    h.timestampSkewMs = 20_000;
    h.run(150);
    expect(h.codes("A")).toEqual(["time_skew"]);
    expect(h.message("A", "time_skew")).toBe("timestamp 20.0 s off the pulse's");
    h.timestampSkewMs = 0;
    h.run(150);
    expect(h.codes("A")).toEqual([]);
  });

  it("source_down once all of a source's channels have no data", () => {
    const h = new Harness([
      { name: "S1", source: "tcp://IOC-DOWN:9999" },
      { name: "S2", source: "tcp://IOC-DOWN:9999" },
      { name: "OTHER", source: "tcp://IOC-UP:9999" },
    ]);
    h.run(200);
    h.valueOf = (name) => (name.startsWith("S") ? null : 1);
    h.run(100);
    expect(h.codes("S1")).toEqual(["source_down"]);
    expect(h.message("S1", "source_down")).toBe("source tcp://IOC-DOWN:9999 down: all 2 watched channels silent");
    const down = h.monitor.sources().find((s) => s.source === "tcp://IOC-DOWN:9999")!;
    expect(down.status).toBe("error");
    expect(down.reasons.map((r) => r.code)).toEqual(["source_down"]);
    expect(h.monitor.sources().find((s) => s.source === "tcp://IOC-UP:9999")!.status).toBe("ok");
    h.valueOf = () => 1;
    h.run(5);
    expect(h.codes("S1")).not.toContain("source_down");
  });

  it("keeps a reason's since while it persists", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(200);
    h.recorded.set("A", { ...h.recorded.get("A")!, recording: false });
    h.run(30);
    const since = h.monitor.status("A", h.now)!.reasons.find((r) => r.code === "not_recording")!.since;
    h.run(300);
    expect(h.monitor.status("A", h.now)!.reasons.find((r) => r.code === "not_recording")!.since).toBe(since);
  });

  it("raises an alert on error that latches with the gap after recovery, and reports every transition", () => {
    const h = new Harness([{ name: "A" }, { name: "B" }]);
    h.run(200);
    h.valueOf = (name) => (name === "A" ? null : 1);
    h.run(100);
    expect(h.monitor.status("A", h.now)!.alert.state).toBe("active");
    expect(h.monitor.sounding()).toEqual(["A"]);
    h.valueOf = () => 1;
    h.run(20);
    const alert = h.monitor.status("A", h.now)!.alert;
    expect(alert.state).toBe("recovered");
    expect(alert.gap!.missing).toBe(100);
    const kinds = h.monitor.events.query({ channel: "A" }).map((e) => e.kind).reverse();
    expect(kinds).toEqual(expect.arrayContaining(["status", "alert_raised", "alert_recovered"]));
    expect(h.monitor.ack("A", "operator", h.now)).toBe(true);
    expect(h.monitor.status("A", h.now)!.alert.state).toBe("none");
  });

  it("counts levels in the summary and leaves shelved channels out of the overall state", () => {
    const h = new Harness([{ name: "A" }, { name: "B" }]);
    h.run(200);
    h.recorded.set("A", { ...h.recorded.get("A")!, recording: false });
    h.run(30);
    expect(h.monitor.summary(undefined)).toEqual({ summary: { ok: 1, warning: 0, error: 1, unknown: 0 }, overall: "error" });
    h.monitor.shelve("A", h.now + 60_000, "IOC being repaired", "operator", h.now);
    expect(h.monitor.summary(undefined).overall).toBe("ok");
  });
});
