/** Reading the server program's figures (server-program.ts) from another process. */
import { cpuBetween, threadCoresBetween, type CpuUse, type ThreadCpu } from "../lib/cpu.js";
import type { MemoryFigures, ServerSnapshot } from "./server-program.js";

export type { MemoryFigures, ServerSnapshot };

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** CPU and memory now; with `afterGc`, after two full GCs (memory figures only). */
export function serverSnapshot(control: string, afterGc = false): Promise<ServerSnapshot> {
  return getJson<ServerSnapshot>(`${control}/${afterGc ? "memory" : "snapshot"}`);
}

export async function startServerProfile(control: string): Promise<void> {
  await getJson(`${control}/profile/start`);
}

export async function stopServerProfile(control: string, path: string): Promise<void> {
  await getJson(`${control}/profile/stop?path=${encodeURIComponent(path)}`);
}

export interface ServerWindow {
  cpu: CpuUse;
  /** Cores per thread name (`node` is the JS main thread, `ZMQbg/IO/0` ZeroMQ's I/O thread). */
  threads: ThreadCpu;
  memoryStart: MemoryFigures;
  memoryEnd: MemoryFigures;
}

export function serverWindow(a: ServerSnapshot, b: ServerSnapshot): ServerWindow {
  const cpu = cpuBetween(a.cpu, b.cpu);
  return { cpu, threads: threadCoresBetween(a.threads, b.threads, cpu.seconds), memoryStart: a.memory, memoryEnd: b.memory };
}
