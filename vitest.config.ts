import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The package test (npm pack + global install, compiles better-sqlite3) runs alone afterwards: vitest.package.config.ts.
    exclude: ["**/node_modules/**", "test/package/**"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "e2e/**/*.test.ts", "web/src/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // ZeroMQ integration tests bind loopback ports; keep files isolated but bounded.
    pool: "forks",
    maxWorkers: 2,
  },
});
