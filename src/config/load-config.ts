/**
 * The server configuration in layers (DESIGN.md §5): defaults < config file (YAML/JSON) <
 * `CHANNELWATCH_*` environment variables < command-line flags. Every value is validated
 * where it enters, and a bad one is reported with its origin: `config file x.yaml: port …`,
 * `CHANNELWATCH_PORT: …`, `--port: …`.
 */
import type { ServerOptions } from "../server/channel-watch-server.js";
import { DEFAULT_CONFIG, type ChannelWatchConfig } from "./channel-watch-config.js";
import { CONFIG_FIELDS, CONFIG_FILE_ENV, CONFIG_KEYS, type ConfigKey } from "./config-fields.js";
import { ConfigError, ConfigProblem } from "./config-error.js";
import { configFileOrigin, readConfigFile } from "./config-file.js";
import { toServerOptions } from "./server-options.js";

/** Settings a command takes as flags, as parseArgs gives them (repeated flags as lists). */
export type FlagKey = "port" | "host" | "dispatchers" | "sources" | "database" | "pushHz" | "logLevel";
export type ConfigFlags = { [K in FlagKey]?: string | string[] };

export interface LoadConfigInput {
  /** The --config file; without it CHANNELWATCH_CONFIG names one, or there is none. */
  file?: string;
  env: Readonly<Record<string, string | undefined>>;
  flags?: ConfigFlags;
  /** A command's own defaults over the built-in ones (demo: its own database). */
  defaults?: Partial<ChannelWatchConfig>;
}

export interface LoadedConfig {
  config: ChannelWatchConfig;
  /** The file read, if any. */
  file?: string;
  server: ServerOptions;
}

function set<K extends ConfigKey>(config: ChannelWatchConfig, key: K, raw: unknown, describe: (problem: ConfigProblem) => string): void {
  try {
    config[key] = CONFIG_FIELDS[key].parse(raw);
  } catch (err) {
    throw err instanceof ConfigProblem ? new ConfigError(describe(err)) : err;
  }
}

/** An entry of a list given as text: "item 2" (the file says `dispatchers[1]`). */
function textProblem(name: string, problem: ConfigProblem): string {
  const item = /^\[(\d+)\]/.exec(problem.path);
  return `${name}: ${item ? `item ${Number(item[1]) + 1} ` : ""}${problem.message}`;
}

/** An unset or empty variable is no setting, as shells treat `VAR=`. */
function envValue(env: LoadConfigInput["env"], name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

export async function loadConfig(input: LoadConfigInput): Promise<LoadedConfig> {
  const config: ChannelWatchConfig = { ...DEFAULT_CONFIG, ...input.defaults };

  const file = input.file ?? envValue(input.env, CONFIG_FILE_ENV);
  if (file !== undefined) {
    const origin = configFileOrigin(file);
    for (const [key, raw] of Object.entries(await readConfigFile(file))) {
      if (!(CONFIG_KEYS as string[]).includes(key)) throw new ConfigError(`${origin}: unknown setting "${key}" (known: ${CONFIG_KEYS.join(", ")})`);
      set(config, key as ConfigKey, raw, (p) => `${origin}: ${key}${p.path} ${p.message}`);
    }
  }

  for (const key of CONFIG_KEYS) {
    const name = CONFIG_FIELDS[key].env;
    const raw = name === undefined ? undefined : envValue(input.env, name);
    if (name !== undefined && raw !== undefined) set(config, key, raw, (p) => textProblem(name, p));
  }

  for (const [key, raw] of Object.entries(input.flags ?? {}) as Array<[FlagKey, string | string[] | undefined]>) {
    const flag = CONFIG_FIELDS[key].flag;
    if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) continue;
    if (flag === undefined) throw new Error(`setting ${key} has no flag`);
    set(config, key, raw, (p) => textProblem(`--${flag}`, p));
  }

  if (config.dispatchers.length === 0 && config.sources.length === 0) {
    throw new ConfigError("nothing to watch: give at least one dispatcher (--dispatcher, CHANNELWATCH_DISPATCHERS or dispatchers in the config file) or direct source (--source …)");
  }
  return { config, file, server: toServerOptions(config) };
}
