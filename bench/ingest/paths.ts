/** Where the ingest benchmark finds its sources and puts what it builds (gitignored). */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const INGEST_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(INGEST_DIR, "..", "..");
export const BUILD_DIR = join(REPO_ROOT, "bench", ".build", "ingest");
