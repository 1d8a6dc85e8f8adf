/**
 * End to end, as a beamline would use it: emulator + server on loopback, a set watched,
 * a fault injected; it shows on /status, on the live WebSocket and in /events; an operator
 * acknowledges it; `channelwatch check` exits 1 while it fails and 0 once it clears.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { http, until } from "../support/emulator-client.js";
import { startTestServer } from "../support/test-server.js";

const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
let emulator: Emulator;
let server: ChannelWatchServer;

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0 });
  server = await startTestServer(emulator);
}, 30_000);

afterAll(async () => {
  await server?.stop();
  await emulator?.close();
});

async function check(set: string): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", cli, "check", set, "--server", server.url], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  return { code, out };
}

describe("end to end", () => {
  it("watch, fault, see it everywhere, acknowledge, check fails then passes", async () => {
    const api = `${server.url}/api/v1`;
    const chosen = emulator.catalog.channels.filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape[0] === 1).slice(0, 5);
    const victim = chosen[2]!.name;
    expect((await http("POST", `${api}/sets`, { name: "e2e", channels: chosen.map((c) => ({ name: c.name })) })).status).toBe(201);
    expect((await http("POST", `${api}/sets/e2e/watch`)).status).toBe(200);
    await until(async () => (await http<{ ok: boolean }>("GET", `${api}/sets/e2e/check`)).body.ok, 20_000, "set ok");
    expect((await check("e2e")).code).toBe(0);

    const ws = new WebSocket(`${server.url.replace("http", "ws")}/api/v1/live`);
    const live: Array<{ type: string; channels?: Array<{ name: string; status: string; reasons: Array<{ code: string }> }> }> = [];
    ws.on("message", (d) => live.push(JSON.parse(d.toString())));
    await once(ws, "open");
    ws.send(JSON.stringify({ type: "subscribe", sets: ["e2e"] }));

    const fault = emulator.inject({ kind: "channel_stop", channel: victim, params: {} });
    try {
      await until(async () => {
        const s = await http<{ channels: Array<{ name: string; status: string }> }>("GET", `${api}/status?set=e2e`);
        return s.body.channels.find((c) => c.name === victim)?.status === "error";
      }, 5000, "error on /status");
      await until(() => live.some((m) => m.type === "delta" && m.channels!.some((c) => c.name === victim && c.reasons.some((r) => r.code === "no_data"))), 3000, "no_data on the WebSocket");
      const events = await http<{ events: Array<{ kind: string; channel: string }> }>("GET", `${api}/events?set=e2e`);
      expect(events.body.events.some((e) => e.channel === victim && e.kind === "alert_raised")).toBe(true);
      const failing = await check("e2e");
      expect(failing.code).toBe(1);
      expect(failing.out).toContain(victim);
      expect((await http<{ acknowledged: boolean }>("POST", `${api}/alerts/${encodeURIComponent(victim)}/ack`)).body.acknowledged).toBe(true);
    } finally {
      emulator.faults.remove(fault);
      ws.close();
    }
    await until(async () => (await http<{ ok: boolean }>("GET", `${api}/sets/e2e/check`)).body.ok, 20_000, "set ok again");
    expect((await check("e2e")).code).toBe(0);
    const log = await http<{ events: Array<{ kind: string; channel: string }> }>("GET", `${api}/events?channel=${encodeURIComponent(victim)}`);
    expect(log.body.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["alert_raised", "ack", "alert_recovered"]));
  }, 90_000);
});
