/**
 * Persistence behind one interface (DESIGN.md §4): channel sets with their versions, what
 * is watched, the event log, alert shelves and acknowledgements, and runs. Implemented on
 * SQLite (embedded default) and PostgreSQL with one kysely schema. Every method resolves
 * only once the write is durable, so nothing acknowledged to a client is lost.
 */
import type { ChannelThresholds } from "../monitor/defaults.js";
import type { EventQuery, MonitorEvent } from "../monitor/events.js";
import type { RunReportBody } from "../monitor/run-coverage.js";

/** One channel of a set with its per-channel expectations. */
export interface ChannelSpec {
  name: string;
  /** Threshold overrides (see src/monitor/defaults.ts), including alertOnWarning. */
  thresholds?: Partial<ChannelThresholds>;
  /** Pinned type / shape; otherwise the first seen is expected. */
  type?: string;
  shape?: number[];
}

export interface ChannelSet {
  name: string;
  description: string;
  owner: string;
  tags: string[];
  /** Increments on every save, starting at 1. */
  version: number;
  channels: ChannelSpec[];
  createdAt: number;
  updatedAt: number;
  /** Who saved this version (token name or "anonymous"). */
  updatedBy: string;
}

export interface SetInput {
  name: string;
  description?: string;
  owner?: string;
  tags?: string[];
  channels: ChannelSpec[];
}

export interface SetSummary {
  name: string;
  description: string;
  owner: string;
  tags: string[];
  version: number;
  channelCount: number;
  updatedAt: number;
  watched: boolean;
}

export interface ShelveRecord {
  channel: string;
  until: number;
  reason: string;
  by: string;
  at: number;
}

export interface StoredRun {
  id: string;
  set: string;
  name: string | null;
  channels: Array<{ name: string; modulo: number; offset: number }>;
  startPulseId: number;
  stopPulseId: number | null;
  createdAt: number;
  stoppedAt: number | null;
  createdBy: string;
  /** The final report, once complete. */
  report: RunReportBody | null;
}

export type StoreErrorCode =
  | "SET_NOT_FOUND"
  | "SET_EXISTS"
  | "VERSION_CONFLICT"
  | "RUN_NOT_FOUND"
  /** createRun with an id already stored. */
  | "RUN_EXISTS"
  | "STORE_UNAVAILABLE"
  /** openStore: a database URL that is neither sqlite:PATH nor postgres(ql)://…. */
  | "STORE_URL_INVALID";

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Store {
  /** Creates or upgrades the schema (migrations), idempotent. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  listSets(): Promise<SetSummary[]>;
  getSet(name: string): Promise<ChannelSet | undefined>;
  /** Throws SET_EXISTS. Version 1. */
  createSet(input: SetInput, by: string, now: number): Promise<ChannelSet>;
  /** Saves a new version if `expectedVersion` is the current one; else throws VERSION_CONFLICT (SET_NOT_FOUND when absent). */
  updateSet(input: SetInput, expectedVersion: number, by: string, now: number): Promise<ChannelSet>;
  /** Throws SET_NOT_FOUND. Removes its watch and its versions too. */
  deleteSet(name: string): Promise<void>;
  /** Every saved version, newest first. */
  setVersions(name: string): Promise<ChannelSet[]>;

  /** Names of watched sets; watching survives a restart. */
  watchedSets(): Promise<string[]>;
  setWatched(name: string, watched: boolean): Promise<void>;

  appendEvents(events: readonly MonitorEvent[]): Promise<MonitorEvent[]>;
  queryEvents(query: EventQuery): Promise<MonitorEvent[]>;

  /** Active shelves (restored into the monitor at start). */
  shelves(): Promise<ShelveRecord[]>;
  putShelve(shelve: ShelveRecord): Promise<void>;
  deleteShelve(channel: string): Promise<void>;

  createRun(run: StoredRun): Promise<void>;
  updateRun(run: StoredRun): Promise<void>;
  getRun(id: string): Promise<StoredRun | undefined>;
  listRuns(): Promise<StoredRun[]>;
  /** Highest numeric run id so far (ids are "r<N>"), 0 when none. */
  lastRunNumber(): Promise<number>;
}
