/**
 * CPU use for benchmarks: this process's CPU time and event-loop use between two samples,
 * per-thread CPU time of any process (Linux /proc), and pinning child processes to one
 * core with `taskset`, so that "on one core" figures are what they say.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";

/** Serializable (it crosses process boundaries as JSON). */
export interface CpuSample {
  /** Date.now() */
  wallMs: number;
  /** process.cpuUsage(): every thread of the process, user and system. */
  userUs: number;
  systemUs: number;
  /** performance.eventLoopUtilization(): cumulative ms. */
  loopIdleMs: number;
  loopActiveMs: number;
}

export function cpuSample(): CpuSample {
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  return { wallMs: Date.now(), userUs: cpu.user, systemUs: cpu.system, loopIdleMs: loop.idle, loopActiveMs: loop.active };
}

export interface CpuUse {
  seconds: number;
  /** CPU seconds per wall second: 1 = one core busy. */
  cores: number;
  /** Share of the CPU time spent in the kernel. */
  systemShare: number;
  /** Share of the time the event loop was busy (not waiting for I/O or timers). */
  eventLoopUtilization: number;
}

export function cpuBetween(a: CpuSample, b: CpuSample): CpuUse {
  const seconds = (b.wallMs - a.wallMs) / 1000;
  const user = b.userUs - a.userUs;
  const system = b.systemUs - a.systemUs;
  const active = b.loopActiveMs - a.loopActiveMs;
  const idle = b.loopIdleMs - a.loopIdleMs;
  return {
    seconds,
    cores: (user + system) / 1e6 / seconds,
    systemShare: user + system > 0 ? system / (user + system) : 0,
    eventLoopUtilization: active + idle > 0 ? active / (active + idle) : 0,
  };
}

// ---- per thread (Linux) ----

let clockTicks: number | undefined;

/** Kernel clock ticks per second (USER_HZ), the unit of /proc/PID/task/TID/stat times. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const run = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    const n = Number(run.stdout?.trim());
    clockTicks = run.status === 0 && n > 0 ? n : 100;
  }
  return clockTicks;
}

/** CPU seconds per thread name (threads of the same name summed), e.g. `node`, `ZMQbg/IO/0`. */
export type ThreadCpu = Record<string, number>;

/** Per-thread CPU seconds of a process so far; empty where /proc is not there. */
export function threadCpu(pid: number): ThreadCpu {
  const out: ThreadCpu = {};
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  const hz = ticksPerSecond();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      // The name is in parentheses and may contain spaces: the fields follow its last ")".
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 after the name.
      const seconds = (Number(fields[11]) + Number(fields[12])) / hz;
      out[name] = (out[name] ?? 0) + seconds;
    } catch {
      // The thread ended between readdir and read.
    }
  }
  return out;
}

/** Cores used per thread name between two samples of threadCpu (1 = one core busy). */
export function threadCoresBetween(a: ThreadCpu, b: ThreadCpu, seconds: number): ThreadCpu {
  const out: ThreadCpu = {};
  for (const [name, s] of Object.entries(b)) {
    const cores = (s - (a[name] ?? 0)) / seconds;
    if (cores > 0.005) out[name] = cores;
  }
  return out;
}

// ---- pinning ----

let tasksetWorks: boolean | undefined;

/** Can child processes be pinned to `core` here (Linux with taskset, and the core exists)? */
export function canPin(core: number): boolean {
  tasksetWorks ??= process.platform === "linux" && spawnSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" }).status === 0;
  return tasksetWorks && core < availableParallelism();
}

/**
 * The command that runs `command args` on one core (`taskset -c CORE`), or unpinned when
 * that cannot be done; `pinnedTo` says which. taskset execs the command, so the pid stays.
 */
export function pinnedCommand(
  core: number | undefined,
  command: string,
  args: readonly string[],
): { command: string; args: string[]; pinnedTo: number | undefined } {
  if (core === undefined || !canPin(core)) return { command, args: [...args], pinnedTo: undefined };
  return { command: "taskset", args: ["-c", String(core), command, ...args], pinnedTo: core };
}
