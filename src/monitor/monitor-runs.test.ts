/** Runs through the Monitor: past and future start/stop by pulse id or time, hand-counted coverage. */
import { describe, expect, it } from "vitest";
import { Harness } from "../../test/support/monitor-harness.js";

describe("runs in the monitor", () => {
  it("a run opened afterwards with a start pulse in the past counts from there", () => {
    const h = new Harness([{ name: "A" }, { name: "M", modulo: 10, offset: 3 }]);
    h.run(300);
    const gapFrom = h.pulse + 101;
    h.valueOf = (_n, p) => (p >= gapFrom && p < gapFrom + 50 ? null : 1); // 50 pulses missing on both
    h.run(400);
    const start = h.pulse - 600; // before the gap, within the kept history
    const run = h.monitor.startRun({ set: "set", channels: ["A", "M"], startPulseId: start }, h.now);
    const stop = h.pulse + 300; // in the future
    h.monitor.stopRun(run.id, { stopPulseId: stop }, h.now);
    h.valueOf = () => 1;
    h.run(600);
    const report = h.monitor.report(run.id)!;
    expect(report.complete).toBe(true);
    expect(report.startPulseId).toBe(start);
    expect(report.stopPulseId).toBe(stop);
    const [a, m] = report.channels;
    const total = stop - start + 1;
    expect(a).toMatchObject({ name: "A", expected: total, received: total - 50, missing: [[gapFrom, gapFrom + 49]] });
    // M is due at pulses ≡ 3 (mod 10): count them in [start, stop] and in the gap by hand.
    const due = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((p) => (p - 3) % 10 === 0);
    const missingM = due(gapFrom, gapFrom + 49);
    expect(m!.expected).toBe(due(start, stop).length);
    expect(m!.received).toBe(due(start, stop).length - missingM.length);
    expect(m!.missing).toEqual([[missingM[0], missingM.at(-1)]]);
    expect(m!.coverage).toBeCloseTo((100 * m!.received) / m!.expected, 1);
  });

  it("start and stop by time map to pulses at 100 Hz", () => {
    const h = new Harness([{ name: "A" }]);
    h.run(300);
    const t = h.now;
    const run = h.monitor.startRun({ set: "set", channels: ["A"], startTime: t - 1000 }, h.now);
    expect(run.startPulseId).toBe(h.pulse - 100);
    h.run(500);
    const stopped = h.monitor.stopRun(run.id, { stopTime: h.now }, h.now);
    expect(stopped.stopPulseId).toBe(h.pulse);
    h.run(300);
    expect(h.monitor.report(run.id)).toMatchObject({ complete: true, channels: [{ expected: 601, received: 601, coverage: 100, missing: [] }] });
  });

  it("refuses what it cannot do, with codes", () => {
    const h = new Harness([{ name: "A" }]);
    expect(() => h.monitor.startRun({ set: "set", channels: ["A"] }, h.now)).toThrow(expect.objectContaining({ code: "RUN_NO_PULSE" }));
    h.run(100);
    const run = h.monitor.startRun({ set: "set", channels: ["A"] }, h.now);
    expect(() => h.monitor.stopRun(run.id, { stopPulseId: run.startPulseId - 5 }, h.now)).toThrow(expect.objectContaining({ code: "RUN_INVALID" }));
    expect(() => h.monitor.stopRun("r999", {}, h.now)).toThrow(expect.objectContaining({ code: "RUN_NOT_FOUND" }));
    const stopAt = run.startPulseId + 50;
    expect(h.monitor.stopRun(run.id, { stopPulseId: stopAt }, h.now).stopPulseId).toBe(stopAt);
    // Repeating the stop answers the run; moving it is refused and changes nothing.
    expect(h.monitor.stopRun(run.id, {}, h.now).stopPulseId).toBe(stopAt);
    expect(h.monitor.stopRun(run.id, { stopPulseId: stopAt }, h.now).stopPulseId).toBe(stopAt);
    expect(() => h.monitor.stopRun(run.id, { stopPulseId: stopAt + 10 }, h.now)).toThrow(expect.objectContaining({ code: "RUN_ALREADY_STOPPED" }));
    expect(h.monitor.run(run.id)!.stopPulseId).toBe(stopAt);
  });
});
