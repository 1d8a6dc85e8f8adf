/** Where benchmarks find the repository and put what they build (bench/.build/, gitignored). */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A benchmark's build products and raw results. */
export function buildDir(benchmark: string): string {
  return join(REPO_ROOT, "bench", ".build", benchmark);
}
