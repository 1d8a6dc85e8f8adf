/**
 * The Store on SQL through kysely, one implementation for SQLite and PostgreSQL. Every write
 * that changes more than one row is one transaction; optimistic concurrency (VERSION_CONFLICT)
 * is a conditional UPDATE … WHERE version = expected, so of two concurrent saves of the same
 * version exactly one wins, in one process or many. Durability is the connection's business
 * (see open-store.ts): a method resolves after its transaction committed.
 */
import { sql, type Kysely, type Selectable } from "kysely";
import { EventLogError, normalizeEventQuery, type EventQuery, type MonitorEvent } from "../monitor/events.js";
import type { RunReportBody } from "../monitor/run-coverage.js";
import type { Level, ReasonCode } from "../monitor/status.js";
import { migrate } from "./migrations.js";
import type { Dialect, EventsTable, RunsTable, Schema, SetsTable, SetVersionsTable } from "./schema.js";
import {
  StoreError,
  type ChannelSet,
  type ChannelSpec,
  type SetInput,
  type SetSummary,
  type ShelveRecord,
  type Store,
  type StoredRun,
} from "./store.js";

/** Rows per INSERT of appendEvents: 9 parameters each stays far below both dialects' limits. */
const EVENT_CHUNK = 500;

type SetRow = Selectable<SetsTable>;
type SetVersionRow = Selectable<SetVersionsTable>;
type EventRow = Selectable<EventsTable>;
type RunRow = Selectable<RunsTable>;

/** The parts of an event that live in the JSON `body` column. */
interface EventBody {
  reasons: Array<{ code: ReasonCode; message: string }>;
  actor?: string;
  note?: string;
  gap?: MonitorEvent["gap"];
}

export interface SqlStoreOptions {
  /** Runs after kysely let go of the database: closes what kysely never opened (no query ran). */
  onClose?: () => Promise<void>;
}

export class SqlStore implements Store {
  private closed = false;

  constructor(
    readonly db: Kysely<Schema>,
    readonly dialect: Dialect,
    private readonly options: SqlStoreOptions = {},
  ) {}

  async migrate(): Promise<void> {
    return this.guard("migrate", () => migrate(this.db, this.dialect));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.destroy();
    await this.options.onClose?.();
  }

  // ---- sets ----

  async listSets(): Promise<SetSummary[]> {
    return this.guard("listSets", async () => {
      const rows = await this.db
        .selectFrom("sets")
        .leftJoin("watches", "watches.set_name", "sets.name")
        .select(["sets.name", "description", "owner", "tags", "version", "channel_count", "updated_at", "watches.set_name as watched"])
        .execute();
      return rows.sort(byKey((r) => r.name)).map((r) => ({
        name: r.name,
        description: r.description,
        owner: r.owner,
        tags: parseJson<string[]>(r.tags),
        version: r.version,
        channelCount: r.channel_count,
        updatedAt: r.updated_at,
        watched: r.watched !== null,
      }));
    });
  }

  async getSet(name: string): Promise<ChannelSet | undefined> {
    return this.guard("getSet", async () => {
      const row = await this.db.selectFrom("sets").selectAll().where("name", "=", name).executeTakeFirst();
      return row === undefined ? undefined : toChannelSet(row);
    });
  }

  async createSet(input: SetInput, by: string, now: number): Promise<ChannelSet> {
    const at = toInt(now, "now");
    const row: SetRow = {
      name: input.name,
      description: input.description ?? "",
      owner: input.owner ?? "",
      tags: JSON.stringify(input.tags ?? []),
      version: 1,
      channels: JSON.stringify(input.channels),
      channel_count: input.channels.length,
      created_at: at,
      updated_at: at,
      updated_by: by,
    };
    return this.guard("createSet", () =>
      this.db.transaction().execute(async (trx) => {
        // DO NOTHING instead of catching a unique violation: on PostgreSQL an error would
        // abort the transaction, and a concurrent create of the same name waits and then sees it.
        const inserted = await trx
          .insertInto("sets")
          .values(row)
          .onConflict((oc) => oc.column("name").doNothing())
          .returning("name")
          .executeTakeFirst();
        if (inserted === undefined) throw new StoreError("SET_EXISTS", `a set named ${input.name} exists already`);
        await trx.insertInto("set_versions").values(versionRow(row)).execute();
        return toChannelSet(row);
      }),
    );
  }

  /**
   * Saves version expectedVersion + 1. Fields of `input` left undefined (description, owner,
   * tags) keep their current values; `channels` is always replaced.
   */
  async updateSet(input: SetInput, expectedVersion: number, by: string, now: number): Promise<ChannelSet> {
    const at = toInt(now, "now");
    return this.guard("updateSet", () =>
      this.db.transaction().execute(async (trx) => {
        // The version check and the write are one statement: race-free without locks.
        const updated = Number.isSafeInteger(expectedVersion)
          ? await trx
              .updateTable("sets")
              .set((eb) => ({
                description: input.description ?? eb.ref("description"),
                owner: input.owner ?? eb.ref("owner"),
                tags: input.tags === undefined ? eb.ref("tags") : JSON.stringify(input.tags),
                channels: JSON.stringify(input.channels),
                channel_count: input.channels.length,
                version: expectedVersion + 1,
                updated_at: at,
                updated_by: by,
              }))
              .where("name", "=", input.name)
              .where("version", "=", expectedVersion)
              .returningAll()
              .executeTakeFirst()
          : undefined;
        if (updated === undefined) {
          const current = await trx.selectFrom("sets").select("version").where("name", "=", input.name).executeTakeFirst();
          if (current === undefined) throw new StoreError("SET_NOT_FOUND", `no set named ${input.name}`);
          throw new StoreError(
            "VERSION_CONFLICT",
            `set ${input.name} is at version ${current.version}, not ${String(expectedVersion)}: reload it and edit again`,
          );
        }
        await trx.insertInto("set_versions").values(versionRow(updated)).execute();
        return toChannelSet(updated);
      }),
    );
  }

  async deleteSet(name: string): Promise<void> {
    return this.guard("deleteSet", () =>
      this.db.transaction().execute(async (trx) => {
        // The foreign keys cascade too; deleting explicitly does not depend on them.
        await trx.deleteFrom("watches").where("set_name", "=", name).execute();
        await trx.deleteFrom("set_versions").where("name", "=", name).execute();
        const deleted = await trx.deleteFrom("sets").where("name", "=", name).returning("name").executeTakeFirst();
        if (deleted === undefined) throw new StoreError("SET_NOT_FOUND", `no set named ${name}`);
      }),
    );
  }

  async setVersions(name: string): Promise<ChannelSet[]> {
    return this.guard("setVersions", async () => {
      const rows = await this.db.selectFrom("set_versions").selectAll().where("name", "=", name).orderBy("version", "desc").execute();
      return rows.map(toChannelSet);
    });
  }

  // ---- watches ----

  async watchedSets(): Promise<string[]> {
    return this.guard("watchedSets", async () => {
      const rows = await this.db
        .selectFrom("watches")
        .innerJoin("sets", "sets.name", "watches.set_name")
        .select("watches.set_name")
        .execute();
      return rows.map((r) => r.set_name).sort(byKey((n) => n));
    });
  }

  /** Throws SET_NOT_FOUND for a set that does not exist; (un)watching twice is harmless. */
  async setWatched(name: string, watched: boolean): Promise<void> {
    return this.guard("setWatched", async () => {
      try {
        if (watched) {
          await this.db
            .insertInto("watches")
            .columns(["set_name"])
            .expression((eb) => eb.selectFrom("sets").select("name").where("name", "=", name))
            .onConflict((oc) => oc.column("set_name").doNothing())
            .execute();
        } else {
          await this.db.deleteFrom("watches").where("set_name", "=", name).execute();
        }
      } catch (err) {
        // The set was deleted between the INSERT's read and its foreign key check.
        if (isForeignKeyViolation(err)) throw new StoreError("SET_NOT_FOUND", `no set named ${name}`);
        throw err;
      }
      const exists = await this.db.selectFrom("sets").select("name").where("name", "=", name).executeTakeFirst();
      if (exists === undefined) throw new StoreError("SET_NOT_FOUND", `no set named ${name}`);
    });
  }

  // ---- events ----

  /**
   * Appends all events in one transaction and returns them with their ids, in order. Times
   * are stored as whole milliseconds (a fractional time is floored).
   */
  async appendEvents(events: readonly MonitorEvent[]): Promise<MonitorEvent[]> {
    if (events.length === 0) return [];
    const rows = events.map(toEventRow);
    return this.guard("appendEvents", () =>
      this.db.transaction().execute(async (trx) => {
        const out: MonitorEvent[] = [];
        for (let i = 0; i < rows.length; i += EVENT_CHUNK) {
          const chunk = rows.slice(i, i + EVENT_CHUNK);
          const inserted = await trx.insertInto("events").values(chunk).returning("id").execute();
          // One INSERT takes its ids in VALUES order, but RETURNING's row order is not
          // promised by either database: sort them.
          const ids = inserted.map((r) => r.id).sort((a, b) => a - b);
          chunk.forEach((row, k) => out.push(fromEventRow({ ...row, id: ids[k] })));
        }
        return out;
      }),
    );
  }

  /** Same reading of the query as the in-memory sink (normalizeEventQuery): newest first. */
  async queryEvents(query: EventQuery): Promise<MonitorEvent[]> {
    const q = normalizeEventQuery(query);
    if (q.channels !== undefined && q.channels.size === 0) return [];
    return this.guard("queryEvents", async () => {
      let select = this.db.selectFrom("events").selectAll();
      if (q.channel !== undefined) select = select.where("channel", "=", q.channel);
      if (q.set !== undefined) select = select.where("set_name", "=", q.set);
      if (q.channels !== undefined) {
        // One parameter however many channels a set has (parameter limits are 32766 / 65535).
        const list = [...q.channels];
        select =
          this.dialect === "postgres"
            ? select.where(sql<boolean>`channel = any(${list}::text[])`)
            : select.where(sql<boolean>`channel in (select value from json_each(${JSON.stringify(list)}))`);
      }
      // Stored times are whole ms, so time >= s ⇔ time >= ceil(s) and time < u ⇔ time < ceil(u).
      if (q.since !== undefined) select = select.where("time", ">=", Math.ceil(q.since));
      if (q.until !== undefined) select = select.where("time", "<", Math.ceil(q.until));
      const rows = await select.orderBy("id", "desc").limit(q.limit).execute();
      return rows.map(fromEventRow);
    });
  }

  // ---- shelves ----

  async shelves(): Promise<ShelveRecord[]> {
    return this.guard("shelves", async () => {
      const rows = await this.db.selectFrom("shelves").selectAll().execute();
      return rows.sort(byKey((r) => r.channel)).map((r) => ({ channel: r.channel, until: r.until, reason: r.reason, by: r.by, at: r.at }));
    });
  }

  /** Creates or replaces the channel's shelve. */
  async putShelve(shelve: ShelveRecord): Promise<void> {
    const row = { channel: shelve.channel, until: toInt(shelve.until, "until"), reason: shelve.reason, by: shelve.by, at: toInt(shelve.at, "at") };
    return this.guard("putShelve", async () => {
      await this.db
        .insertInto("shelves")
        .values(row)
        .onConflict((oc) =>
          oc.column("channel").doUpdateSet((eb) => ({
            until: eb.ref("excluded.until"),
            reason: eb.ref("excluded.reason"),
            by: eb.ref("excluded.by"),
            at: eb.ref("excluded.at"),
          })),
        )
        .execute();
    });
  }

  /** Removing a shelve that does not exist is harmless. */
  async deleteShelve(channel: string): Promise<void> {
    return this.guard("deleteShelve", async () => {
      await this.db.deleteFrom("shelves").where("channel", "=", channel).execute();
    });
  }

  // ---- runs ----

  /** Throws RUN_EXISTS for an id already stored. */
  async createRun(run: StoredRun): Promise<void> {
    const row = toRunRow(run);
    return this.guard("createRun", async () => {
      const inserted = await this.db
        .insertInto("runs")
        .values(row)
        .onConflict((oc) => oc.column("id").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted === undefined) throw new StoreError("RUN_EXISTS", `a run with id ${run.id} exists already`);
    });
  }

  /** Replaces everything but the id; throws RUN_NOT_FOUND. */
  async updateRun(run: StoredRun): Promise<void> {
    const { id, ...rest } = toRunRow(run);
    return this.guard("updateRun", async () => {
      const updated = await this.db.updateTable("runs").set(rest).where("id", "=", id).returning("id").executeTakeFirst();
      if (updated === undefined) throw new StoreError("RUN_NOT_FOUND", `no run ${id}`);
    });
  }

  async getRun(id: string): Promise<StoredRun | undefined> {
    return this.guard("getRun", async () => {
      const row = await this.db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : fromRunRow(row);
    });
  }

  /** Oldest first (by creation time, then run number). */
  async listRuns(): Promise<StoredRun[]> {
    return this.guard("listRuns", async () => {
      const rows = await this.db.selectFrom("runs").selectAll().orderBy("created_at").orderBy("run_number").orderBy("id").execute();
      return rows.map(fromRunRow);
    });
  }

  async lastRunNumber(): Promise<number> {
    return this.guard("lastRunNumber", async () => {
      const row = await this.db
        .selectFrom("runs")
        .select((eb) => eb.fn.max("run_number").as("last"))
        .executeTakeFirst();
      return row?.last ?? 0;
    });
  }

  // ---- helpers ----

  /**
   * Store errors and query errors pass through; anything else (connection lost, disk full,
   * locked database, …) becomes STORE_UNAVAILABLE with the cause attached.
   */
  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError("STORE_UNAVAILABLE", `${what}: the store is closed`);
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreError || err instanceof EventLogError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw Object.assign(new StoreError("STORE_UNAVAILABLE", `${what} failed: ${message}`), { cause: err });
    }
  }
}

/**
 * Names are sorted here, by code unit, not by the database: PostgreSQL orders text by the
 * database's collation (locale-dependent), SQLite by bytes; both backends must agree.
 */
function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** Times are whole ms in BIGINT columns: a fractional value is floored, a non-finite one refused. */
function toInt(n: number, what: string): number {
  if (!Number.isFinite(n)) throw new StoreError("STORE_UNAVAILABLE", `${what} must be a finite number, got ${String(n)}`);
  return Math.floor(n);
}

function versionRow(row: SetRow): SetVersionRow {
  return {
    name: row.name,
    version: row.version,
    description: row.description,
    owner: row.owner,
    tags: row.tags,
    channels: row.channels,
    created_at: row.created_at,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
  };
}

function toChannelSet(row: SetVersionRow): ChannelSet {
  return {
    name: row.name,
    description: row.description,
    owner: row.owner,
    tags: parseJson<string[]>(row.tags),
    version: row.version,
    channels: parseJson<ChannelSpec[]>(row.channels),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toEventRow(e: MonitorEvent): Omit<EventRow, "id"> {
  const body: EventBody = { reasons: e.reasons.map((r) => ({ code: r.code, message: r.message })) };
  if (e.actor !== undefined) body.actor = e.actor;
  if (e.note !== undefined) body.note = e.note;
  if (e.gap !== undefined) body.gap = e.gap;
  return {
    time: toInt(e.time, "event time"),
    channel: e.channel,
    set_name: e.set ?? null,
    kind: e.kind,
    from_level: e.from,
    to_level: e.to,
    pulse_id: e.pulseId,
    body: JSON.stringify(body),
  };
}

function fromEventRow(row: EventRow): MonitorEvent {
  const body = parseJson<EventBody>(row.body);
  const e: MonitorEvent = {
    id: row.id,
    kind: row.kind as MonitorEvent["kind"],
    channel: row.channel,
    from: row.from_level as Level,
    to: row.to_level as Level,
    reasons: body.reasons,
    pulseId: row.pulse_id,
    time: row.time,
  };
  if (row.set_name !== null) e.set = row.set_name;
  if (body.actor !== undefined) e.actor = body.actor;
  if (body.note !== undefined) e.note = body.note;
  if (body.gap !== undefined) e.gap = body.gap;
  return e;
}

function runNumber(id: string): number | null {
  const m = /^r(\d{1,15})$/.exec(id);
  return m === null ? null : Number(m[1]);
}

function toRunRow(run: StoredRun): RunRow {
  return {
    id: run.id,
    run_number: runNumber(run.id),
    set_name: run.set,
    name: run.name,
    channels: JSON.stringify(run.channels),
    start_pulse_id: run.startPulseId,
    stop_pulse_id: run.stopPulseId,
    created_at: toInt(run.createdAt, "createdAt"),
    stopped_at: run.stoppedAt === null ? null : toInt(run.stoppedAt, "stoppedAt"),
    created_by: run.createdBy,
    report: run.report === null ? null : JSON.stringify(run.report),
  };
}

function fromRunRow(row: RunRow): StoredRun {
  return {
    id: row.id,
    set: row.set_name,
    name: row.name,
    channels: parseJson<StoredRun["channels"]>(row.channels),
    startPulseId: row.start_pulse_id,
    stopPulseId: row.stop_pulse_id,
    createdAt: row.created_at,
    stoppedAt: row.stopped_at,
    createdBy: row.created_by,
    report: row.report === null ? null : parseJson<RunReportBody>(row.report),
  };
}

/** PostgreSQL 23503 / SQLite SQLITE_CONSTRAINT_FOREIGNKEY. */
function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}
