/**
 * ChannelWatch as `channelwatch serve` runs it (ChannelWatchServer: SQLite store, monitor
 * runtime, REST, live WebSocket), in a process of its own for bench/server, plus a small
 * control server the benchmark reads the process's figures from:
 *
 *   node --expose-gc bench/.build/js/bench/server/server-program.js --dispatcher URL
 *     --database sqlite:PATH [--push-hz 4] [--max-seconds 900]
 *
 * Prints one JSON line `{"url", "control"}`. `GET {control}/snapshot` answers a
 * ServerSnapshot (CPU, per-thread CPU, memory); `GET {control}/memory` the same after two
 * full GCs (for memory figures only: a GC costs CPU); `GET {control}/profile/start` and
 * `/profile/stop?path=FILE` take a CPU profile of a window. Ends on SIGTERM or SIGINT
 * (graceful stop), or by itself after --max-seconds (exit code 1).
 */
import { parseArgs } from "node:util";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import { cpuSample, threadCpu, type CpuSample, type ThreadCpu } from "../lib/cpu.js";
import { runControlled } from "../lib/control-server.js";

const { values: cli } = parseArgs({
  options: {
    dispatcher: { type: "string" },
    database: { type: "string" },
    "push-hz": { type: "string", default: "4" },
    "max-seconds": { type: "string", default: "900" },
  },
});
if (!cli.dispatcher || !cli.database) throw new Error("--dispatcher and --database are required");

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface ServerSnapshot {
  cpu: CpuSample;
  threads: ThreadCpu;
  memory: MemoryFigures;
  /** true when the figures were taken right after two full GCs. */
  afterGc: boolean;
}

const server = await ChannelWatchServer.start({
  port: 0,
  host: "127.0.0.1",
  dispatchers: [cli.dispatcher],
  sources: [],
  database: cli.database,
  tokens: [],
  live: { pushHz: Number(cli["push-hz"]) },
  logger: false,
});

function memory(): MemoryFigures {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

function snapshot(afterGc: boolean): ServerSnapshot {
  return { cpu: cpuSample(), threads: threadCpu(process.pid), memory: memory(), afterGc };
}

const gc = (globalThis as { gc?: () => void }).gc;

async function answer(url: URL): Promise<unknown> {
  switch (url.pathname) {
    case "/snapshot":
      return snapshot(false);
    case "/memory":
      if (!gc) throw new Error("run with --expose-gc");
      gc();
      gc();
      return snapshot(true);
    default:
      return undefined;
  }
}

const control = await runControlled({ name: "server-program", maxSeconds: Number(cli["max-seconds"]), answer, stop: () => server.stop() });
console.log(JSON.stringify({ url: server.url, control }));
