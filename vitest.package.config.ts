/**
 * The npm package test alone: it packs the built repo, installs the tarball globally into a
 * temporary prefix (compiling better-sqlite3) and starts `channelwatch demo` from there.
 * Kept out of the main run so that compile does not starve its timing-sensitive tests.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/package/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 420_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
