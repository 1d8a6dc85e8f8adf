/** The options every client command takes (--server, --token) and the client they make. */
import { DEFAULT_SERVER_URL, SERVER_ENV, TOKEN_ENV, loadClientConfig, type ClientFlags } from "../config/client-config.js";
import { ApiClient } from "./api-client.js";

export const CLIENT_OPTIONS = {
  server: { type: "string" },
  token: { type: "string" },
} as const;

export const CLIENT_OPTIONS_HELP = `  --server URL     the ChannelWatch server (default: $${SERVER_ENV}, else ${DEFAULT_SERVER_URL})
  --token T        sent as Authorization: Bearer T, needed for writes when the server
                   protects them (default: $${TOKEN_ENV}, better: a flag shows in ps)`;

export function clientFrom(flags: ClientFlags): ApiClient {
  return new ApiClient(loadClientConfig({ env: process.env, flags }));
}
