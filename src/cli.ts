#!/usr/bin/env node
/**
 * The `channelwatch` command: routes to one module per command. Modules load on demand, so
 * a script's `check` or `run` does not pay for the server, ZeroMQ and the database drivers.
 */
import { readFileSync } from "node:fs";
import type { Command } from "./cli/command.js";
import { UsageError } from "./cli/usage-error.js";
import { ConfigError } from "./config/config-error.js";

interface CommandEntry {
  name: string;
  /** The command with its arguments, as listed: `check SET`. */
  synopsis: string;
  summary: string;
  load(): Promise<Command>;
}

const COMMANDS: readonly CommandEntry[] = [
  {
    name: "demo",
    synopsis: "demo",
    summary: "ChannelWatch with the built-in SwissFEL emulator and a demo set (npm start)",
    load: async () => (await import("./cli/demo-command.js")).demoCommand,
  },
  {
    name: "serve",
    synopsis: "serve",
    summary: "ChannelWatch against the dispatcher: REST API, live push, metrics",
    load: async () => (await import("./cli/serve-command.js")).serveCommand,
  },
  {
    name: "simulate",
    synopsis: "simulate",
    summary: "the SwissFEL emulator alone (dispatcher API, 100 Hz sources, faults)",
    load: async () => (await import("./cli/simulate-command.js")).simulateCommand,
  },
  {
    name: "check",
    synopsis: "check SET",
    summary: "exit 0 when every channel of SET is ok, 1 when not (a table or --json)",
    load: async () => (await import("./cli/check-command.js")).checkCommand,
  },
  {
    name: "run",
    synopsis: "run start|stop|report",
    summary: "open and close a run; its report: which pulses lack data",
    load: async () => (await import("./cli/run-command.js")).runCommand,
  },
];

const width = Math.max(...COMMANDS.map((c) => c.synopsis.length));
const USAGE = `usage: channelwatch <command> [options]

commands:
${COMMANDS.map((c) => `  ${c.synopsis.padEnd(width)}  ${c.summary}`).join("\n")}

options:
  -h, --help     this text (channelwatch <command> --help for a command's)
  -v, --version  the version

Exit codes: 0 success, 1 a check found a problem, 2 a usage, configuration or connection error.
Also available: the bsread protocol library, import { decodeMessage, encodeMessage,
Receiver, Sender } from "channelwatch/bsread".`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

function find(name: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
      console.error(USAGE);
      return 2;
    case "-h":
    case "--help":
    case "help": {
      const topic = name === "help" ? rest[0] : undefined;
      if (topic === undefined) {
        console.log(USAGE);
        return 0;
      }
      const entry = find(topic);
      if (!entry) throw new UsageError(`unknown command "${topic}" (see channelwatch --help)`);
      console.log((await entry.load()).help);
      return 0;
    }
    case "-v":
    case "--version":
      console.log(version());
      return 0;
    default: {
      const entry = find(name);
      if (!entry) throw new UsageError(`unknown command "${name}" (see channelwatch --help)`);
      return (await entry.load()).run(rest);
    }
  }
}

/**
 * When a command returns, its work is done (a server stopped gracefully: store flushed and
 * closed, streams deleted). A timer some library left behind — a retry back-off, a request
 * timeout — must not keep the process alive for seconds after that; stdout and stderr are
 * synchronous on Linux, so nothing written is lost.
 */
const EXIT_GRACE_MS = 200;

function finish(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}

main(process.argv.slice(2)).then(finish, (err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError) {
    // One line, whatever the message carried: scripts read stderr line by line.
    console.error(`channelwatch: ${err.message.replace(/\s*\n\s*/g, " ")}`);
    finish(2);
  } else {
    console.error(err);
    finish(1);
  }
});
