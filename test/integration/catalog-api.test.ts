/**
 * GET /api/v1/catalog on the real server against the emulator: the compact catalog decodes
 * to exactly what /channels lists, an unchanged catalog answers 304 to its ETag, and a
 * server whose dispatcher does not answer says its catalog is not complete (so the editor
 * never calls a name unknown on an empty catalog).
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import type { CatalogRow as ChannelRow, CompactCatalog } from "../../src/server/catalog-shape.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { until } from "../support/emulator-client.js";
import { startTestServer } from "../support/test-server.js";

let emulator: Emulator;
const servers: ChannelWatchServer[] = [];

function start(dispatchers: string[]): Promise<ChannelWatchServer> {
  return startTestServer(null, { dispatchers, timing: { evaluateMs: 100, recordedPollMs: 500, retryMinMs: 50, retryMaxMs: 200, httpTimeoutMs: 500 } }).then((s) => {
    servers.push(s);
    return s;
  });
}

async function catalogOf(server: ChannelWatchServer): Promise<CompactCatalog> {
  const res = await fetch(`${server.url}/api/v1/catalog`);
  expect(res.status).toBe(200);
  return (await res.json()) as CompactCatalog;
}

function decode(c: CompactCatalog): ChannelRow[] {
  return c.names.map((name, i) => ({
    name,
    backend: c.backends[c.backend[i]!] ?? null,
    type: c.types[c.type[i]!] ?? null,
    shape: c.shapes[c.shape[i]!] ?? null,
    modulo: c.modulo[i] ?? null,
    offset: c.offset[i] ?? null,
    source: c.sources[c.source[i]!] ?? null,
  }));
}

/** A server on both emulator backends whose catalog has arrived. */
async function startComplete(): Promise<ChannelWatchServer> {
  const server = await start([emulator.backendUrl("sf-databuffer"), emulator.backendUrl("sf-imagebuffer")]);
  await until(async () => (await catalogOf(server)).complete, 10_000, "catalog complete");
  return server;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  return port;
}

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0 });
}, 30_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  await emulator?.close();
});

describe("GET /api/v1/catalog", () => {
  it("lists every channel of both backends with the same facts as /channels, and says it is complete", async () => {
    const server = await startComplete();
    const compact = await catalogOf(server);
    const listed = (await (await fetch(`${server.url}/api/v1/channels?limit=10000`)).json()) as { total: number; channels: ChannelRow[] };
    expect(compact.total).toBe(emulator.catalog.channels.length);
    expect(compact.total).toBe(listed.total);
    const byName = (rows: ChannelRow[]) => [...rows].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(decode(compact))).toEqual(byName(listed.channels));
    expect(new Set(compact.backends)).toEqual(new Set(["sf-databuffer", "sf-imagebuffer"]));
    // Dictionaries keep it compact: far fewer shapes and sources than channels.
    expect(compact.shapes.length).toBeLessThan(compact.total / 10);
    expect(compact.sources.length).toBeLessThan(compact.total / 5);
  });

  it("answers 304 to the ETag of an unchanged catalog, 200 to another", async () => {
    const server = await startComplete();
    const first = await fetch(`${server.url}/api/v1/catalog`);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    await first.arrayBuffer();
    const again = await fetch(`${server.url}/api/v1/catalog`, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await fetch(`${server.url}/api/v1/catalog`, { headers: { "if-none-match": '"stale"' } });
    expect(other.status).toBe(200);
    expect(((await other.json()) as CompactCatalog).total).toBe(emulator.catalog.channels.length);
  });

  it("is not complete while a dispatcher does not answer (names cannot be called unknown then)", async () => {
    const port = await closedPort();
    const server = await start([`http://127.0.0.1:${port}/sf-databuffer`]);
    // Once the server has asked the dispatcher and failed, its catalog can only be incomplete.
    await until(() => server.service.monitor.restHealthOf("sf-databuffer")?.reachable === false, 10_000, "dispatcher reported unreachable");
    const compact = await catalogOf(server);
    expect(compact.complete).toBe(false);
    expect(compact.total).toBe(0);
  });
});
