/**
 * Where the client commands (`check`, `run`) find the server and which token they send:
 * flag < environment < default, validated like the server's settings.
 */
import { DEFAULT_HOST, DEFAULT_PORT } from "./network-defaults.js";
import { ConfigError, ConfigProblem } from "./config-error.js";
import { httpUrl, parser, type Parser } from "./parsers.js";

export const DEFAULT_SERVER_URL = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;
export const SERVER_ENV = "CHANNELWATCH_SERVER";
export const TOKEN_ENV = "CHANNELWATCH_TOKEN";

export interface ClientConfig {
  /** Base URL of a ChannelWatch server, without /api/v1. */
  server: string;
  /** Sent as `Authorization: Bearer <token>` with writes. */
  token?: string;
}

export interface ClientFlags {
  server?: string;
  token?: string;
}

/** Never echoes the token. */
const bearerToken: Parser<string> = parser("token without spaces", (value) => {
  if (typeof value !== "string" || !/^\S+$/.test(value)) throw new ConfigProblem("must be a token without spaces");
  return value;
});

/** The client commands' settings, for the configuration reference. */
export const CLIENT_SETTINGS: ReadonlyArray<{ env: string; flag: string; accepts: string; default?: string; doc: string }> = [
  { env: SERVER_ENV, flag: "server", accepts: httpUrl.accepts, default: DEFAULT_SERVER_URL, doc: "Base URL of the ChannelWatch server that `check` and `run` talk to." },
  { env: TOKEN_ENV, flag: "token", accepts: bearerToken.accepts, doc: "Sent as `Authorization: Bearer` with writes (`run start`, `run stop`): one of the server's `tokens`." },
];

function pick(flag: string | undefined, env: string | undefined, flagName: string, envName: string): { raw: string; origin: string } | undefined {
  if (flag !== undefined) return { raw: flag, origin: flagName };
  if (env !== undefined && env.trim() !== "") return { raw: env, origin: envName };
  return undefined;
}

function parsed<T>(parser: Parser<T>, given: { raw: string; origin: string }): T {
  try {
    return parser(given.raw);
  } catch (err) {
    throw err instanceof ConfigProblem ? new ConfigError(`${given.origin}: ${err.message}`) : err;
  }
}

export function loadClientConfig(input: { env: Readonly<Record<string, string | undefined>>; flags: ClientFlags }): ClientConfig {
  const server = pick(input.flags.server, input.env[SERVER_ENV], "--server", SERVER_ENV);
  const token = pick(input.flags.token, input.env[TOKEN_ENV], "--token", TOKEN_ENV);
  return {
    server: server ? parsed(httpUrl, server) : DEFAULT_SERVER_URL,
    ...(token && { token: parsed(bearerToken, token) }),
  };
}
