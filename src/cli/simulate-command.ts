/** `channelwatch simulate`: the SwissFEL emulator alone. */
import { parseArgs } from "node:util";
import { Emulator } from "../simulator/emulator.js";
import { buildCatalog } from "../simulator/catalog.js";
import { ScenarioError, loadScenario } from "../simulator/scenario.js";
import { demoScenario } from "../simulator/demo-scenario.js";
import { BACKENDS } from "../simulator/channel-spec.js";
import { UsageError, integerOption } from "./usage-error.js";

export const SIMULATE_HELP = `usage: channelwatch simulate [--port 8090] [--host 127.0.0.1] [--channels N] [--scenario FILE] [--seed S]

Runs the SwissFEL emulator: the dispatcher REST API for sf-databuffer and sf-imagebuffer,
simulated IOC sources on a 100 Hz pulse clock, bsread output streams over ZeroMQ, and
fault injection under /sim (see README.md).

  --port N         HTTP port (default 8090; 0 picks a free one)
  --host ADDR      address to listen on (default 127.0.0.1)
  --channels N     catalog size (default about 2,000; up to 100,000)
  --scenario FILE  a timeline of faults, YAML or JSON
  --seed S         catalog and values are the same for the same seed (default 1)`;

export interface SimulateDefaults {
  /** Play the built-in demo timeline when no --scenario is given. */
  demoFaults?: boolean;
  banner?: string;
}

export async function simulateCommand(argv: string[], defaults: SimulateDefaults = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        channels: { type: "string" },
        scenario: { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    console.log(SIMULATE_HELP);
    return 0;
  }
  const port = integerOption(values.port, "--port", 0, 65535) ?? 8090;
  const channels = integerOption(values.channels, "--channels", 1, 100_000);
  const seed = integerOption(values.seed, "--seed", 0, 2 ** 31 - 1);
  let scenario;
  if (values.scenario === undefined && defaults.demoFaults) {
    scenario = demoScenario(buildCatalog({ channels, seed }));
  } else if (values.scenario !== undefined) {
    try {
      scenario = await loadScenario(values.scenario, buildCatalog({ channels, seed }));
    } catch (err) {
      if (err instanceof ScenarioError) throw new UsageError(err.message);
      throw err;
    }
  }
  let emulator: Emulator;
  try {
    emulator = await Emulator.start({ port, host: values.host, channels, seed, scenario });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "EADDRINUSE") throw new UsageError(`port ${port} is in use (try --port 0)`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new UsageError(`cannot listen on ${values.host}`);
    throw err;
  }
  if (defaults.banner) console.log(defaults.banner);
  console.log(`ChannelWatch SwissFEL emulator: ${emulator.catalog.channels.length} channels, ${emulator.catalog.sources.length} sources`);
  for (const backend of BACKENDS) console.log(`  dispatcher ${backend.padEnd(15)} ${emulator.backendUrl(backend)}`);
  console.log(`  faults & clock            ${emulator.url}/sim`);
  if (scenario) console.log(`  scenario                  ${scenario.steps.length} steps${scenario.repeatEveryMs ? `, repeating every ${scenario.repeatEveryMs} ms` : ""}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`\n${signal}: shutting down`);
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  await emulator.close();
  return 0;
}
