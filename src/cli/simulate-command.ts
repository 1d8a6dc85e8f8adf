/** `channelwatch simulate`: the SwissFEL emulator alone. */
import { Emulator } from "../simulator/emulator.js";
import { buildCatalog } from "../simulator/catalog.js";
import { ScenarioError, loadScenario } from "../simulator/scenario.js";
import { BACKENDS } from "../simulator/channel-spec.js";
import type { Command } from "./command.js";
import { parseOptions } from "./parse-options.js";
import { untilShutdownSignal } from "./shutdown.js";
import { explainStartError } from "./start-error.js";
import { UsageError, integerOption } from "./usage-error.js";

const HELP = `usage: channelwatch simulate [--port 8090] [--host 127.0.0.1] [--channels N] [--scenario FILE] [--seed S]

Runs the SwissFEL emulator: the dispatcher REST API for sf-databuffer and sf-imagebuffer,
simulated IOC sources on a 100 Hz pulse clock, bsread output streams over ZeroMQ, and
fault injection under /sim (see README.md).

  --port N         HTTP port (default 8090; 0 picks a free one)
  --host ADDR      address to listen on (default 127.0.0.1)
  --channels N     catalog size (default about 2,000; up to 100,000)
  --scenario FILE  a timeline of faults, YAML or JSON
  --seed S         catalog and values are the same for the same seed (default 1)`;

async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions("simulate", {
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      channels: { type: "string" },
      scenario: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = integerOption(values.port, "--port", 0, 65535) ?? 8090;
  const channels = integerOption(values.channels, "--channels", 1, 100_000);
  const seed = integerOption(values.seed, "--seed", 0, 2 ** 31 - 1);
  let scenario;
  if (values.scenario !== undefined) {
    try {
      scenario = await loadScenario(values.scenario, buildCatalog({ channels, seed }));
    } catch (err) {
      if (err instanceof ScenarioError) throw new UsageError(err.message);
      throw err;
    }
  }
  const signal = untilShutdownSignal();
  let emulator: Emulator;
  try {
    emulator = await Emulator.start({ port, host: values.host, channels, seed, scenario });
  } catch (err) {
    throw explainStartError(err, { port, host: values.host });
  }
  console.log(`ChannelWatch SwissFEL emulator: ${emulator.catalog.channels.length} channels, ${emulator.catalog.sources.length} sources`);
  for (const backend of BACKENDS) console.log(`  dispatcher ${backend.padEnd(15)} ${emulator.backendUrl(backend)}`);
  console.log(`  faults & clock            ${emulator.url}/sim`);
  if (scenario) console.log(`  scenario                  ${scenario.steps.length} steps${scenario.repeatEveryMs ? `, repeating every ${scenario.repeatEveryMs} ms` : ""}`);
  await signal;
  await emulator.close();
  return 0;
}

export const simulateCommand: Command = {
  help: HELP,
  run,
};
