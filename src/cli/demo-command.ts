/**
 * `channelwatch demo` (what `npm start` runs): the built-in SwissFEL emulator playing a gentle
 * timeline of faults, and ChannelWatch watching a demo set of its channels.
 */
import { DEFAULT_CONFIG } from "../config/channel-watch-config.js";
import { loadConfig } from "../config/load-config.js";
import { BACKENDS } from "../simulator/channel-spec.js";
import { demoScenario } from "../simulator/demo-scenario.js";
import { Emulator } from "../simulator/emulator.js";
import { playScenario } from "../simulator/scenario.js";
import type { Command } from "./command.js";
import { DEMO_SET, demoChannels, ensureWatchedSet } from "./demo-set.js";
import { parseOptions } from "./parse-options.js";
import { serverBanner } from "./server-banner.js";
import { untilShutdownSignal } from "./shutdown.js";
import { startServer } from "./start-server.js";

/** Not the production store's default: demo sets and events never land in a real database. */
export const DEMO_DATABASE_URL = "sqlite:./data/demo.db";

const HELP = `usage: channelwatch demo [--port ${DEFAULT_CONFIG.port}] [--host ${DEFAULT_CONFIG.host}] [--database ${DEMO_DATABASE_URL}]

ChannelWatch with the built-in SwissFEL emulator, what \`npm start\` runs. The emulator (on a
free port) plays a gentle timeline of faults that come and go — a channel stops, a rate
drops, a source goes down, recording stops… one at a time, repeating every five minutes —
and ChannelWatch watches a set named "${DEMO_SET}" of about 40 of its channels.

The demo reads no config file and no CHANNELWATCH_* variables, so it never talks to a real
dispatcher or writes to a real database.

  --port N         HTTP port of ChannelWatch (default ${DEFAULT_CONFIG.port}; 0 picks a free one)
  --host ADDR      address to listen on (default ${DEFAULT_CONFIG.host})
  --database URL   where the demo keeps its set, events and runs (default ${DEMO_DATABASE_URL})`;

async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions("demo", {
    args: argv,
    options: { port: { type: "string" }, host: { type: "string" }, database: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { server: options } = await loadConfig({
    env: {},
    flags: { port: values.port, host: values.host, database: values.database },
    defaults: { database: DEMO_DATABASE_URL },
  });
  const signal = untilShutdownSignal();
  const emulator = await Emulator.start({ port: 0 });
  const scenario = demoScenario(emulator.catalog);
  const stopScenario = playScenario(scenario, (fault) => emulator.inject(fault));
  const stopEmulator = async (): Promise<void> => {
    stopScenario();
    await emulator.close();
  };
  const serverOptions = { ...options, dispatchers: BACKENDS.map((b) => emulator.backendUrl(b)), sources: [] };
  const server = await startServer(serverOptions).catch(async (err: unknown) => {
    await stopEmulator();
    throw err;
  });
  const channels = demoChannels(emulator.catalog, scenario);
  try {
    await ensureWatchedSet(server.service, DEMO_SET, channels, "ChannelWatch demo: channels of the built-in emulator; its demo scenario faults some of them now and then.");
  } catch (err) {
    await server.stop();
    await stopEmulator();
    throw err;
  }
  console.log(
    serverBanner(server.url, serverOptions, [
      ["demo set", `"${DEMO_SET}" (${channels.length} channels): ${server.url}/api/v1/status?set=${DEMO_SET}`],
      ["check", `channelwatch check ${DEMO_SET} --server ${server.url}`],
      ["emulator", `${emulator.url} (faults under ${emulator.url}/sim)`],
    ], `/panel/${DEMO_SET}`),
  );
  await signal;
  await server.stop();
  await stopEmulator();
  console.log("stopped");
  return 0;
}

export const demoCommand: Command = {
  help: HELP,
  run,
};
