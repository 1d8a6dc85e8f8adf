/**
 * Builds the C sender (plain sockets, speaks ZMTP itself) and the C receiver (Debian's
 * libzmq, libzmq3-dev) into bench/.build/ingest/, installing libzmq3-dev first when it
 * is missing (ensure-libzmq.sh).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { runProcess } from "../lib/process.js";
import { BUILD_DIR, INGEST_DIR } from "./paths.js";

export interface NativeTools {
  sender: string;
  receiver: string;
  /** libzmq version the C programs link against (pkg-config). */
  libzmqVersion: string;
}

async function compile(source: string, output: string, libraries: readonly string[]): Promise<void> {
  await runProcess("cc", ["-O2", "-Wall", "-Wextra", "-o", output, join(INGEST_DIR, "c", source), ...libraries], { timeoutMs: 60_000 });
}

export async function buildNativeTools(): Promise<NativeTools> {
  // apt-get update + install can take a while on a fresh machine.
  const ensured = await runProcess("sh", [join(INGEST_DIR, "ensure-libzmq.sh")], { timeoutMs: 600_000 });
  mkdirSync(BUILD_DIR, { recursive: true });
  const tools = { sender: join(BUILD_DIR, "sender"), receiver: join(BUILD_DIR, "receiver") };
  await compile("sender.c", tools.sender, []);
  await compile("receiver.c", tools.receiver, ["-lzmq"]);
  return { ...tools, libzmqVersion: ensured.stdout.trim() };
}
