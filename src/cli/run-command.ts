/** `channelwatch run start|stop|report`: open and close a run, and ask which pulses lack data. */
import type { presentReport, presentRun } from "../server/present.js";
import { CLIENT_OPTIONS, CLIENT_OPTIONS_HELP, clientFrom } from "./client-options.js";
import type { Command } from "./command.js";
import { parseOptions } from "./parse-options.js";
import { formatTable } from "./table.js";
import { UsageError, integerOption } from "./usage-error.js";

const HELP = `usage: channelwatch run start SET [--name NAME] [--start-pulse ID] [--json]
       channelwatch run stop ID [--stop-pulse ID] [--json]
       channelwatch run report ID [--csv | --json]
       (each also takes --server URL and --token T)

A run counts, per channel of a set, the pulses that should have carried a value and those
that did, and keeps the missing pulse ids as ranges (inclusive at both ends).

  start SET        open a run now, or from --start-pulse (past, within the kept history,
                   or future); prints the run's id on stdout (for scripts: ID=$(channelwatch
                   run start SET)) and what was started on stderr
  stop ID          close the run now, or at --stop-pulse
  report ID        coverage per channel with the missing ranges; --csv prints the server's
                   CSV export

  --json           print the server's answer as JSON
${CLIENT_OPTIONS_HELP}

Exit code 0 on success, 2 when the request could not be made or the server refused it
(unknown set or run, bad token…), with the server's message.`;

type RunAnswer = ReturnType<typeof presentRun>;
type ReportAnswer = ReturnType<typeof presentReport>;

const PULSE_ID_MAX = Number.MAX_SAFE_INTEGER;
const SHOWN_RANGES = 3;
const COMMON = { ...CLIENT_OPTIONS, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

function onePositional(sub: string, what: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`run ${sub} needs exactly one ${what}: channelwatch run ${sub} ${what.toUpperCase()}`);
  return positionals[0]!;
}

const pulses = (r: { startPulseId: number; stopPulseId: number | null }): string => `pulses ${r.startPulseId}-${r.stopPulseId ?? "(open)"}`;

async function start(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions("run start", {
    args: argv,
    options: { ...COMMON, name: { type: "string" }, "start-pulse": { type: "string" } },
    allowPositionals: true,
  });
  if (values.help) return help();
  const set = onePositional("start", "set", positionals);
  const startPulseId = integerOption(values["start-pulse"], "--start-pulse", 0, PULSE_ID_MAX);
  const run = await clientFrom(values).json<RunAnswer>("POST", "/runs", { set, name: values.name, startPulseId });
  if (values.json) {
    console.log(JSON.stringify(run, null, 2));
  } else {
    console.log(run.id);
    console.error(`started run ${run.id}${run.name ? ` "${run.name}"` : ""} on set ${run.set} (${run.channels} channels) at pulse ${run.startPulseId}`);
  }
  return 0;
}

async function stop(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions("run stop", { args: argv, options: { ...COMMON, "stop-pulse": { type: "string" } }, allowPositionals: true });
  if (values.help) return help();
  const id = onePositional("stop", "id", positionals);
  const stopPulseId = integerOption(values["stop-pulse"], "--stop-pulse", 0, PULSE_ID_MAX);
  const run = await clientFrom(values).json<RunAnswer>("POST", `/runs/${encodeURIComponent(id)}/stop`, { stopPulseId });
  console.log(values.json ? JSON.stringify(run, null, 2) : `stopped run ${run.id} on set ${run.set}: ${pulses(run)}`);
  return 0;
}

function missing(ranges: readonly [number, number][], truncated: boolean | undefined): string {
  if (ranges.length === 0) return "-";
  const shown = ranges.slice(0, SHOWN_RANGES).map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
  const more = ranges.length > SHOWN_RANGES || truncated ? ` (+${ranges.length - shown.length}${truncated ? "+" : ""} more)` : "";
  return shown.join(", ") + more;
}

function printReport(r: ReportAnswer): void {
  const state = r.complete ? "complete" : r.accountedUpTo === null ? "nothing counted yet" : `counted up to pulse ${r.accountedUpTo}`;
  console.log(`run ${r.id}${r.name ? ` "${r.name}"` : ""} on set ${r.set}: ${pulses(r)}, ${state}`);
  const rows = r.channels.map((c) => [c.name, String(c.expected), String(c.received), c.coverage === null ? "-" : `${c.coverage.toFixed(2)}%`, missing(c.missing, c.truncated)]);
  console.log(formatTable(["CHANNEL", "EXPECTED", "RECEIVED", "COVERAGE", "MISSING"], rows));
}

async function report(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions("run report", { args: argv, options: { ...COMMON, csv: { type: "boolean" } }, allowPositionals: true });
  if (values.help) return help();
  const id = onePositional("report", "id", positionals);
  if (values.csv && values.json) throw new UsageError("run report takes --csv or --json, not both");
  const client = clientFrom(values);
  const path = `/runs/${encodeURIComponent(id)}/report`;
  if (values.csv) {
    process.stdout.write(await client.text("GET", `${path}?format=csv`));
    return 0;
  }
  const answer = await client.json<ReportAnswer>("GET", path);
  if (values.json) console.log(JSON.stringify(answer, null, 2));
  else printReport(answer);
  return 0;
}

function help(): number {
  console.log(HELP);
  return 0;
}

const SUBCOMMANDS = new Map<string, (argv: string[]) => Promise<number>>([
  ["start", start],
  ["stop", stop],
  ["report", report],
]);

async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "-h" || sub === "--help") return help();
  const subcommand = sub === undefined ? undefined : SUBCOMMANDS.get(sub);
  if (!subcommand) throw new UsageError(`run needs start, stop or report${sub === undefined ? "" : `, got "${sub}"`} (see channelwatch run --help)`);
  return subcommand(rest);
}

export const runCommand: Command = {
  help: HELP,
  run,
};
