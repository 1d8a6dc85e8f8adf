/** node:util parseArgs (strict) for one command, its mistakes turned into one-line UsageErrors. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error.js";

function explain(command: string, err: Error): string {
  const code = (err as { code?: unknown }).code;
  // Node's own text for an unknown option runs over two sentences; one line says it.
  const unknown = code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'([^']+)'/.exec(err.message)?.[1] : undefined;
  const what = unknown !== undefined ? `unknown option ${unknown}` : err.message.replace(/\.$/, "");
  return `${command}: ${what} (see channelwatch ${command} --help)`;
}

export function parseOptions<const T extends ParseArgsConfig>(command: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError(explain(command, err as Error));
  }
}
