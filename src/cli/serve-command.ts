/** `channelwatch serve`: the real thing, against the SwissFEL dispatcher (or any configured). */
import { DEFAULT_CONFIG, LOG_LEVELS } from "../config/channel-watch-config.js";
import { loadConfig } from "../config/load-config.js";
import type { Command } from "./command.js";
import { parseOptions } from "./parse-options.js";
import { serverBanner } from "./server-banner.js";
import { untilShutdownSignal } from "./shutdown.js";
import { startServer } from "./start-server.js";

const HELP = `usage: channelwatch serve [--config FILE] [--port N] [--host ADDR] [--dispatcher URL ...]
                         [--source tcp://host:port[?mode=pull] ...] [--database URL]
                         [--push-hz HZ] [--log-level LEVEL]

Runs ChannelWatch: watches the channels of the watched sets through the dispatcher backends
(and direct sources), serves the REST API under /api/v1 (docs at /docs), the live WebSocket
and /metrics. SIGINT or SIGTERM stops it gracefully (a second one at once).

Settings come from, in increasing precedence: the defaults, the config file (YAML or JSON),
CHANNELWATCH_* environment variables, these flags. A bad one stops it with one line and exit
code 2.

options [default]:
  --config FILE      config file, .yaml, .yml or .json
  --port N           HTTP port; 0 picks a free one [${DEFAULT_CONFIG.port}]
  --host ADDR        address to listen on [${DEFAULT_CONFIG.host}]
  --dispatcher URL   a dispatcher backend; repeatable
                     [${DEFAULT_CONFIG.dispatchers.join("\n                      ")}]
  --source ADDR      a direct bsread source; repeatable: tcp://host:port (SUB), or
                     tcp://host:port?mode=pull for a PUSH sender (never a production IOC,
                     whose PUSH socket the dispatcher already drains) [none]
  --database URL     sqlite:PATH or postgres://user:password@host:port/database
                     [${DEFAULT_CONFIG.database}]
  --push-hz HZ       live push rate to browsers, 0.1 to 20 [${DEFAULT_CONFIG.pushHz}]
  --log-level LEVEL  ${LOG_LEVELS.join(", ")} [${DEFAULT_CONFIG.logLevel}]

environment:
  CHANNELWATCH_CONFIG, CHANNELWATCH_PORT, CHANNELWATCH_HOST, CHANNELWATCH_DISPATCHERS and
  CHANNELWATCH_SOURCES (comma-separated), CHANNELWATCH_DATABASE, CHANNELWATCH_PUSH_HZ,
  CHANNELWATCH_LOG_LEVEL, and CHANNELWATCH_TOKENS (name:token,...): with tokens, every
  write needs Authorization: Bearer <token>, and the token's name is recorded as who did it.

config file keys: port, host, dispatchers, sources, database, tokens (a list of name:token),
pushHz, logLevel, timing {evaluateMs, recordedPollMs, ...}, thresholds {warmupMs, ...};
see README.md for the full reference.`;

async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions("serve", {
    args: argv,
    options: {
      config: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      dispatcher: { type: "string", multiple: true },
      source: { type: "string", multiple: true },
      database: { type: "string" },
      "push-hz": { type: "string" },
      "log-level": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { server: options, file } = await loadConfig({
    file: values.config,
    env: process.env,
    flags: {
      port: values.port,
      host: values.host,
      dispatchers: values.dispatcher,
      sources: values.source,
      database: values.database,
      pushHz: values["push-hz"],
      logLevel: values["log-level"],
    },
  });
  // Listening for signals before starting: a SIGTERM during startup still shuts down cleanly.
  const signal = untilShutdownSignal();
  const server = await startServer(options);
  console.log(serverBanner(server.url, options, file === undefined ? [] : [["config", file]]));
  await signal;
  await server.stop();
  console.log("stopped");
  return 0;
}

export const serveCommand: Command = {
  help: HELP,
  run,
};
