/**
 * The kysely table types: one schema for SQLite and PostgreSQL. Structured values (tags,
 * channels, event reasons, run reports) are JSON text, so both dialects store them the same
 * way. Pulse ids and times (ms since the epoch) are BIGINT in PostgreSQL and INTEGER in
 * SQLite and come back as JS numbers: pulse ids are < 2^53, so nothing is lost (pg's int8
 * parser is set up in open-store.ts; better-sqlite3 returns numbers for safe integers).
 */
import type { Generated } from "kysely";

export interface SetsTable {
  name: string;
  description: string;
  owner: string;
  /** JSON: string[] */
  tags: string;
  version: number;
  /** JSON: ChannelSpec[] */
  channels: string;
  /** Kept beside the JSON so that listing sets never parses every channel list. */
  channel_count: number;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

/** Every saved version of a set, including the current one. */
export interface SetVersionsTable {
  name: string;
  version: number;
  description: string;
  owner: string;
  tags: string;
  channels: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

export interface WatchesTable {
  set_name: string;
}

export interface EventsTable {
  /** Autoincrement (SQLite) / bigserial (PostgreSQL): strictly increasing in append order. */
  id: Generated<number>;
  time: number;
  channel: string;
  set_name: string | null;
  kind: string;
  from_level: string;
  to_level: string;
  pulse_id: number | null;
  /** JSON: { reasons, actor?, note?, gap? } — the parts no query filters on. */
  body: string;
}

export interface ShelvesTable {
  channel: string;
  until: number;
  reason: string;
  by: string;
  at: number;
}

export interface RunsTable {
  id: string;
  /** N of an id "r<N>", else null: lastRunNumber() is a MAX over this. */
  run_number: number | null;
  set_name: string;
  name: string | null;
  /** JSON: Array<{ name, modulo, offset }> */
  channels: string;
  start_pulse_id: number;
  stop_pulse_id: number | null;
  created_at: number;
  stopped_at: number | null;
  created_by: string;
  /** JSON: RunReportBody, once complete. */
  report: string | null;
}

export interface Schema {
  sets: SetsTable;
  set_versions: SetVersionsTable;
  watches: WatchesTable;
  events: EventsTable;
  shelves: ShelvesTable;
  runs: RunsTable;
}

export type Dialect = "sqlite" | "postgres";
