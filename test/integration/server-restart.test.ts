/**
 * Durability: sets, watches, shelves, events and runs survive a graceful restart and a
 * kill -9 of the server process — whatever a client got an answer for is there again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Emulator } from "../../src/simulator/emulator.js";
import { http, until } from "../support/emulator-client.js";

const script = fileURLToPath(new URL("../support/server-process.ts", import.meta.url));
let emulator: Emulator;
const children: ChildProcess[] = [];

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

async function startServer(database: string): Promise<{ child: ChildProcess; api: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, database, emulator.backendUrl("sf-databuffer")], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  await until(() => /listening (\S+)/.test(out) || child.exitCode !== null, 30_000, "server listening");
  const url = /listening (\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`server did not start:\n${out}`);
  return { child, api: `${url}/api/v1` };
}

const channels = () => emulator.catalog.channels.filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape[0] === 1).slice(0, 3);

async function writeEverything(api: string): Promise<{ runId: string; shelved: string }> {
  const names = channels().map((c) => c.name);
  expect((await http("POST", `${api}/sets`, { name: "durable", description: "survives", tags: ["t"], channels: names.map((name) => ({ name })) })).status).toBe(201);
  expect((await http("PUT", `${api}/sets/durable`, { version: 1, channels: names.slice(0, 2).map((name) => ({ name })) })).status).toBe(200);
  expect((await http("POST", `${api}/sets/durable/watch`)).status).toBe(200);
  await until(async () => (await http<{ ok: boolean }>("GET", `${api}/sets/durable/check`)).body.ok, 15_000, "durable ok");
  const shelved = names[0]!;
  expect((await http("POST", `${api}/alerts/${encodeURIComponent(shelved)}/shelve`, { until: new Date(Date.now() + 3_600_000).toISOString(), reason: "kept across restarts" })).status).toBe(200);
  const run = await http<{ id: string }>("POST", `${api}/runs`, { set: "durable", name: "overnight" });
  expect(run.status).toBe(201);
  return { runId: run.body.id, shelved };
}

async function expectEverything(api: string, runId: string, shelved: string): Promise<void> {
  const set = await http<{ version: number; description: string; channels: unknown[] }>("GET", `${api}/sets/durable`);
  expect(set.body).toMatchObject({ version: 2, description: "survives", watched: true });
  expect(set.body.channels).toHaveLength(2);
  expect((await http<{ versions: unknown[] }>("GET", `${api}/sets/durable/versions`)).body.versions).toHaveLength(2);
  await until(async () => (await http<{ ok: boolean }>("GET", `${api}/sets/durable/check`)).body.ok, 15_000, "watched again after restart");
  const status = await http<{ channels: Array<{ name: string; alert: { shelved?: { reason: string } } }> }>("GET", `${api}/status?set=durable`);
  expect(status.body.channels.find((c) => c.name === shelved)!.alert.shelved?.reason).toBe("kept across restarts");
  const events = await http<{ events: Array<{ kind: string; channel: string }> }>("GET", `${api}/events?limit=1000`);
  expect(events.body.events.some((e) => e.kind === "shelve" && e.channel === shelved)).toBe(true);
  expect(events.body.events.some((e) => e.kind === "status")).toBe(true);
  const runs = await http<{ runs: Array<{ id: string; name: string }> }>("GET", `${api}/runs`);
  expect(runs.body.runs.find((r) => r.id === runId)).toMatchObject({ name: "overnight" });
  // A new run continues the numbering.
  const next = await http<{ id: string }>("POST", `${api}/runs`, { set: "durable" });
  expect(Number(next.body.id.slice(1))).toBeGreaterThan(Number(runId.slice(1)));
}

describe("restarts", () => {
  it("everything survives a graceful restart (SIGTERM), which also deletes the dispatcher stream", async () => {
    const db = `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), "cw-restart-")), "cw.db")}`;
    const first = await startServer(db);
    const { runId, shelved } = await writeEverything(first.api);
    first.child.kill("SIGTERM");
    const [code] = await once(first.child, "exit");
    expect(code).toBe(0);
    expect(emulator.streams.list()).toEqual([]);
    const second = await startServer(db);
    await expectEverything(second.api, runId, shelved);
  }, 90_000);

  it("everything acknowledged survives kill -9", async () => {
    const db = `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), "cw-kill-")), "cw.db")}`;
    const first = await startServer(db);
    const { runId, shelved } = await writeEverything(first.api);
    first.child.kill("SIGKILL");
    await once(first.child, "exit");
    const second = await startServer(db);
    await expectEverything(second.api, runId, shelved);
  }, 90_000);
});
