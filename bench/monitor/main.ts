/**
 * bench/monitor: what the monitor engine costs. (1) evaluate() time per cycle and decode +
 * ingest time per message for 1,000 / 10,000 / 50,000 watched channels, and the memory per
 * watched channel, each size in a fresh process without a network (evaluate-program.ts);
 * (2) end to end, MonitorRuntime watching 2,000 channels of the emulator's 100 Hz stream,
 * the emulator pinned to core 0 and the monitor to core 1 (runtime-program.ts). Programs
 * run from the tsc output (see lib/compiled.ts). See bench/RESULTS.md.
 *
 * usage: npm run bench -- monitor [--sizes 1000,10000,50000] [--cycles 100] [--hour-max 1000]
 *          [--e2e-channels 2000] [--e2e-catalog 2500] [--duration-ms 20000] [--settle-ms 30000]
 *          [--no-evaluate] [--no-e2e] [--cpu-prof]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { compileProject, compiledNodeArgs } from "../lib/compiled.js";
import { pinnedCommand } from "../lib/cpu.js";
import { EmulatorProcess } from "../lib/emulator-process.js";
import { REPO_ROOT, buildDir } from "../lib/paths.js";
import { lastJsonLine, runProcess } from "../lib/process.js";
import type { EvaluateResult } from "./evaluate-program.js";
import { monitorProfileShares, type ProfileShares } from "./profile-shares.js";
import { formatReport } from "./report.js";
import type { RuntimeResult } from "./runtime-program.js";

const { values: cli } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,50000" },
    cycles: { type: "string", default: "100" },
    "hour-max": { type: "string", default: "1000" },
    "e2e-channels": { type: "string", default: "2000" },
    "e2e-catalog": { type: "string", default: "2500" },
    "duration-ms": { type: "string", default: "20000" },
    "settle-ms": { type: "string", default: "30000" },
    "no-evaluate": { type: "boolean", default: false },
    "no-e2e": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
  },
});

const BUILD_DIR = buildDir("monitor");
const PROFILE_DIR = join(BUILD_DIR, "profiles");
const EMULATOR_CORE = 0;
const MONITOR_CORE = 1;

async function evaluateSize(channels: number): Promise<EvaluateResult> {
  const args = ["--channels", String(channels), "--cycles", cli.cycles];
  if (channels <= Number(cli["hour-max"])) args.push("--hour");
  if (cli["cpu-prof"]) args.push("--profile", join(PROFILE_DIR, `evaluate-${channels}.cpuprofile`));
  const run = await runProcess(process.execPath, compiledNodeArgs("bench/monitor/evaluate-program.ts", args, ["--expose-gc"]), { cwd: REPO_ROOT, timeoutMs: 900_000 });
  return lastJsonLine(run) as EvaluateResult;
}

async function endToEnd(): Promise<{ result: RuntimeResult; profile: ProfileShares | undefined; pinning: string }> {
  const emulator = await EmulatorProcess.start({ channels: Number(cli["e2e-catalog"]), core: EMULATOR_CORE, maxSeconds: 600 });
  try {
    const profilePath = join(PROFILE_DIR, "runtime-window.cpuprofile");
    const args = [
      "--dispatcher", emulator.backendUrl("sf-databuffer"),
      "--control", emulator.control,
      "--channels", cli["e2e-channels"],
      "--duration-ms", cli["duration-ms"],
      "--settle-ms", cli["settle-ms"],
      ...(cli["cpu-prof"] ? ["--profile", profilePath] : []),
    ];
    const { command, args: pinnedArgs, pinnedTo } = pinnedCommand(MONITOR_CORE, process.execPath, compiledNodeArgs("bench/monitor/runtime-program.ts", args));
    const timeoutMs = Number(cli["settle-ms"]) + Number(cli["duration-ms"]) + 60_000;
    const run = await runProcess(command, pinnedArgs, { cwd: REPO_ROOT, timeoutMs });
    const pinning =
      pinnedTo !== undefined && emulator.pinnedTo !== undefined
        ? `emulator pinned to core ${emulator.pinnedTo}, monitor to core ${pinnedTo} (taskset)`
        : "not pinned (taskset unavailable)";
    return { result: lastJsonLine(run) as RuntimeResult, profile: cli["cpu-prof"] ? monitorProfileShares(profilePath) : undefined, pinning };
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  console.error("monitor: compiling the project with tsc (the programs run from its output)");
  compileProject();
  const evaluations: EvaluateResult[] = [];
  if (!cli["no-evaluate"]) {
    for (const size of cli.sizes.split(",").map(Number)) {
      console.error(`monitor: evaluate with ${size} channels`);
      const r = await evaluateSize(size);
      console.error(`  evaluate median ${r.evaluateMs.median.toFixed(2)} ms, ${(r.memory.bytesPerChannel / 1024).toFixed(1)} KiB per channel`);
      evaluations.push(r);
    }
  }
  let e2e: Awaited<ReturnType<typeof endToEnd>> | undefined;
  if (!cli["no-e2e"]) {
    console.error(`monitor: end to end, ${cli["e2e-channels"]} channels of the emulator`);
    e2e = await endToEnd();
    console.error(`  ${e2e.result.messagesPerSec.toFixed(1)} msgs/s, monitor CPU ${e2e.result.cpu.cores.toFixed(3)} cores`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const jsonPath = join(BUILD_DIR, `results-${stamp}.json`);
  writeFileSync(jsonPath, JSON.stringify({ settings: cli, evaluations, endToEnd: e2e }, null, 2));
  console.log(formatReport(evaluations, e2e?.result, e2e?.profile, e2e?.pinning ?? ""));
  console.error(`monitor: raw results in ${relative(REPO_ROOT, jsonPath)}`);
  if (cli["cpu-prof"]) console.error(`monitor: CPU profiles in ${relative(REPO_ROOT, PROFILE_DIR)}`);
}

await main();
