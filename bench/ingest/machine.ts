/** What the figures were measured on: they only mean something next to it. */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, release } from "node:os";
import { join } from "node:path";
import { version as zeromqLibzmqVersion } from "zeromq";
import { REPO_ROOT } from "./paths.js";

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  kernel: string;
  node: string;
  zeromqJs: string;
  /** The libzmq zeromq.js ships (statically linked). */
  zeromqJsLibzmq: string;
  /** Debian's libzmq the C sender and receiver link against. */
  libzmq: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) return line.slice(line.indexOf(":") + 1).trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? "unknown";
}

export function machineInfo(libzmq: string): MachineInfo {
  const zeromqPackage = JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", "zeromq", "package.json"), "utf8")) as { version: string };
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    kernel: release(),
    node: process.version,
    zeromqJs: zeromqPackage.version,
    zeromqJsLibzmq: zeromqLibzmqVersion,
    libzmq,
  };
}
