/**
 * PostgreSQL for the store tests. The server comes from the environment:
 * CHANNELWATCH_TEST_POSTGRES=postgres://channelwatch:channelwatch@127.0.0.1:5432/channelwatch_test
 * (`.ci/postgres.sh` sets one up and prints that line). Each test file works in a fresh,
 * uniquely named schema of that database, so files running in parallel never collide, and
 * drops it at the end. Without the variable the PostgreSQL half of a suite fails when CI is
 * set and is skipped (with the reason in its name) otherwise.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const POSTGRES_ENV = "CHANNELWATCH_TEST_POSTGRES";

export const TEST_POSTGRES_URL: string | undefined = process.env[POSTGRES_ENV] || undefined;

/** CI must exercise both backends; a developer machine may lack PostgreSQL. */
export const POSTGRES_REQUIRED = !!process.env.CI && process.env.CI !== "false";

export const POSTGRES_MISSING_MESSAGE =
  `${POSTGRES_ENV} is not set: run \`source .ci/postgres.sh\` (installs and starts PostgreSQL on ` +
  `127.0.0.1 and exports it), or point it at a database the tests may create schemas in`;

/** Skip the PostgreSQL half (not in CI and no server configured). */
export const SKIP_POSTGRES = TEST_POSTGRES_URL === undefined && !POSTGRES_REQUIRED;

/** A title suffix that says why the PostgreSQL half is skipped, if it is. */
export const POSTGRES_SKIP_NOTE = SKIP_POSTGRES ? ` (skipped: ${POSTGRES_ENV} not set; see .ci/postgres.sh)` : "";

/** The server URL, or a clear failure (CI without PostgreSQL). */
export function requirePostgresUrl(): string {
  if (TEST_POSTGRES_URL === undefined) throw new Error(POSTGRES_MISSING_MESSAGE);
  return TEST_POSTGRES_URL;
}

export interface TestSchema {
  /** The server URL with `options=-c search_path=<schema>`: every connection works in the schema. */
  url: string;
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    const shown = url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
    throw new Error(`cannot connect to the test PostgreSQL at ${shown} (${POSTGRES_ENV}): ${(err as Error).message || String(err)}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh schema named `<prefix>_<pid>_<random>` in the test database. */
export async function createPostgresSchema(prefix = "cw_test"): Promise<TestSchema> {
  const base = requirePostgresUrl();
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  await withClient(base, (c) => c.query(`create schema "${schema}"`));
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: () => withClient(base, (c) => c.query(`drop schema if exists "${schema}" cascade`)).then(() => undefined),
  };
}
