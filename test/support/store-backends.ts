/** The two store backends every store test runs against: SQLite in a temp dir, PostgreSQL in a fresh schema. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPostgresSchema, SKIP_POSTGRES } from "./postgres.js";

/** A fresh, empty database for one test. */
export interface TestDatabase {
  url: string;
  cleanup(): Promise<void>;
}

export interface StoreBackend {
  name: "sqlite" | "postgres";
  skip: boolean;
  create(): Promise<TestDatabase>;
}

/** `sqliteFile` is relative to a new temp dir (its directory need not exist); `prefix` names both. */
export function storeBackends(prefix: string, sqliteFile = "store.db"): readonly StoreBackend[] {
  return [
    {
      name: "sqlite",
      skip: false,
      async create() {
        const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
        return { url: `sqlite:${path.join(dir, sqliteFile)}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    {
      name: "postgres",
      skip: SKIP_POSTGRES,
      async create() {
        const schema = await createPostgresSchema(prefix.replace(/-/g, "_"));
        return { url: schema.url, cleanup: schema.drop };
      },
    },
  ];
}
