/**
 * C programs of the benchmarks (baselines and fast receivers that must not be the limit):
 * libzmq's headers are installed when missing (bench/ingest/ensure-libzmq.sh, Debian), and
 * sources are compiled with `cc -O2`.
 */
import { fileURLToPath } from "node:url";
import { runProcess } from "./process.js";

const ENSURE_LIBZMQ = fileURLToPath(new URL("../ingest/ensure-libzmq.sh", import.meta.url));

/** Installs libzmq3-dev, a C compiler and pkg-config if missing; returns libzmq's version. */
export async function ensureLibzmq(): Promise<string> {
  // apt-get update + install can take a while on a fresh machine.
  const run = await runProcess("sh", [ENSURE_LIBZMQ], { timeoutMs: 600_000 });
  return run.stdout.trim();
}

export async function compileC(source: string, output: string, libraries: readonly string[] = []): Promise<string> {
  await runProcess("cc", ["-O2", "-Wall", "-Wextra", "-o", output, source, ...libraries], { timeoutMs: 60_000 });
  return output;
}
