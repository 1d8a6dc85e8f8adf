/** Runs the real `channelwatch` CLI as a child process (through tsx), for integration tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { until } from "./emulator-client.js";

const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
const children = new Set<ChildProcess>();

export interface CliProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** The test runner's environment without CHANNELWATCH_* (a developer's own settings), plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CHANNELWATCH_")));
  return { ...clean, ...env };
}

export function spawnCli(args: string[], env: Record<string, string> = {}): CliProcess {
  return observeProcess(spawn(process.execPath, ["--import", "tsx", cli, ...args], { stdio: ["ignore", "pipe", "pipe"], env: childEnv(env) }));
}

/** Collects a piped child's output and exit code; `tracked` holds it until it exits, for cleanup. */
export function observeProcess(child: ChildProcess, tracked: Set<ChildProcess> = children): CliProcess {
  tracked.add(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = once(child, "exit").then(([code]) => {
    tracked.delete(child);
    return code as number | null;
  });
  return { child, out: () => out, err: () => err, exited };
}

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a command to its end. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const p = spawnCli(args, env);
  const code = await p.exited;
  return { code, out: p.out(), err: p.err() };
}

/** Waits for `ChannelWatch listening on URL` and returns the URL. */
export async function listeningUrl(p: CliProcess, timeoutMs = 30_000): Promise<string> {
  const pattern = /ChannelWatch listening on (http:\/\/\S+)/;
  await until(() => pattern.test(p.out()) || p.child.exitCode !== null, timeoutMs, "the server's URL printed");
  const match = pattern.exec(p.out());
  if (!match) throw new Error(`the CLI exited with ${p.child.exitCode}: ${p.err()}`);
  return match[1]!;
}

/** For afterEach/afterAll: no child outlives its test. */
export function killCliChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children.clear();
}

/** A loopback port nobody listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}
