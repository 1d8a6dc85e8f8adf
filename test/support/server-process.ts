/**
 * A ChannelWatch server in a child process, for restart and kill -9 tests:
 * `node --import tsx test/support/server-process.ts <database> <dispatcherUrl...>`
 * prints `listening <url>` once it serves.
 */
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";

const [database, ...dispatchers] = process.argv.slice(2);
const server = await ChannelWatchServer.start({
  port: 0,
  host: "127.0.0.1",
  dispatchers,
  sources: [],
  database: database!,
  tokens: [],
  timing: { evaluateMs: 100, recordedPollMs: 500 },
  thresholds: { warmupMs: 500 },
});
console.log(`listening ${server.url}`);
process.once("SIGTERM", () => void server.stop().then(() => process.exit(0)));
