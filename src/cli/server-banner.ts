/** What `serve` and `demo` print once listening: where to look, and what is watched. */
import type { ServerOptions } from "../server/channel-watch-server.js";
import { existsSync } from "node:fs";
import path from "node:path";
import { UI_DIR } from "../server/static-ui.js";
import { redactUrl } from "../store/open-store.js";

function writes(options: ServerOptions): string {
  if (options.tokens.length === 0) return "open to anyone (set CHANNELWATCH_TOKENS to protect them)";
  return `need one of ${options.tokens.length} token(s): ${options.tokens.map((t) => t.name).join(", ")}`;
}

/** Where to point a browser; said plainly when the UI was not built (an API-only checkout). */
function panel(url: string, panelPath: string): string {
  if (!existsSync(path.join(UI_DIR, "index.html"))) return "not built: run `npm run build` for the web UI; until then, the API:";
  return panelPath === "/" ? `${url}/ (a set's wall panel: ${url}/panel/SET, ?kiosk=1 for a wall screen)` : `${url}${panelPath}`;
}

/** `panelPath`: the page to open first (demo: its set's panel). */
export function serverBanner(url: string, options: ServerOptions, extra: ReadonlyArray<readonly [string, string]> = [], panelPath = "/"): string {
  const watching = [...options.dispatchers.map((d) => `dispatcher ${d}`), ...options.sources.map((s) => `source ${s}`)];
  const rows: Array<readonly [string, string]> = [
    ["panel", panel(url, panelPath)],
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
