/**
 * The emulator in a child process of its own (emulator-program.ts, from the tsc output:
 * call compileProject() first), optionally pinned to one core, so that what it costs is
 * measured apart from its consumers. Snapshots taken at the start and end of a window give
 * its CPU use and how well it kept the pulse clock.
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { TickerStats } from "../../src/simulator/pulse-ticker.js";
import { cpuBetween, pinnedCommand, threadCoresBetween, type CpuSample, type CpuUse, type ThreadCpu } from "./cpu.js";
import { compiledNodeArgs } from "./compiled.js";
import { REPO_ROOT } from "./paths.js";
import { ChildProcessHandle, type ProcessResult } from "./process.js";

const LIB_DIR = dirname(fileURLToPath(import.meta.url));

export interface StreamSnapshot {
  address: string;
  backend: string;
  channels: number;
  peers: number;
  messages: number;
  dropped: number;
}

export interface EmulatorSnapshot {
  cpu: CpuSample;
  threads: ThreadCpu;
  ticker: TickerStats;
  /** The last pulse the ticker emitted, and the pulse of the wall clock at the same moment. */
  currentPulse: number;
  clockPulse: number;
  streams: StreamSnapshot[];
  rssBytes: number;
}

export interface EmulatorProcessOptions {
  /** Catalog size. */
  channels: number;
  seed?: number;
  /** Pin the process (all its threads) to this core when possible. */
  core?: number;
  nodeFlags?: readonly string[];
  /** The program ends by itself after this long, whatever happens to its parent. */
  maxSeconds?: number;
}

export class EmulatorProcess {
  private constructor(
    private readonly child: ChildProcessHandle,
    readonly url: string,
    /** Base URL of the program's snapshot server (see fetchEmulatorSnapshot). */
    readonly control: string,
    readonly pinnedTo: number | undefined,
  ) {}

  static async start(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
    const script = relative(REPO_ROOT, join(LIB_DIR, "emulator-program.ts"));
    const programArgs = ["--channels", String(options.channels), "--seed", String(options.seed ?? 1), "--max-seconds", String(options.maxSeconds ?? 600)];
    const { command, args, pinnedTo } = pinnedCommand(options.core, process.execPath, compiledNodeArgs(script, programArgs, options.nodeFlags));
    const child = new ChildProcessHandle(command, args, { cwd: REPO_ROOT });
    try {
      const { url, control } = JSON.parse(await child.firstLine(60_000)) as { url: string; control: string };
      return new EmulatorProcess(child, url, control, pinnedTo);
    } catch (err) {
      await child.stop();
      throw err;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  backendUrl(backend: string): string {
    return `${this.url}/${backend}`;
  }

  snapshot(resetLate = false): Promise<EmulatorSnapshot> {
    return fetchEmulatorSnapshot(this.control, resetLate);
  }

  /** A CPU profile of the emulator from now until stopProfile (written there, by the emulator). */
  async startProfile(): Promise<void> {
    await this.get("/profile/start");
  }

  async stopProfile(path: string): Promise<void> {
    await this.get(`/profile/stop?path=${encodeURIComponent(path)}`);
  }

  private async get(path: string): Promise<void> {
    const res = await fetch(`${this.control}${path}`, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`emulator ${path}: HTTP ${res.status}: ${await res.text()}`);
  }

  /** SIGTERM (by pid): the program closes its streams and server and exits. */
  stop(): Promise<ProcessResult> {
    return this.child.stop(10_000);
  }
}

/** `resetLate`: the ticker's worst lateness starts afresh after this snapshot. */
export async function fetchEmulatorSnapshot(control: string, resetLate = false): Promise<EmulatorSnapshot> {
  const res = await fetch(`${control}/snapshot${resetLate ? "?resetLate=1" : ""}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`emulator snapshot: HTTP ${res.status}`);
  return (await res.json()) as EmulatorSnapshot;
}

export interface StreamWindow {
  address: string;
  channels: number;
  messagesPerSec: number;
  dropped: number;
}

export interface EmulatorWindow {
  cpu: CpuUse;
  /** Cores per thread name: the JS main thread is `node`, ZeroMQ's I/O thread `ZMQbg/IO/0`. */
  threads: ThreadCpu;
  /** Pulses the ticker emitted per second: 100 is SwissFEL's rate. */
  pulsesPerSec: number;
  /** Pulses skipped by the ticker (more than 1 s behind). */
  skipped: number;
  /** Worst delay between a pulse's slot and its emission (the second snapshot's, after a reset at the first). */
  maxLateMs: number;
  /** Pulses the ticker was behind the wall clock at the window's start and end (0 or 1 on time). */
  behindAtStart: number;
  behindAtEnd: number;
  streams: StreamWindow[];
  rssBytes: number;
}

/** What happened between two snapshots; the first should have been taken with resetLate. */
export function emulatorWindow(a: EmulatorSnapshot, b: EmulatorSnapshot): EmulatorWindow {
  const cpu = cpuBetween(a.cpu, b.cpu);
  return {
    cpu,
    threads: threadCoresBetween(a.threads, b.threads, cpu.seconds),
    pulsesPerSec: (b.ticker.pulses - a.ticker.pulses) / cpu.seconds,
    skipped: b.ticker.skipped - a.ticker.skipped,
    maxLateMs: b.ticker.maxLateMs,
    behindAtStart: a.clockPulse - a.currentPulse,
    behindAtEnd: b.clockPulse - b.currentPulse,
    streams: b.streams.map((s) => {
      const before = a.streams.find((x) => x.address === s.address);
      return {
        address: s.address,
        channels: s.channels,
        messagesPerSec: (s.messages - (before?.messages ?? 0)) / cpu.seconds,
        dropped: s.dropped - (before?.dropped ?? 0),
      };
    }),
    rssBytes: b.rssBytes,
  };
}
