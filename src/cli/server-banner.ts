/** What `serve` and `demo` print once listening: where to look, and what is watched. */
import type { ServerOptions } from "../server/channel-watch-server.js";
import { redactUrl } from "../store/open-store.js";

function writes(options: ServerOptions): string {
  if (options.tokens.length === 0) return "open to anyone (set CHANNELWATCH_TOKENS to protect them)";
  return `need one of ${options.tokens.length} token(s): ${options.tokens.map((t) => t.name).join(", ")}`;
}

export function serverBanner(url: string, options: ServerOptions, extra: ReadonlyArray<readonly [string, string]> = []): string {
  const watching = [...options.dispatchers.map((d) => `dispatcher ${d}`), ...options.sources.map((s) => `source ${s}`)];
  const rows: Array<readonly [string, string]> = [
    // Said plainly until the UI lands: nobody should look for a panel that is not there.
    ["panel", "not built yet (the web UI arrives in a later release); until then, the API:"],
    ["API", `${url}/api/v1`],
    ["API docs", `${url}/docs`],
    ["health", `${url}/api/v1/health`],
    ["metrics", `${url}/metrics`],
    ...extra,
    ...watching.map((w, i) => [i === 0 ? "watching" : "", w] as const),
    ["database", redactUrl(options.database)],
    ["writes", writes(options)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`ChannelWatch listening on ${url}`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join("\n");
}
