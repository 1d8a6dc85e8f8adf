/**
 * `npm run bench [-- NAME [ARGS...]]`: runs every benchmark (each directory `bench/NAME/`
 * with a `main.ts`), or only NAME with ARGS passed on. Each runs in its own Node process,
 * one after the other, so they do not compete for the CPU or share JIT state.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { tsNodeArgs } from "./lib/process.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);

function benchmarks(): string[] {
  return readdirSync(benchDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(benchDir, entry.name, "main.ts")))
    .map((entry) => entry.name)
    .sort();
}

function main(argv: readonly string[]): number {
  const available = benchmarks();
  const [name, ...args] = argv;
  if (name === "--help" || name === "-h") {
    console.log(`usage: npm run bench [-- NAME [ARGS...]]\nbenchmarks: ${available.join(", ")}`);
    return 0;
  }
  if (name !== undefined && !available.includes(name)) {
    console.error(`unknown benchmark "${name}"; there are: ${available.join(", ")}`);
    return 2;
  }
  const selected = name === undefined ? available : [name];
  let failed = 0;
  for (const bench of selected) {
    const script = relative(repoRoot, join(benchDir, bench, "main.ts"));
    console.error(`\n=== bench ${bench} ===`);
    const run = spawnSync(process.execPath, tsNodeArgs(script, name === undefined ? [] : args), { cwd: repoRoot, stdio: "inherit" });
    if (run.status !== 0) {
      console.error(`bench ${bench} failed (${run.signal ?? `exit ${run.status}`})`);
      failed++;
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
