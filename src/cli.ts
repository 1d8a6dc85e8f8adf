#!/usr/bin/env node
/**
 * The `channelwatch` command. The panel, emulator and server commands land with their
 * issues; until then this tells what is there instead of pretending.
 */
import { readFileSync } from "node:fs";

const USAGE = `usage: channelwatch <command> [options]

commands:
  demo        the panel plus the built-in SwissFEL emulator (not built yet)
  serve       the panel against a real dispatcher (not built yet)
  simulate    the SwissFEL emulator alone (not built yet)
  check SET   exit 0 when every channel of SET is ok (not built yet)
  run         start/stop/report a run (not built yet)

options:
  -h, --help     this text
  -v, --version  the version

Available today: the bsread protocol library, import { decodeMessage, encodeMessage,
Receiver, Sender } from "channelwatch/bsread".`;

const EXIT_USAGE = 2;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

function main(argv: string[]): number {
  const [command] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    console.log(USAGE);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command === "-v" || command === "--version") {
    console.log(version());
    return 0;
  }
  if (["demo", "serve", "simulate", "check", "run"].includes(command)) {
    console.error(`channelwatch ${command}: not built yet. This version ships the bsread library only (see README.md).`);
    return command === "demo" ? 0 : EXIT_USAGE;
  }
  console.error(`channelwatch: unknown command "${command}" (see channelwatch --help)`);
  return EXIT_USAGE;
}

process.exitCode = main(process.argv.slice(2));
