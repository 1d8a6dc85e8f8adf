/** A configuration as ChannelWatchServer takes it. */
import type { ServerOptions } from "../server/channel-watch-server.js";
import type { ChannelWatchConfig } from "./channel-watch-config.js";

export function toServerOptions(config: ChannelWatchConfig): ServerOptions {
  return {
    port: config.port,
    host: config.host,
    dispatchers: config.dispatchers,
    sources: config.sources,
    database: config.database,
    tokens: config.tokens,
    timing: config.timing,
    thresholds: config.thresholds,
    live: { pushHz: config.pushHz },
    logger: config.logLevel,
  };
}
