/** `channelwatch check SET`: for scripts, is every channel of SET ok right now? */
import type { Summary } from "../monitor/monitor.js";
import { CLIENT_OPTIONS, CLIENT_OPTIONS_HELP, clientFrom } from "./client-options.js";
import type { Command } from "./command.js";
import { parseOptions } from "./parse-options.js";
import { formatTable } from "./table.js";
import { UsageError } from "./usage-error.js";

const HELP = `usage: channelwatch check SET [--server URL] [--json]

Asks a running ChannelWatch whether every channel of the set SET is ok right now
(GET /api/v1/sets/SET/check) and prints the channels that are not, with their reasons.

Exit code: 0 when every channel is ok, 1 when not (or the set is not watched),
2 when the check could not be made (bad arguments, server unreachable, no such set).

  --json           print the server's answer as JSON instead of a table
${CLIENT_OPTIONS_HELP}`;

/** The answer of GET /sets/{name}/check. */
export interface CheckAnswer {
  ok: boolean;
  set: string;
  watched: boolean;
  summary: Summary;
  failing: Array<{ name: string; status: string; reasons: Array<{ code: string; message: string }> }>;
}

function verdict(answer: CheckAnswer): string {
  const { summary: s } = answer;
  const total = s.ok + s.warning + s.error + s.unknown;
  if (answer.ok) return `${answer.set}: OK, all ${total} channels ok`;
  if (!answer.watched) return `${answer.set}: NOT OK, the set is not watched (POST /api/v1/sets/${answer.set}/watch)`;
  if (total === 0) return `${answer.set}: NOT OK, the set has no channels`;
  const counts = (["error", "warning", "unknown", "ok"] as const).filter((l) => s[l] > 0).map((l) => `${s[l]} ${l}`);
  return `${answer.set}: NOT OK, ${counts.join(" · ")} of ${total} channels`;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions("check", {
    args: argv,
    options: { ...CLIENT_OPTIONS, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("check needs exactly one set name: channelwatch check SET");
  const set = positionals[0]!;
  const answer = await clientFrom(values).json<CheckAnswer>("GET", `/sets/${encodeURIComponent(set)}/check`);
  if (values.json) {
    console.log(JSON.stringify(answer, null, 2));
  } else {
    console.log(verdict(answer));
    if (answer.failing.length > 0) {
      const rows = answer.failing.map((c) => [c.name, c.status, c.reasons.map((r) => `${r.code}: ${r.message}`).join("; ") || "-"]);
      console.log(formatTable(["CHANNEL", "STATUS", "REASONS"], rows));
    }
  }
  return answer.ok ? 0 : 1;
}

export const checkCommand: Command = {
  help: HELP,
  run,
};
