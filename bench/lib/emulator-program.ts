/**
 * The emulator alone in its own process, for benchmarks that measure it or feed from it
 * (started by emulator-process.ts):
 *
 *   node --import tsx bench/lib/emulator-program.ts --channels N [--seed S] [--max-seconds T]
 *
 * Prints one JSON line `{"url", "control"}`. `GET {control}/snapshot` answers an
 * EmulatorSnapshot (CPU, event loop, ticker, streams); `?resetLate=1` then restarts the
 * ticker's worst-lateness figure, so the next snapshot's covers a window.
 * `GET {control}/profile/start` and `GET {control}/profile/stop?path=FILE` take a CPU
 * profile of a window only (not the catalog build and start-up). Ends on SIGTERM or
 * SIGINT, or by itself after --max-seconds (exit code 1).
 */
import { parseArgs } from "node:util";
import { Emulator } from "../../src/simulator/emulator.js";
import { pulseIdAt } from "../../src/simulator/pulse-clock.js";
import { cpuSample, threadCpu } from "./cpu.js";
import type { EmulatorSnapshot } from "./emulator-process.js";
import { runControlled } from "./control-server.js";

const { values: cli } = parseArgs({
  options: {
    channels: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    "max-seconds": { type: "string", default: "600" },
  },
});

const emulator = await Emulator.start({ port: 0, channels: Number(cli.channels), seed: Number(cli.seed) });

function snapshot(): EmulatorSnapshot {
  const cpu = cpuSample();
  return {
    cpu,
    threads: threadCpu(process.pid),
    ticker: { ...emulator.ticker.stats },
    currentPulse: emulator.ticker.currentPulse,
    clockPulse: pulseIdAt(cpu.wallMs),
    streams: emulator.streams.list().map((s) => ({
      address: s.address,
      backend: s.backend,
      channels: s.request.channels.length,
      peers: s.peers,
      messages: s.stats.messages,
      dropped: s.stats.dropped,
    })),
    rssBytes: process.memoryUsage.rss(),
  };
}


async function answer(url: URL): Promise<unknown> {
  switch (url.pathname) {
    case "/snapshot": {
      const body = snapshot();
      // The ticker keeps only its worst lateness since start; a window needs its own.
      if (url.searchParams.get("resetLate") === "1") emulator.ticker.stats.maxLateMs = 0;
      return body;
    }
    default:
      return undefined;
  }
}

const control = await runControlled({ name: "emulator-program", maxSeconds: Number(cli["max-seconds"]), answer, stop: () => emulator.close() });
console.log(JSON.stringify({ url: emulator.url, control }));
