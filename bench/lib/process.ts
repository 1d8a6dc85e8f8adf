/**
 * Child processes for benchmarks: every benchmark program runs in its own process so that
 * one's JIT state, heap and threads cannot distort another's figures. Processes are
 * stopped by their own pid only, and never outlive the benchmark that started them.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A started process whose output is collected; stdout is also readable line by line. */
export class ChildProcessHandle {
  readonly exited: Promise<ProcessResult>;
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private stdout = "";
  private stderr = "";
  private lineWaiters: Array<() => void> = [];

  constructor(
    readonly command: string,
    readonly args: readonly string[],
    options: SpawnOptions = {},
  ) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      this.stdout += chunk;
      for (const wake of this.lineWaiters.splice(0)) wake();
    });
    this.child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.on("error", reject);
      this.child.on("close", (code, signal) => {
        for (const wake of this.lineWaiters.splice(0)) wake();
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first complete stdout line; rejects when the process exits or the time is up first. */
  async firstLine(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const newline = this.stdout.indexOf("\n");
      if (newline >= 0) return this.stdout.slice(0, newline);
      if (!this.running) throw new Error(`${this.describe()} exited before printing a line\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.describe()} printed nothing within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.lineWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the process to end by itself; kills it (by pid) when it overruns. */
  async wait(timeoutMs: number): Promise<ProcessResult> {
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<"overrun">((resolve) => {
      timer = setTimeout(() => resolve("overrun"), timeoutMs);
    });
    const outcome = await Promise.race([this.exited, overrun]);
    clearTimeout(timer);
    if (outcome !== "overrun") return outcome;
    await this.stop();
    throw new Error(`${this.describe()} did not finish within ${timeoutMs} ms\n${this.stderr}`);
  }

  /** SIGTERM, then SIGKILL if it is still there after graceMs. */
  async stop(graceMs = 2000): Promise<ProcessResult> {
    if (this.running) this.child.kill("SIGTERM");
    const timer = setTimeout(() => {
      if (this.running) this.child.kill("SIGKILL");
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    return [this.command, ...this.args].join(" ");
  }
}

/** Runs a program to its end; throws with its stderr when it fails or overruns. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs: number },
): Promise<ProcessResult> {
  const child = new ChildProcessHandle(command, args, options);
  const result = await child.wait(options.timeoutMs);
  if (result.code !== 0) {
    throw new Error(`${child.describe()} failed (${result.signal ?? `exit ${result.code}`})\n${result.stderr}`);
  }
  return result;
}

/** Arguments that run a TypeScript program with this Node and tsx, as `npm run bench` does. */
export function tsNodeArgs(script: string, args: readonly string[], nodeFlags: readonly string[] = []): string[] {
  return [...nodeFlags, "--import", "tsx", script, ...args];
}

/** The last non-empty stdout line parsed as JSON: the result line of a benchmark program. */
export function lastJsonLine(result: ProcessResult): unknown {
  const lines = result.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] ?? "");
}
