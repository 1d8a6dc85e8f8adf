#!/usr/bin/env node
/** The `channelwatch` command: routes to one module per command. */
import { readFileSync } from "node:fs";
import { SIMULATE_HELP, simulateCommand } from "./cli/simulate-command.js";
import { UsageError } from "./cli/usage-error.js";

const USAGE = `usage: channelwatch <command> [options]

commands:
  simulate    the SwissFEL emulator alone (dispatcher API, 100 Hz sources, faults)
  demo        the panel plus the built-in emulator (today: the emulator with demo faults)
  serve       the panel against a real dispatcher (not built yet)
  check SET   exit 0 when every channel of SET is ok (not built yet)
  run         start/stop/report a run (not built yet)

options:
  -h, --help     this text (channelwatch <command> --help for a command's)
  -v, --version  the version

Also available: the bsread protocol library, import { decodeMessage, encodeMessage,
Receiver, Sender } from "channelwatch/bsread".`;

const NOT_BUILT = ["serve", "check", "run"];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      console.error(USAGE);
      return 2;
    case "-h":
    case "--help":
    case "help":
      console.log(command === "help" && rest[0] === "simulate" ? SIMULATE_HELP : USAGE);
      return 0;
    case "-v":
    case "--version":
      console.log(version());
      return 0;
    case "simulate":
      return simulateCommand(rest);
    case "demo":
      // Until the panel lands, the demo is the emulator with its gentle fault timeline.
      return simulateCommand(rest, {
        demoFaults: true,
        banner: "channelwatch demo: the panel is not built yet; running the SwissFEL emulator with demo faults.",
      });
    default:
      if (NOT_BUILT.includes(command)) {
        console.error(`channelwatch ${command}: not built yet (see README.md for what is).`);
        return 2;
      }
      throw new UsageError(`unknown command "${command}" (see channelwatch --help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`channelwatch: ${err.message}`);
      process.exitCode = err.exitCode;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
