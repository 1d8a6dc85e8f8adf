/**
 * Every setting once: its parser, its environment variable and its flag. The loader, the
 * help texts and the README's reference all follow this table.
 */
import { HISTORY_SECONDS, type ChannelThresholds, type MonitorTiming } from "../monitor/defaults.js";
import { parseSourceOption } from "../monitor/monitor-runtime.js";
import type { Token } from "../server/auth.js";
import { parseTokens } from "../server/auth.js";
import { Thresholds } from "../server/schemas.js";
import { LOG_LEVELS, type ChannelWatchConfig } from "./channel-watch-config.js";
import { ConfigProblem } from "./config-error.js";
import { boolean, databaseUrl, decimal, hostName, httpUrl, integer, list, mapping, oneOf, shown, type Parser } from "./parsers.js";

export interface Field<T> {
  parse: Parser<T>;
  /** `CHANNELWATCH_*` variable, if the setting has one. */
  env?: string;
  /** Flag name without dashes, if `serve` takes one. */
  flag?: string;
}

export type ConfigKey = keyof ChannelWatchConfig;

const DAY_MS = 86_400_000;

/** A direct bsread source as the monitor takes it. */
const sourceAddress: Parser<string> = (value) => {
  if (typeof value === "string") {
    try {
      parseSourceOption(value);
      return value;
    } catch {
      // reported below
    }
  }
  throw new ConfigProblem(`must be tcp://host:port or tcp://host:port?mode=pull, got ${shown(value)}`);
};

const timing = mapping<MonitorTiming>("timing", {
  evaluateMs: integer(10, 60_000),
  recordedPollMs: integer(100, DAY_MS),
  catalogRefreshMs: integer(1000, DAY_MS),
  httpTimeoutMs: integer(100, 600_000),
  windowSeconds: integer(1, HISTORY_SECONDS),
  streamSilenceMs: integer(100, 600_000),
  streamRenewMs: integer(100, DAY_MS),
  retryMinMs: integer(10, DAY_MS),
  retryMaxMs: integer(10, DAY_MS),
  refusedRetryMs: integer(100, DAY_MS),
});

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

/** The limits are those of a set's per-channel thresholds in the API: one schema, one truth. */
const thresholds = mapping<ChannelThresholds>(
  "thresholds",
  Object.fromEntries(Object.entries(Thresholds.properties as Record<string, SchemaLeaf>).map(([name, schema]) => [name, leafParser(name, schema)])) as {
    [K in keyof ChannelThresholds]: Parser<ChannelThresholds[K]>;
  },
);

/** `name:token`; the name is recorded as who did a write. Never echoes the value. */
const token: Parser<Token> = (value) => {
  const [t, ...more] = typeof value === "string" && value.indexOf(":") > 0 ? parseTokens(value) : [];
  if (!t || more.length > 0 || t.token === "" || /\s/.test(t.token)) {
    throw new ConfigProblem("must be name:token (a name, a colon, then the token without spaces or commas)");
  }
  return t;
};

export const CONFIG_FIELDS: { readonly [K in ConfigKey]: Field<ChannelWatchConfig[K]> } = {
  port: { parse: integer(0, 65535), env: "CHANNELWATCH_PORT", flag: "port" },
  host: { parse: hostName, env: "CHANNELWATCH_HOST", flag: "host" },
  dispatchers: { parse: list(httpUrl), env: "CHANNELWATCH_DISPATCHERS", flag: "dispatcher" },
  sources: { parse: list(sourceAddress), env: "CHANNELWATCH_SOURCES", flag: "source" },
  database: { parse: databaseUrl, env: "CHANNELWATCH_DATABASE", flag: "database" },
  // No flag: a token on the command line is visible to every user in `ps`.
  tokens: { parse: list(token), env: "CHANNELWATCH_TOKENS" },
  timing: { parse: timing },
  thresholds: { parse: thresholds },
  pushHz: { parse: decimal(0.1, 20), env: "CHANNELWATCH_PUSH_HZ", flag: "push-hz" },
  logLevel: { parse: oneOf(LOG_LEVELS), env: "CHANNELWATCH_LOG_LEVEL", flag: "log-level" },
};

export const CONFIG_KEYS = Object.keys(CONFIG_FIELDS) as ConfigKey[];

/** Names the config file may come from when no --config is given. */
export const CONFIG_FILE_ENV = "CHANNELWATCH_CONFIG";
