/**
 * bench/server: what the live push and the REST status cost a running ChannelWatch.
 * The emulator (catalog 2,500) runs in its own process on core 0; ChannelWatch
 * (server-program.ts: ChannelWatchServer as `serve` runs it, SQLite) on core 1, watching
 * a 2,000-channel set created over REST; the clients (clients-program.ts) run on core 0.
 *
 * 1. Fan-out: windows of --duration-ms with 0 and 50 clients, alternating (--order), each
 *    with the same fault schedule (a channel_stop moving to another channel every 2 s).
 *    The fan-out's cost is the server's CPU with clients minus without, in the same run.
 * 2. REST: GET /api/v1/status?set=NAME, 200 sequential and 200 with 10 concurrent.
 * 3. Slow client: one client stops reading for 10 s; server memory and what it gets after.
 * With --cpu-prof, two more windows (0 and 50 clients) under the profiler (not measured).
 *
 * usage: npm run bench -- server [--clients 50] [--order 0,50,0,50] [--duration-ms 24000]
 *          [--channels 2000] [--catalog 2500] [--push-hz 4] [--no-rest] [--no-slow] [--cpu-prof]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { DispatcherClient } from "../../src/dispatcher/dispatcher-client.js";
import { compileProject, compiledNodeArgs, writeCompiledPackageJson } from "../lib/compiled.js";
import { pinnedCommand } from "../lib/cpu.js";
import { EmulatorProcess } from "../lib/emulator-process.js";
import { fixed } from "../lib/markdown.js";
import { REPO_ROOT, buildDir } from "../lib/paths.js";
import { watchSetUntilOk } from "../lib/server-api.js";
import { ChildProcessHandle, lastJsonLine, runProcess } from "../lib/process.js";
import type { FanoutResult, RestResult, SlowResult } from "./clients-program.js";
import { formatReport, type ServerBenchResult } from "./report.js";

const { values: cli } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    order: { type: "string", default: "0,50,0,50,0,50" },
    "duration-ms": { type: "string", default: "20000" },
    "stall-order": { type: "string", default: "0,50" },
    "stall-ms": { type: "string", default: "1000" },
    "stall-duration-ms": { type: "string", default: "16000" },
    "fault-every-ms": { type: "string", default: "2000" },
    channels: { type: "string", default: "2000" },
    catalog: { type: "string", default: "2500" },
    "push-hz": { type: "string", default: "4" },
    "resubscribe-ms": { type: "string", default: "250" },
    "no-rest": { type: "boolean", default: false },
    "no-slow": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
  },
});

const BUILD_DIR = buildDir("server");
const PROFILE_DIR = join(BUILD_DIR, "profiles");
const EMULATOR_CORE = 0;
const SERVER_CORE = 1;
const CLIENT_CORE = 0;
const SET = "bench-2000";

async function main(): Promise<void> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  console.error("server: compiling the project with tsc (the programs run from its output)");
  compileProject();
  writeCompiledPackageJson();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const database = join(BUILD_DIR, `store-${stamp}.sqlite`);

  const emulator = await EmulatorProcess.start({ channels: Number(cli.catalog), core: EMULATOR_CORE, maxSeconds: 1500 });
  let serverProcess: ChildProcessHandle | undefined;
  try {
    const dispatcher = emulator.backendUrl("sf-databuffer");
    const serverArgs = ["--dispatcher", dispatcher, "--database", `sqlite:${database}`, "--push-hz", cli["push-hz"], "--max-seconds", "1500"];
    const { command, args, pinnedTo } = pinnedCommand(SERVER_CORE, process.execPath, compiledNodeArgs("bench/server/server-program.ts", serverArgs, ["--expose-gc"]));
    serverProcess = new ChildProcessHandle(command, args, { cwd: REPO_ROOT });
    const { url: server, control } = JSON.parse(await serverProcess.firstLine(60_000)) as { url: string; control: string };
    const pinning =
      pinnedTo !== undefined && emulator.pinnedTo !== undefined
        ? `emulator and clients pinned to core ${EMULATOR_CORE}, server to core ${pinnedTo} (taskset)`
        : "not pinned (taskset unavailable)";

    // The set: the catalog's first N sf-databuffer channels, as bench/monitor watches them.
    const catalog = (await new DispatcherClient(dispatcher).liveChannels()).slice(0, Number(cli.channels));
    const settleMs = await watchSetUntilOk(server, SET, "bench/server", catalog.map((c) => c.name));
    console.error(`server: ${catalog.length} channels watched, all ok after ${settleMs} ms`);
    // Faults go to 100 Hz scalars, a different channel each time, spread over the set.
    const scalars = catalog.filter((c) => c.modulo === 1 && c.type !== "string" && c.shape.length === 1 && c.shape[0] === 1).map((c) => c.name);
    const perWindow = Math.floor(Number(cli["duration-ms"]) / Number(cli["fault-every-ms"]));
    const list = (s: string): number[] => s.split(",").filter((x) => x !== "").map(Number);
    type Window = { kind: "faults" | "stall"; clients: number; profile?: string };
    const windows: Window[] = [
      ...list(cli.order).map((clients) => ({ kind: "faults" as const, clients })),
      ...list(cli["stall-order"]).map((clients) => ({ kind: "stall" as const, clients })),
    ];
    if (cli["cpu-prof"]) {
      for (const kind of ["faults", "stall"] as const) {
        for (const n of [0, Number(cli.clients)]) windows.push({ kind, clients: n, profile: join(PROFILE_DIR, `server-${kind}-${n}-clients.cpuprofile`) });
      }
    }
    const stride = Math.max(2, Math.floor(scalars.length / (perWindow * windows.length)));
    const faultPool = scalars.filter((_, i) => i % stride === 0);
    const refChannel = scalars[1]!; // never faulted (stride >= 2)

    const clientsProgram = (mode: string, extra: string[]): Promise<unknown> => {
      const programArgs = ["--mode", mode, "--server", server, "--control", control, "--emulator", emulator.url, "--emulator-control", emulator.control, "--set", SET, "--ref-channel", refChannel, ...extra];
      const pinned = pinnedCommand(CLIENT_CORE, process.execPath, compiledNodeArgs("bench/server/clients-program.ts", programArgs));
      return runProcess(pinned.command, pinned.args, { cwd: REPO_ROOT, timeoutMs: 300_000 }).then(lastJsonLine);
    };

    const fanout: Array<FanoutResult & { kind: "faults" | "stall"; profile?: string }> = [];
    for (const [i, w] of windows.entries()) {
      const faults = faultPool.slice(i * perWindow, (i + 1) * perWindow);
      console.error(`server: window ${i + 1}/${windows.length}, ${w.kind}, ${w.clients} clients${w.profile ? " (profiled)" : ""}`);
      const r = (await clientsProgram("fanout", [
        "--clients", String(w.clients),
        ...(w.kind === "stall"
          ? ["--duration-ms", cli["stall-duration-ms"], "--stall-ms", cli["stall-ms"]]
          : ["--duration-ms", cli["duration-ms"], "--fault-every-ms", cli["fault-every-ms"], "--faults", faults.join(",")]),
        ...(w.profile ? ["--profile", w.profile] : []),
        ...(w.clients > 0 ? ["--dump-largest", join(BUILD_DIR, `largest-delta-${stamp}-w${i + 1}.json`)] : []),
      ])) as FanoutResult;
      console.error(`  server CPU ${fixed(r.server.cpu.cores, 3)} cores; per client ${fixed(r.bytesPerSec.median / 1024, 2)} KiB/s; push->client p99 ${fixed(r.pushToClientMs.p99, 1)} ms`);
      fanout.push({ ...r, kind: w.kind, ...(w.profile && { profile: w.profile }) });
      // After a stall the rates are off for the 10 s rate window: let that pass.
      await sleep(w.kind === "stall" ? 10_000 : 2000);
    }

    let restResult: RestResult | undefined;
    if (!cli["no-rest"]) {
      console.error("server: REST /status");
      // The profile (--cpu-prof) covers the sequential requests; their timings then include its cost.
      restResult = (await clientsProgram("rest", cli["cpu-prof"] ? ["--profile", join(PROFILE_DIR, "server-rest-sequential.cpuprofile")] : [])) as RestResult;
    }
    let slow: SlowResult | undefined;
    if (!cli["no-slow"]) {
      console.error("server: slow client");
      slow = (await clientsProgram("slow", ["--resubscribe-ms", cli["resubscribe-ms"]])) as SlowResult;
    }

    const result: ServerBenchResult = { settings: cli, pinning, channels: catalog.length, settleMs, fanout, rest: restResult, slow };
    const jsonPath = join(BUILD_DIR, `results-${stamp}.json`);
    writeFileSync(jsonPath, JSON.stringify(result, null, 2));
    console.log(formatReport(result));
    console.error(`server: raw results in ${relative(REPO_ROOT, jsonPath)}`);
    if (cli["cpu-prof"]) console.error(`server: CPU profiles in ${relative(REPO_ROOT, PROFILE_DIR)}`);
  } finally {
    const stopped = await serverProcess?.stop(15_000);
    if (stopped && stopped.code !== 0) console.error(`server-program ended with ${stopped.signal ?? `exit ${stopped.code}`}\n${stopped.stderr}`);
    await emulator.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${database}${suffix}`, { force: true });
  }
}

await main();
