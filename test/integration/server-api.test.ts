/**
 * The REST API on the real HTTP server (emulator upstream, SQLite store in a temp dir):
 * every endpoint, its error codes, the version conflict, protected writes, the live
 * WebSocket, metrics and OpenAPI.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import { Emulator } from "../../src/simulator/emulator.js";
import type { SimChannel } from "../../src/simulator/channel-spec.js";
import { until } from "../support/emulator-client.js";
import { startTestServer } from "../support/test-server.js";

let emulator: Emulator;
let server: ChannelWatchServer;
let api: string;
let channels: SimChannel[];
const TOKEN = "s3cret-token";
const auth = { authorization: `Bearer ${TOKEN}` };

async function call<T = Record<string, unknown>>(method: string, url: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined && { "content-type": typeof body === "string" ? "text/plain" : "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // text answer
  }
  return { status: res.status, body: parsed as T, type: res.headers.get("content-type") ?? "" };
}

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0 });
  channels = emulator.catalog.channels.filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape[0] === 1 && c.type !== "string").slice(0, 6);
  server = await startTestServer(emulator, { tokens: [{ name: "beamline-ops", token: TOKEN }] });
  api = `${server.url}/api/v1`;
}, 30_000);

afterAll(async () => {
  await server?.stop();
  await emulator?.close();
});

describe("sets", () => {
  it("create, read, list, version conflict, versions, delete", async () => {
    const body = { name: "alvra-pp", description: "Alvra pump-probe", tags: ["alvra", "p12345"], channels: channels.slice(0, 3).map((c) => ({ name: c.name })) };
    const created = await call("POST", `${api}/sets`, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "alvra-pp", version: 1, owner: "beamline-ops", updatedBy: "beamline-ops", tags: ["alvra", "p12345"] });
    expect((await call("POST", `${api}/sets`, body)).body).toMatchObject({ error: { code: "SET_EXISTS" } });
    expect((await call("GET", `${api}/sets/alvra-pp`)).body).toMatchObject({ name: "alvra-pp", watched: false });
    expect(((await call<{ sets: Array<{ name: string }> }>("GET", `${api}/sets`)).body.sets).map((s) => s.name)).toContain("alvra-pp");

    const v2 = await call("PUT", `${api}/sets/alvra-pp`, { version: 1, channels: channels.slice(0, 4).map((c) => ({ name: c.name })) });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, description: "Alvra pump-probe" });
    const stale = await call("PUT", `${api}/sets/alvra-pp`, { version: 1, channels: [] });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: "VERSION_CONFLICT" } });
    const versions = await call<{ versions: Array<{ version: number }> }>("GET", `${api}/sets/alvra-pp/versions`);
    expect(versions.body.versions.map((v) => v.version)).toEqual([2, 1]);
    const rename = await call("PUT", `${api}/sets/alvra-pp`, { name: "other", version: 2, channels: [] });
    expect(rename.body).toMatchObject({ error: { code: "SET_NAME_MISMATCH" } });

    const doomed = await call("POST", `${api}/sets`, { name: "doomed", channels: [] });
    expect(doomed.status).toBe(201);
    expect((await call("DELETE", `${api}/sets/doomed`)).status).toBe(204);
    expect((await call("GET", `${api}/sets/doomed`)).body).toMatchObject({ error: { code: "SET_NOT_FOUND" } });
    expect((await call("DELETE", `${api}/sets/doomed`)).status).toBe(404);
  });

  it("imports and exports text (PSI format) and JSON", async () => {
    const text = `# Bernina timing\n${channels[0]!.name}\n\n${channels[1]!.name}   # the second one\n${channels[0]!.name}\n`;
    const imported = await call("POST", `${api}/sets/import?name=bernina`, text);
    expect(imported.status).toBe(201);
    expect((imported.body as { channels: unknown[] }).channels).toHaveLength(2);
    const exported = await call<string>("GET", `${api}/sets/bernina/export?format=txt`);
    expect(exported.type).toMatch(/text\/plain/);
    expect(exported.body.split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([channels[0]!.name, channels[1]!.name]);
    const json = await call("GET", `${api}/sets/bernina/export?format=json`);
    const again = await call("POST", `${api}/sets/import?name=bernina-copy`, json.body);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ name: "bernina-copy", channels: [{ name: channels[0]!.name }, { name: channels[1]!.name }] });
    const reimport = await call("POST", `${api}/sets/import?name=bernina`, `${channels[2]!.name}\n`);
    expect(reimport.status).toBe(200);
    expect(reimport.body).toMatchObject({ version: 2 });
    const bad = await call("POST", `${api}/sets/import?name=bad`, "GOOD:ONE\nnot a channel!\n");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "IMPORT_INVALID", message: expect.stringContaining("line 2") } });

    // A JSON import is checked like POST /sets: junk is refused by place, nothing is stored.
    const junk: Array<[unknown, string]> = [
      [{ name: "junk", colour: "red", channels: [] }, 'import: unknown field "colour"'],
      [{ name: "junk", channels: [{ name: "A:B", thresholds: { warmupMs: "soon" } }] }, "channels[0].thresholds.warmupMs"],
      [{ name: "junk", channels: ["A:B", { name: "C:D", shape: "x" }] }, "channels[1].shape"],
      [{ name: "junk", channels: [{ name: "A:B", colour: "red" }] }, 'channels[0]: unknown field "colour"'],
      [{ name: "junk", channels: [42] }, "channels[0] must be a channel name"],
    ];
    for (const [body, where] of junk) {
      const refused = await call("POST", `${api}/sets/import`, body);
      expect({ status: refused.status, body: refused.body }, JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { code: "IMPORT_INVALID", message: expect.stringContaining(where) } } });
    }
    expect((await call("GET", `${api}/sets/junk`)).status).toBe(404);
    // Who imports a new set owns it unless the import names an owner; a re-import keeps the owner.
    const owned = await call("POST", `${api}/sets/import`, { name: "owned", channels: [channels[0]!.name] });
    expect(owned.body).toMatchObject({ owner: "beamline-ops" }); // the caller (its token)
    const named = await call("POST", `${api}/sets/import`, { name: "owned", owner: "bernina-team", channels: [channels[1]!.name] });
    expect(named.body).toMatchObject({ owner: "bernina-team", version: 2 });
    expect((await call("POST", `${api}/sets/import?name=owned`, `${channels[2]!.name}\n`)).body).toMatchObject({ owner: "bernina-team", version: 3 });
  });

  it("rejects bad bodies with 4xx and a code", async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ["POST", "/sets", "{broken", 400, "INVALID_JSON"],
      ["POST", "/sets", { channels: [] }, 400, "VALIDATION_FAILED"],
      ["POST", "/sets", { name: "bad name!", channels: [] }, 400, "VALIDATION_FAILED"],
      ["POST", "/sets", { name: "x", channels: [{ name: "A" }], colour: "red" }, 400, "VALIDATION_FAILED"],
      ["POST", "/sets", { name: "x", channels: [{ name: "A" }, { name: "A" }] }, 400, "SET_INVALID"],
      ["POST", "/sets", { name: "x", channels: [{ name: "A", thresholds: { warmupMs: -1 } }] }, 400, "VALIDATION_FAILED"],
      ["PUT", "/sets/nothing", { version: 1, channels: [] }, 404, "SET_NOT_FOUND"],
      ["GET", "/sets/nothing/export", undefined, 404, "SET_NOT_FOUND"],
      ["GET", "/channels?q=(", undefined, 400, "BAD_REGEX"],
      ["GET", "/events?since=yesterday", undefined, 400, "BAD_REQUEST"],
      ["GET", "/events?until=99999999999999999999", undefined, 400, "BAD_REQUEST"],
      ["POST", "/runs", { set: "alvra-pp", startTime: "not a time" }, 400, "BAD_REQUEST"],
      ["GET", "/nowhere", undefined, 404, "NOT_FOUND"],
    ];
    for (const [method, p, body, status, code] of cases) {
      const res = await call(method, `${api}${p}`, body === "{broken" ? undefined : body, auth);
      if (body === "{broken") {
        const raw = await fetch(`${api}${p}`, { method, headers: { ...auth, "content-type": "application/json" }, body: "{broken" });
        expect(raw.status).toBe(400);
        expect(await raw.json()).toMatchObject({ error: { code } });
        continue;
      }
      expect(res.status, `${method} ${p}`).toBe(status);
      expect(res.body, `${method} ${p}`).toMatchObject({ error: { code } });
    }
  });

  it("protects writes with tokens and leaves reads open", async () => {
    const anonymous = await call("POST", `${api}/sets`, { name: "nope", channels: [] }, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    expect((await call("POST", `${api}/sets`, { name: "nope", channels: [] }, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await call("GET", `${api}/sets`, undefined, {})).status).toBe(200);
  });
});

describe("monitoring through the API", () => {
  it("watches a set, reports status and check, catalog, sources and health", async () => {
    const body = { name: "watched", channels: channels.slice(0, 4).map((c) => ({ name: c.name })) };
    expect((await call("POST", `${api}/sets`, body)).status).toBe(201);
    const check0 = await call("GET", `${api}/sets/watched/check`);
    expect(check0.body).toMatchObject({ ok: false, watched: false });
    expect((await call("POST", `${api}/sets/watched/watch`)).body).toEqual({ set: "watched", watched: true });
    await until(async () => ((await call("GET", `${api}/sets/watched/check`)).body as { ok: boolean }).ok, 15_000, "set ok");
    const status = await call<{ set: string; summary: Record<string, number>; channels: Array<Record<string, unknown>> }>("GET", `${api}/status?set=watched`);
    expect(status.body.summary).toEqual({ ok: 4, warning: 0, error: 0, unknown: 0 });
    expect(status.body.channels[0]).toMatchObject({ name: channels[0]!.name, status: "ok", reasons: [], recorded: { checked: true, known: true, recording: true } });
    const one = await call<{ name: string; history: { received: number[] } }>("GET", `${api}/status/${encodeURIComponent(channels[0]!.name)}`);
    expect(one.body.name).toBe(channels[0]!.name);
    expect(one.body.history.received.length).toBeGreaterThan(0);
    expect((await call("GET", `${api}/status/NOT:WATCHED`)).body).toMatchObject({ error: { code: "CHANNEL_NOT_WATCHED" } });
    // The longest allowed name (200 characters, percent-encoded in the path) still reaches the route.
    const longest = encodeURIComponent(`S${"Y".repeat(98)}:${"Z".repeat(100)}`);
    expect((await call("GET", `${api}/status/${longest}`)).body).toMatchObject({ error: { code: "CHANNEL_NOT_WATCHED" } });
    expect((await call("POST", `${api}/alerts/${longest}/ack`, {})).body).toMatchObject({ error: { code: expect.not.stringMatching(/^NOT_FOUND$/) } });
    const search = await call<{ total: number; channels: Array<{ name: string }> }>("GET", `${api}/channels?q=${encodeURIComponent(channels[0]!.name.split(":")[0]!)}&limit=3`);
    expect(search.body.channels.length).toBeGreaterThan(0);
    expect(search.body.channels.length).toBeLessThanOrEqual(3);
    const sources = await call<{ sources: Array<{ source: string; status: string }> }>("GET", `${api}/sources`);
    expect(sources.body.sources.some((s) => s.source === channels[0]!.source && s.status === "ok")).toBe(true);
    const health = await call<{ status: string; upstreams: Array<{ id: string; ok: boolean }> }>("GET", `${api}/health`);
    expect(health.body.status).toBe("ok");
    expect(health.body.upstreams.find((u) => u.id === "sf-databuffer")!.ok).toBe(true);
  }, 30_000);

  it("a fault shows on /status, on the WebSocket and in /events; ack and shelve", async () => {
    const name = channels[0]!.name;
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/api/v1/live`);
    const messages: Array<{ type: string; seq?: number; channels?: Array<{ name: string; status: string }> }> = [];
    ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send(JSON.stringify({ type: "subscribe", sets: ["watched"] }));
    await until(() => messages.some((m) => m.type === "snapshot"), 3000, "snapshot");
    const id = emulator.inject({ kind: "channel_stop", channel: name, params: {} });
    try {
      await until(async () => ((await call<{ channels: Array<{ name: string; status: string }> }>("GET", `${api}/status?set=watched`)).body.channels.find((c) => c.name === name)!.status === "error"), 5000, "error on /status");
      await until(() => messages.some((m) => m.type === "delta" && m.channels!.some((c) => c.name === name && c.status === "error")), 3000, "delta with the error");
      const events = await call<{ events: Array<{ kind: string; channel: string }> }>("GET", `${api}/events?set=watched&limit=50`);
      expect(events.body.events.some((e) => e.kind === "alert_raised" && e.channel === name)).toBe(true);
      const alerts = await call<{ sounding: string[] }>("GET", `${api}/alerts`);
      expect(alerts.body.sounding).toContain(name);
      const ack = await call("POST", `${api}/alerts/${encodeURIComponent(name)}/ack`);
      expect(ack.body).toEqual({ channel: name, acknowledged: true, by: "beamline-ops" });
      expect((await call<{ sounding: string[] }>("GET", `${api}/alerts`)).body.sounding).not.toContain(name);
      const until2 = new Date(Date.now() + 60_000).toISOString();
      const shelve = await call("POST", `${api}/alerts/${encodeURIComponent(name)}/shelve`, { until: until2, reason: "IOC under repair" });
      expect(shelve.body).toMatchObject({ shelved: true, by: "beamline-ops", reason: "IOC under repair" });
      const st = await call<{ overall: string }>("GET", `${api}/status?set=watched`);
      expect(st.body.overall).toBe("ok"); // the only bad channel is shelved
      expect((await call("POST", `${api}/alerts/${encodeURIComponent(name)}/shelve`, { until: "2000-01-01T00:00:00Z", reason: "x" })).body).toMatchObject({ error: { code: "SHELVE_INVALID" } });
      expect((await call("DELETE", `${api}/alerts/${encodeURIComponent(name)}/shelve`)).body).toMatchObject({ shelved: false, changed: true });
      const log = await call<{ events: Array<{ kind: string; actor?: string }> }>("GET", `${api}/events?channel=${encodeURIComponent(name)}`);
      expect(log.body.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["ack", "shelve", "unshelve"]));
      expect(log.body.events.find((e) => e.kind === "ack")!.actor).toBe("beamline-ops");
    } finally {
      emulator.faults.remove(id);
      ws.close();
    }
    // Sequence numbers increase by one per snapshot/delta; heartbeats carry the current one.
    const sequenced = messages.filter((m) => m.type !== "heartbeat");
    sequenced.forEach((m, i) => expect(m.seq).toBe(i + 1));
  }, 30_000);

  it("answers bad live messages with an error and keeps the connection", async () => {
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/api/v1/live`);
    const messages: Array<{ type: string; error?: { code: string } }> = [];
    ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send("not json");
    ws.send(JSON.stringify({ type: "subscribe", sets: ["no-such-set"] }));
    ws.send(JSON.stringify({ type: "subscribe", sets: [] }));
    await until(() => messages.some((m) => m.type === "snapshot"), 3000, "snapshot after errors");
    expect(messages.filter((m) => m.type === "error").map((m) => m.error!.code)).toEqual(["INVALID_JSON", "SET_NOT_FOUND"]);
    await until(() => messages.some((m) => m.type === "heartbeat"), 3000, "heartbeat");
    ws.close();
  });

  it("runs: open, stop, report as JSON and CSV", async () => {
    const started = await call<{ id: string; startPulseId: number }>("POST", `${api}/runs`, { set: "watched", name: "scan 17" });
    expect(started.status).toBe(201);
    expect(started.body.id).toMatch(/^r\d+$/);
    await new Promise((r) => setTimeout(r, 1000));
    const stopped = await call<{ stopPulseId: number }>("POST", `${api}/runs/${started.body.id}/stop`, {});
    expect(stopped.body.stopPulseId).toBeGreaterThan(started.body.startPulseId);
    await until(async () => ((await call<{ complete: boolean }>("GET", `${api}/runs/${started.body.id}/report`)).body.complete), 8000, "report complete");
    const report = await call<{ channels: Array<{ name: string; expected: number; received: number; coverage: number; missing: unknown[] }> }>("GET", `${api}/runs/${started.body.id}/report`);
    expect(report.body.channels).toHaveLength(4);
    for (const c of report.body.channels) expect(c.expected).toBe(stopped.body.stopPulseId - started.body.startPulseId + 1);
    const csv = await call<string>("GET", `${api}/runs/${started.body.id}/report?format=csv`);
    expect(csv.type).toMatch(/text\/csv/);
    expect(csv.body.split(/\r?\n/)[0]).toMatch(/^name,expected,received,coverage,missing/);
    expect(((await call<{ runs: Array<{ id: string }> }>("GET", `${api}/runs`)).body.runs).map((r) => r.id)).toContain(started.body.id);
    expect((await call("GET", `${api}/runs/r99999/report`)).body).toMatchObject({ error: { code: "RUN_NOT_FOUND" } });
    expect((await call("POST", `${api}/runs`, { set: "no-such" })).body).toMatchObject({ error: { code: "SET_NOT_FOUND" } });
    expect((await call("POST", `${api}/runs/${started.body.id}/stop`, { stopPulseId: -1 })).status).toBe(400);
    const again = await call<{ stopPulseId: number }>("POST", `${api}/runs/${started.body.id}/stop`, { stopPulseId: stopped.body.stopPulseId });
    expect(again.body.stopPulseId).toBe(stopped.body.stopPulseId);
    const moved = await call("POST", `${api}/runs/${started.body.id}/stop`, { stopPulseId: stopped.body.stopPulseId + 100 });
    expect({ status: moved.status, body: moved.body }).toMatchObject({ status: 409, body: { error: { code: "RUN_ALREADY_STOPPED" } } });
  }, 30_000);

  it("serves Prometheus metrics and the OpenAPI document", async () => {
    const metrics = await call<string>("GET", `${server.url}/metrics`);
    expect(metrics.body).toMatch(/channelwatch_channels\{set="watched",level="ok"\} \d/);
    expect(metrics.body).toMatch(/channelwatch_feed_messages_total\{feed="sf-databuffer"\} \d+/);
    expect(metrics.body).toMatch(/channelwatch_process_cpu_seconds_total/);
    expect(metrics.body).toMatch(/^channelwatch_evaluations_skipped_total \d+$/m);
    const openapi = await call<{ openapi: string; paths: Record<string, unknown> }>("GET", `${server.url}/openapi.json`);
    expect(openapi.body.openapi).toMatch(/^3\./);
    for (const p of ["/api/v1/sets", "/api/v1/sets/{name}", "/api/v1/status", "/api/v1/runs/{id}/report", "/api/v1/alerts/{channel}/shelve", "/api/v1/events", "/api/v1/health"]) {
      expect(openapi.body.paths, p).toHaveProperty([p]);
    }
    expect((await fetch(`${server.url}/docs`)).status).toBe(200);
  });

  it("unwatching stops monitoring the set", async () => {
    expect((await call("DELETE", `${api}/sets/watched/watch`)).body).toEqual({ set: "watched", watched: false });
    const status = await call<{ watched: boolean; channels: Array<{ status: string }> }>("GET", `${api}/status?set=watched`);
    expect(status.body.watched).toBe(false);
    expect(status.body.channels.every((c) => c.status === "unknown")).toBe(true);
  });
});
