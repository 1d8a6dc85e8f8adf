/**
 * Every setting once: its parser, its environment variable, its flag and what it means. The
 * loader, the help texts and the README's configuration reference (config-reference.ts) all
 * follow this table; the defaults are DEFAULT_CONFIG's.
 */
import { HISTORY_SECONDS, type ChannelThresholds, type MonitorTiming } from "../monitor/defaults.js";
import { parseSourceOption } from "../monitor/monitor-runtime.js";
import type { Token } from "../server/auth.js";
import { parseTokens } from "../server/auth.js";
import { Thresholds } from "../server/schemas.js";
import { LOG_LEVELS, type ChannelWatchConfig } from "./channel-watch-config.js";
import { ConfigProblem } from "./config-error.js";
import { boolean, databaseUrl, decimal, hostName, httpUrl, integer, list, mapping, oneOf, parser, shown, type Parser } from "./parsers.js";

export interface Field<T> {
  parse: Parser<T>;
  /** `CHANNELWATCH_*` variable, if the setting has one. */
  env?: string;
  /** Flag name without dashes, if `serve` takes one. */
  flag?: string;
  /** What it means, one or two sentences of Markdown for the reference. */
  doc: string;
}

/** One key of a structured setting (`timing.evaluateMs`): parser and meaning. */
export interface SubField<T> {
  parse: Parser<T>;
  doc: string;
}

export type ConfigKey = keyof ChannelWatchConfig;

const DAY_MS = 86_400_000;

/** A direct bsread source as the monitor takes it. */
const sourceAddress: Parser<string> = parser("`tcp://host:port` or `tcp://host:port?mode=pull`", (value) => {
  if (typeof value === "string") {
    try {
      parseSourceOption(value);
      return value;
    } catch {
      // reported below
    }
  }
  throw new ConfigProblem(`must be tcp://host:port or tcp://host:port?mode=pull, got ${shown(value)}`);
});

function parsersOf<T>(fields: { [K in keyof T]-?: SubField<T[K]> }): { [K in keyof T]-?: Parser<T[K]> } {
  return Object.fromEntries(Object.entries<SubField<unknown>>(fields).map(([key, field]) => [key, field.parse])) as { [K in keyof T]-?: Parser<T[K]> };
}

/** The monitor's timing (defaults: DEFAULT_TIMING in src/monitor/defaults.ts). */
export const TIMING_FIELDS: { readonly [K in keyof MonitorTiming]-?: SubField<MonitorTiming[K]> } = {
  evaluateMs: { parse: integer(10, 60_000), doc: "Status rules are evaluated this often (ms)." },
  recordedPollMs: { parse: integer(100, DAY_MS), doc: "The dispatcher's recorded state (`/channels/state`) is polled this often, one batched request (ms)." },
  catalogRefreshMs: { parse: integer(1000, DAY_MS), doc: "The channel catalog (`/channels/live`) is refreshed this often (ms)." },
  httpTimeoutMs: { parse: integer(100, 600_000), doc: "Timeout of one REST call to a dispatcher (ms)." },
  windowSeconds: { parse: integer(1, HISTORY_SECONDS), doc: "Window of `rate_low`, `missing_values` and `pulse_gaps` (s)." },
  streamSilenceMs: { parse: integer(100, 600_000), doc: "A stream with no message for this long counts as not connected (ms)." },
  streamRenewMs: { parse: integer(100, DAY_MS), doc: "A silent stream is requested anew from the dispatcher after this long (ms)." },
  retryMinMs: { parse: integer(10, DAY_MS), doc: "First retry after a failed dispatcher call; doubles up to `retryMaxMs` (ms)." },
  retryMaxMs: { parse: integer(10, DAY_MS), doc: "Longest retry interval after failed dispatcher calls (ms)." },
  refusedRetryMs: { parse: integer(100, DAY_MS), doc: "Channels the dispatcher refused are offered again this often (ms)." },
};

const timing = mapping<MonitorTiming>("timing", parsersOf(TIMING_FIELDS));

interface SchemaLeaf {
  type?: unknown;
  minimum?: number;
  maximum?: number;
}

function leafParser(name: string, schema: SchemaLeaf): Parser<number | boolean> {
  switch (schema.type) {
    case "integer":
      return integer(schema.minimum ?? 0, schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case "number":
      return decimal(schema.minimum ?? 0, schema.maximum ?? Number.MAX_VALUE);
    case "boolean":
      return boolean;
    default:
      throw new Error(`threshold ${name}: schema type ${String(schema.type)} has no parser`);
  }
}

/** What each per-channel threshold means (defaults: DEFAULT_THRESHOLDS in src/monitor/defaults.ts). */
const THRESHOLD_DOCS: { readonly [K in keyof ChannelThresholds]-?: string } = {
  warmupMs: "A channel is `starting` (unknown) until this long after it began to be watched (ms).",
  staleMinMs: "`no_data` after max(`staleMinMs`, `staleFactor` × expected period) without a value (ms).",
  staleFactor: "See `staleMinMs`: how many expected periods without a value make `no_data`.",
  rateLowFraction: "`rate_low` below this fraction of the expected rate over the window.",
  missingValuesFraction: "`missing_values` above this fraction of empty values over the window.",
  recordLagMs: "`record_lag` when the dispatcher's latest recorded event is older than this while data flows (ms).",
  timeSkewMs: "`time_skew` when a channel's timestamp is this far from its pulse's (ms).",
  alertOnWarning: "Raise alerts on warnings too, not only on errors.",
};

function thresholdDoc(name: string): string {
  const doc = (THRESHOLD_DOCS as Record<string, string | undefined>)[name];
  if (doc === undefined) throw new Error(`threshold ${name} has no description in THRESHOLD_DOCS`);
  return doc;
}

/**
 * Every set starts from these per-channel thresholds and may override them per channel. The
 * limits are those of a set's thresholds in the API: one schema, one truth.
 */
export const THRESHOLD_FIELDS = Object.fromEntries(
  Object.entries(Thresholds.properties as Record<string, SchemaLeaf>).map(([name, schema]) => [
    name,
    { parse: leafParser(name, schema), doc: thresholdDoc(name) },
  ]),
) as { readonly [K in keyof ChannelThresholds]-?: SubField<ChannelThresholds[K]> };

const thresholds = mapping<ChannelThresholds>("thresholds", parsersOf(THRESHOLD_FIELDS));

/** `name:token`; the name is recorded as who did a write. Never echoes the value. */
const token: Parser<Token> = parser("`name:token`", (value) => {
  const [t, ...more] = typeof value === "string" && value.indexOf(":") > 0 ? parseTokens(value) : [];
  if (!t || more.length > 0 || t.token === "" || /\s/.test(t.token)) {
    throw new ConfigProblem("must be name:token (a name, a colon, then the token without spaces or commas)");
  }
  return t;
});

export const CONFIG_FIELDS: { readonly [K in ConfigKey]: Field<ChannelWatchConfig[K]> } = {
  port: { parse: integer(0, 65535), env: "CHANNELWATCH_PORT", flag: "port", doc: "HTTP port of the API, the live WebSocket and the UI; 0 picks a free one." },
  host: { parse: hostName, env: "CHANNELWATCH_HOST", flag: "host", doc: "Address to listen on: `0.0.0.0` for other machines (a wall screen), or keep loopback behind a reverse proxy." },
  dispatchers: {
    parse: list(httpUrl),
    env: "CHANNELWATCH_DISPATCHERS",
    flag: "dispatcher",
    doc: "Dispatcher backend base URLs (`…/sf-databuffer`, `…/sf-imagebuffer`): channels, live streams and recorded state come from them.",
  },
  sources: {
    parse: list(sourceAddress),
    env: "CHANNELWATCH_SOURCES",
    flag: "source",
    doc: "Direct bsread sources, besides the dispatchers: SUB by default, `?mode=pull` for a PUSH sender (never a production IOC, whose PUSH socket the dispatcher drains).",
  },
  database: { parse: databaseUrl, env: "CHANNELWATCH_DATABASE", flag: "database", doc: "Where sets, watches, alerts, events and runs are kept; a relative SQLite path is from the working directory." },
  // No flag: a token on the command line is visible to every user in `ps`.
  tokens: {
    parse: list(token),
    env: "CHANNELWATCH_TOKENS",
    doc: "With any token, every write needs `Authorization: Bearer <token>`, and the name is recorded as who did it; without, writes are open. No flag: it would show in `ps`.",
  },
  timing: { parse: timing, doc: "Overrides of the monitor's timing, keys below." },
  thresholds: { parse: thresholds, doc: "Overrides of the per-channel thresholds every set starts from (a set may override them per channel), keys below." },
  pushHz: { parse: decimal(0.1, 20), env: "CHANNELWATCH_PUSH_HZ", flag: "push-hz", doc: "Live push: status deltas to WebSocket clients at most this often per second." },
  logLevel: { parse: oneOf(LOG_LEVELS), env: "CHANNELWATCH_LOG_LEVEL", flag: "log-level", doc: "Request log of the HTTP server, to stdout; `silent` logs nothing." },
};

export const CONFIG_KEYS = Object.keys(CONFIG_FIELDS) as ConfigKey[];

/** Names the config file may come from when no --config is given. */
export const CONFIG_FILE_ENV = "CHANNELWATCH_CONFIG";
