/**
 * ChannelWatch as `channelwatch serve` runs it, serving a given UI build, in a process of
 * its own for bench/ui (so it can be pinned away from the browser):
 *
 *   node bench/.build/js/bench/ui/server-program.js --dispatcher URL --database sqlite:PATH
 *     --ui-dir DIR [--max-seconds 1500]
 *
 * Prints one JSON line `{"url", "control"}`. Ends on SIGTERM or SIGINT, or by itself after
 * --max-seconds (exit code 1).
 */
import { parseArgs } from "node:util";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import { runControlled } from "../lib/control-server.js";

const { values: cli } = parseArgs({
  options: {
    dispatcher: { type: "string" },
    database: { type: "string" },
    "ui-dir": { type: "string" },
    "max-seconds": { type: "string", default: "1500" },
  },
});
if (!cli.dispatcher || !cli.database || !cli["ui-dir"]) throw new Error("--dispatcher, --database and --ui-dir are required");

const server = await ChannelWatchServer.start({
  port: 0,
  host: "127.0.0.1",
  dispatchers: [cli.dispatcher],
  sources: [],
  database: cli.database,
  tokens: [],
  uiDir: cli["ui-dir"],
  logger: false,
});

const answer = async (url: URL): Promise<unknown> => (url.pathname === "/ping" ? { ok: true } : undefined);
const control = await runControlled({ name: "ui server-program", maxSeconds: Number(cli["max-seconds"]), answer, stop: () => server.stop() });
console.log(JSON.stringify({ url: server.url, control }));
