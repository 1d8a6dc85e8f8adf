/**
 * Benchmark programs run from the project compiled by tsc (into bench/.build/js/), as
 * production runs dist/, not through tsx: tsx's esbuild keeps function names by wrapping
 * every named closure in a `__name()` call when it is created, and that cost is not the
 * project's. Measured on the monitor's evaluate() for 10,000 channels: 23–27 ms under tsx
 * against 13–15 ms compiled (best of 100 cycles).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, buildDir } from "./paths.js";

export const COMPILED_DIR = buildDir("js");

/**
 * Compiles src, test and bench (tsconfig.json) into COMPILED_DIR, incrementally. Type
 * errors are reported but do not stop it while tsc still writes the output.
 */
export function compileProject(): void {
  const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(
    process.execPath,
    [tsc, "-p", "tsconfig.json", "--outDir", COMPILED_DIR, "--noEmit", "false", "--declaration", "false", "--sourceMap", "false", "--incremental", "--tsBuildInfoFile", join(COMPILED_DIR, ".tsbuildinfo")],
    { cwd: REPO_ROOT, encoding: "utf8", timeout: 300_000 },
  );
  // tsc exits 2 when it found errors but wrote the output, 1 when it wrote nothing.
  if (run.status === 2) console.error(`compileProject: tsc reported type errors; measuring what it emitted\n${run.stdout}`);
  else if (run.status !== 0) throw new Error(`tsc failed (${run.signal ?? `exit ${run.status}`})\n${run.stdout}${run.stderr}`);
}

/** Node arguments that run a repo TypeScript program (path relative to the repo) from the tsc output. */
export function compiledNodeArgs(script: string, args: readonly string[], nodeFlags: readonly string[] = []): string[] {
  return [...nodeFlags, join(COMPILED_DIR, script.replace(/\.ts$/, ".js")), ...args];
}

/** The compiled app reads ../../package.json (its version) from .build/js/src/server/. */
export function writeCompiledPackageJson(): void {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  writeFileSync(join(COMPILED_DIR, "package.json"), JSON.stringify({ name: "channelwatch-bench-build", private: true, type: "module", version: pkg.version }));
}
