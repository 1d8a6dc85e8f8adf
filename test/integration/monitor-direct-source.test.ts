/**
 * A direct bsread source (PUSH sender, PULL receiver; and PUB/SUB): its channels join the
 * catalog, get a live view only (recorded: not checked), and a silent source is
 * upstream_unreachable, never ok.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Sender } from "../../src/bsread/index.js";
import { MonitorRuntime, parseSourceOption } from "../../src/monitor/monitor-runtime.js";
import { sleep, until } from "../support/emulator-client.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Sends a two-channel message every 10 ms until stopped. */
function pulses(sender: Sender, names: string[]): () => void {
  let pulseId = 40_000_000_000;
  const timer = setInterval(() => {
    pulseId++;
    void sender.send({ pulseId, channels: names.map((name, i) => ({ name, value: pulseId * (i + 1) })) });
  }, 10);
  return () => clearInterval(timer);
}

describe("direct sources", () => {
  it("parses --source options", () => {
    expect(parseSourceOption("tcp://cam-server:9000")).toEqual({ address: "tcp://cam-server:9000", mode: "sub" });
    expect(parseSourceOption("tcp://127.0.0.1:9999?mode=pull")).toEqual({ address: "tcp://127.0.0.1:9999", mode: "pull" });
    expect(() => parseSourceOption("http://x:1")).toThrow(/tcp:\/\/host:port/);
    expect(() => parseSourceOption("tcp://x:1?mode=push")).toThrow(/mode must be sub or pull/);
  });

  for (const mode of ["pull", "sub"] as const) {
    it(`watches a ${mode === "pull" ? "PUSH" : "PUB"} sender's channels with a live view only`, async () => {
      const sender = new Sender({ address: "tcp://127.0.0.1:*", mode: mode === "pull" ? "push" : "pub" });
      await sender.ready();
      cleanups.push(() => sender.close());
      const names = ["CAMSRV:INTENSITY", "CAMSRV:CENTROID-X"];
      let stopPulses = pulses(sender, names);
      cleanups.push(() => stopPulses());
      const runtime = new MonitorRuntime({
        dispatchers: [],
        sources: [{ address: sender.endpoint, mode }],
        timing: { evaluateMs: 100, streamSilenceMs: 500 },
        thresholds: { warmupMs: 500 },
      });
      cleanups.push(() => runtime.stop());
      runtime.start();
      runtime.watch("cam", names.map((name) => ({ name })));
      const status = (n: string) => runtime.monitor.status(n, Date.now())!;
      await until(() => names.every((n) => status(n).status === "ok"), 8000, "direct channels ok");
      expect(status(names[0]!).recorded).toEqual({ checked: false });
      expect(status(names[0]!).source).toBe(sender.endpoint);
      expect(runtime.monitor.directChannels().map((c) => c.name).sort()).toEqual([...names].sort());
      expect(status(names[1]!).metrics.lastValue).toEqual(expect.any(Number));

      stopPulses();
      await until(() => status(names[0]!).status === "unknown", 3000, "silent source unknown");
      expect(status(names[0]!).reasons[0]!.code).toBe("upstream_unreachable");
      expect(status(names[0]!).reasons[0]!.message).toMatch(new RegExp(`source ${sender.endpoint.replace(/[.*]/g, "\\$&")}`));
      stopPulses = pulses(sender, names);
      await until(() => names.every((n) => status(n).status === "ok"), 15_000, "back to ok");
      await sleep(50);
    }, 30_000);
  }
});
