/**
 * Pieces the browser tests stand on: the real server (fast evaluation) serving the built UI,
 * watched sets, and reading tiles. ui-stack.ts puts them together with the emulator and Chromium.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { ChannelWatchServer, type ServerOptions } from "../src/server/channel-watch-server.js";
import { UI_DIR } from "../src/server/static-ui.js";
import { Emulator } from "../src/simulator/emulator.js";
import { startTestServer } from "../test/support/test-server.js";

export const SCREENSHOTS = path.resolve(import.meta.dirname, "screenshots");

/** The UI build under test: web/dist, or another build (parallel work builds into its own folder). */
export const E2E_UI_DIR = process.env.CHANNELWATCH_E2E_UI_DIR ?? UI_DIR;

/** The suite serves what `npm run build` made; say so plainly when it is missing. */
export function requireBuiltUi(): void {
  if (!existsSync(path.join(E2E_UI_DIR, "index.html"))) throw new Error(`the web UI is not built (${E2E_UI_DIR}): run \`npm run build\` (or \`npm run build:web\`) before the e2e tests`);
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** The server on loopback with fast evaluation, serving the UI under test; `options` replace these (whole keys). */
export function startServer(emulator: Emulator, database: string, options: Partial<ServerOptions> = {}): Promise<ChannelWatchServer> {
  return startTestServer(emulator, { database, uiDir: E2E_UI_DIR, ...options });
}

/** `count` 100 Hz scalar channels: they are ok within a second of being watched. */
export function scalarChannels(emulator: Emulator, count: number): string[] {
  return emulator.catalog.channels
    .filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape.length === 1 && c.shape[0] === 1)
    .slice(0, count)
    .map((c) => c.name);
}

export async function api<T>(server: ChannelWatchServer, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${route}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function watchSet(server: ChannelWatchServer, name: string, channels: readonly string[]): Promise<void> {
  await api(server, "POST", "/sets", { name, channels: channels.map((c) => ({ name: c })) });
  await api(server, "POST", `/sets/${name}/watch`);
  const deadline = Date.now() + 20_000;
  while (!(await api<{ ok: boolean }>(server, "GET", `/sets/${name}/check`)).ok) {
    if (Date.now() > deadline) throw new Error(`set ${name} never became ok`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** data-status of every tile, by channel name. */
export function tileStatuses(page: Page): Promise<Record<string, string>> {
  return page.$$eval("[data-channel]", (tiles) => Object.fromEntries(tiles.map((t) => [t.getAttribute("data-channel")!, t.getAttribute("data-status")!])));
}

/** Resolves once every one of `count` tiles shows `status`. */
export async function waitForAll(page: Page, count: number, status: string, timeout: number): Promise<void> {
  await page.waitForFunction(
    ({ count, status }) => {
      const tiles = document.querySelectorAll("[data-channel]");
      return tiles.length === count && [...tiles].every((t) => t.getAttribute("data-status") === status);
    },
    { count, status },
    { timeout, polling: 100 },
  );
}
