/**
 * Versioned schema migrations, run by kysely's Migrator from an in-code provider (no
 * migration files to ship). The Migrator records what ran in `kysely_migration` and, on
 * PostgreSQL, holds an advisory lock meanwhile, so `migrate()` is idempotent and safe when
 * several processes start at once. Migrations are append-only: never edit one that shipped,
 * add the next.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { StoreError } from "./store.js";
import type { Dialect, Schema } from "./schema.js";

// Migrations run before the schema exists, so they see an untyped database.
type UntypedDb = Kysely<unknown>;

function initial(dialect: Dialect): Migration {
  return {
    async up(db: UntypedDb): Promise<void> {
      // Every statement is IF NOT EXISTS: SQLite runs DDL outside a transaction, so an
      // interrupted first run must be able to run again.
      await db.schema
        .createTable("sets")
        .ifNotExists()
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("tags", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("channels", "text", (c) => c.notNull())
        .addColumn("channel_count", "integer", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("updated_by", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("set_versions")
        .ifNotExists()
        .addColumn("name", "text", (c) => c.notNull().references("sets.name").onDelete("cascade"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("tags", "text", (c) => c.notNull())
        .addColumn("channels", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("updated_by", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("set_versions_pk", ["name", "version"])
        .execute();

      // The foreign key makes a watch of a set deleted concurrently impossible.
      await db.schema
        .createTable("watches")
        .ifNotExists()
        .addColumn("set_name", "text", (c) => c.primaryKey().references("sets.name").onDelete("cascade"))
        .execute();

      let events = db.schema.createTable("events").ifNotExists();
      // SQLite: exactly "INTEGER PRIMARY KEY AUTOINCREMENT" aliases the rowid and never
      // reuses an id; PostgreSQL: a bigserial.
      events =
        dialect === "sqlite"
          ? events.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
          : events.addColumn("id", "bigserial", (c) => c.primaryKey());
      await events
        .addColumn("time", "bigint", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("set_name", "text")
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("from_level", "text", (c) => c.notNull())
        .addColumn("to_level", "text", (c) => c.notNull())
        .addColumn("pulse_id", "bigint")
        .addColumn("body", "text", (c) => c.notNull())
        .execute();
      // Queries are newest first (ORDER BY id DESC) with optional time window and
      // channel / set filters.
      await db.schema.createIndex("events_time").ifNotExists().on("events").column("time").execute();
      await db.schema.createIndex("events_channel_id").ifNotExists().on("events").columns(["channel", "id"]).execute();
      await db.schema.createIndex("events_set_id").ifNotExists().on("events").columns(["set_name", "id"]).execute();

      await db.schema
        .createTable("shelves")
        .ifNotExists()
        .addColumn("channel", "text", (c) => c.primaryKey())
        .addColumn("until", "bigint", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("by", "text", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("runs")
        .ifNotExists()
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("run_number", "bigint")
        .addColumn("set_name", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("channels", "text", (c) => c.notNull())
        .addColumn("start_pulse_id", "bigint", (c) => c.notNull())
        .addColumn("stop_pulse_id", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("stopped_at", "bigint")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("report", "text")
        .execute();
      await db.schema.createIndex("runs_created_at").ifNotExists().on("runs").column("created_at").execute();
    },
  };
}

/** All migrations, in order; the key is the name recorded in `kysely_migration`. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    "0001_initial": initial(dialect),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Brings the schema up to the newest migration; a no-op when it already is. */
export async function migrate(db: Kysely<Schema>, dialect: Dialect): Promise<void> {
  // On PostgreSQL the Migrator looks for its tables across all schemas unless told which
  // one: pin it to the schema this connection works in (search_path), like our tables.
  let migrationTableSchema: string | undefined;
  if (dialect === "postgres") {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema ?? undefined;
    if (migrationTableSchema === undefined) {
      throw new StoreError("STORE_UNAVAILABLE", "schema migration failed: no current schema (check the search_path of the database user)");
    }
  }
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    if (error instanceof StoreError) throw error; // e.g. cannot connect: already says so
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreError("STORE_UNAVAILABLE", `schema migration${failed ? ` ${failed}` : ""} failed: ${message}`);
  }
}

/** Names of the migrations applied so far (for tests and diagnostics). */
export async function appliedMigrations(db: Kysely<Schema>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}
