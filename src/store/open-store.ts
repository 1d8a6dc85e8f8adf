/**
 * Opens the store a database URL names (DESIGN.md §5 `--database sqlite:PATH | postgres://…`):
 * SQLite through better-sqlite3 (the embedded default) or PostgreSQL through a pg Pool, both
 * behind the same kysely schema and SqlStore. Opening migrates the schema unless told not to.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Schema } from "./schema.js";
import { SqlStore } from "./sql-store.js";
import { StoreError, type Store } from "./store.js";

/** Where the embedded store lives unless configured. */
export const DEFAULT_DATABASE_URL = "sqlite:./data/channelwatch.db";
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 5000;
export const DEFAULT_POSTGRES_POOL_SIZE = 10;
export const DEFAULT_POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

export interface OpenStoreOptions {
  /** Run the schema migrations on open (default true). */
  migrate?: boolean;
  /**
   * SQLite `synchronous` in WAL mode. "normal" (default): a committed transaction is in the
   * WAL file, i.e. in the OS, before the call resolves, so it survives a crash or kill -9 of
   * the process; only a power loss / OS crash may lose the last commits. "full": the WAL is
   * fsynced on every commit, which survives power loss too, at the cost of an fsync per write.
   */
  sqliteSynchronous?: "normal" | "full";
  /** How long a write waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL: give up connecting after this long (ms); pg's own default waits forever. */
  connectTimeoutMs?: number;
  /**
   * Errors of idle pooled PostgreSQL connections (server restart, network); they must be
   * listened to or they crash the process. Default: ignored (the next query reports).
   */
  onPoolError?: (err: Error) => void;
}

/** `undefined` opens DEFAULT_DATABASE_URL. */
export async function openStore(url: string | undefined, options: OpenStoreOptions = {}): Promise<Store> {
  const target = url ?? DEFAULT_DATABASE_URL;
  const store = openUnmigrated(target, options);
  if (options.migrate === false) return store;
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

function openUnmigrated(url: string, options: OpenStoreOptions): SqlStore {
  if (url.startsWith("sqlite:")) return openSqlite(sqlitePath(url), options);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new StoreError(
    "STORE_URL_INVALID",
    `unsupported database URL "${redactUrl(url)}": use sqlite:PATH (e.g. ${DEFAULT_DATABASE_URL}) or postgres://user:password@host:port/database`,
  );
}

/** `sqlite:./data/x.db`, `sqlite:/abs/x.db`, `sqlite:///abs/x.db`, `sqlite::memory:`. */
export function sqlitePath(url: string): string {
  let p = url.slice("sqlite:".length);
  if (p.startsWith("//")) p = p.slice(2);
  if (p === "") throw new StoreError("STORE_URL_INVALID", `database URL ${url} names no file: use sqlite:PATH`);
  return p;
}

function openSqlite(file: string, options: OpenStoreOptions): SqlStore {
  const memory = file === ":memory:";
  let db: Database.Database;
  try {
    if (!memory) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
  } catch (err) {
    throw unavailable(`cannot open SQLite database ${file}`, err);
  }
  try {
    // WAL: readers never block the writer and a commit appends to one file. With
    // synchronous=NORMAL a commit is durable against a crash of this process (it is in the
    // OS once the call returns); FULL adds an fsync per commit for power loss.
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (!memory && mode !== "wal") throw new Error(`journal_mode is ${String(mode)}, WAL refused`);
    db.pragma(`synchronous = ${options.sqliteSynchronous === "full" ? "FULL" : "NORMAL"}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS))}`);
    // Off by default in SQLite; the schema's cascades and watch checks rely on it.
    db.pragma("foreign_keys = ON");
  } catch (err) {
    db.close();
    throw unavailable(`cannot use SQLite database ${file}`, err);
  }
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: db }) });
  // kysely closes the database only if it ever ran a query.
  return new SqlStore(kysely, "sqlite", { onClose: async () => void (db.open && db.close()) });
}

/** int8 (bigint, bigserial, count) as a JS number: pulse ids and ms times are < 2^53. */
function parseInt8(text: string): number {
  const n = Number(text);
  // pg turns a parser's throw into the query's error: never a silently rounded id.
  if (!Number.isSafeInteger(n)) throw new StoreError("STORE_UNAVAILABLE", `integer ${text} from PostgreSQL exceeds 2^53`);
  return n;
}

const INT8_OID = 20;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? parseInt8 : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

function openPostgres(url: string, options: OpenStoreOptions): SqlStore {
  const shown = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POSTGRES_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_POSTGRES_CONNECT_TIMEOUT_MS,
    types: pgTypes,
  });
  pool.on("error", (err) => options.onPoolError?.(err));
  const kysely = new Kysely<Schema>({
    dialect: new PostgresDialect({
      // The first connection is checked here so that a wrong URL or a server that is down
      // fails with a message naming the URL (without its password), not deep in a query.
      pool: async () => {
        try {
          const client = await pool.connect();
          client.release();
        } catch (err) {
          throw unavailable(`cannot connect to PostgreSQL at ${shown}`, err);
        }
        return pool;
      },
    }),
  });
  // kysely ends the pool only if it ever connected.
  return new SqlStore(kysely, "postgres", { onClose: async () => void (pool.ending || pool.ended || (await pool.end())) });
}

/** The URL with its password (user-info or `password=` parameter) masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    if (u.searchParams.has("password")) u.searchParams.set("password", "***");
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
  }
}

function unavailable(what: string, err: unknown): StoreError {
  return Object.assign(new StoreError("STORE_UNAVAILABLE", `${what}: ${describeError(err)}`), { cause: err });
}

/** Node reports a refused connection to "localhost" as an AggregateError with no message. */
function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.message === "") {
    return err.errors.map((e: unknown) => describeError(e)).join("; ") || "connection failed";
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return err.message || (typeof code === "string" ? code : err.name);
  }
  return String(err);
}
