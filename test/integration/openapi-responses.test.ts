/**
 * Every /api/v1 answer is what /openapi.json says it is, and the response schemas lose nothing.
 *
 * The real server (emulator upstream, SQLite in a temp dir, protected writes) is driven into its
 * interesting states: a watched set that is ok, a faulted channel with reasons and an alert, an
 * acknowledged and a recovered (latched) alert with its gap, a shelved channel, runs open and
 * complete with missing ranges, catalog search, events, and an error answer per route. Each
 * answer is checked three ways:
 *  - its status is documented for the route, and its body validates against the route's schema
 *    taken from /openapi.json with `additionalProperties: false` on every object, so a field the
 *    server sends but the schema lacks fails;
 *  - nothing was dropped or coerced on the way out: the body equals the handler's payload as
 *    JSON.stringify writes it, caught at reply.send (Fastify's schema serializer, which app.ts
 *    replaces, would drop undeclared fields, truncate fractions of integers, turn null into "");
 *  - /status and /runs/{id}/report also equal what the service presents directly.
 * At the end every documented route must have been exercised with a success and an error.
 */
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import { presentReport, presentSetStatus } from "../../src/server/present.js";
import type { SimChannel } from "../../src/simulator/channel-spec.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { until } from "../support/emulator-client.js";
import { startTestServer } from "../support/test-server.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const TOKEN = "openapi-test-token";
const AUTH = { authorization: `Bearer ${TOKEN}` };

// ---- the payload a handler gave reply.send, before the response schema serialized it ----

interface ReplyLike {
  request: { method: string; url: string };
}
type Send = (this: ReplyLike, payload?: unknown) => unknown;
const Reply = createRequire(import.meta.url)("fastify/lib/reply.js") as { prototype: { send: Send } };
const originalSend = Reply.prototype.send;
/** `METHOD url` -> the last object payload sent for it, as JSON.stringify would have written it. */
const sentPayloads = new Map<string, Json>();

function captureSends(): void {
  Reply.prototype.send = function (this: ReplyLike, payload?: unknown) {
    // Errors reach the error handler, which sends the error body; strings and buffers are sent as they are.
    if (typeof payload === "object" && payload !== null && !(payload instanceof Error) && !Buffer.isBuffer(payload) && typeof (payload as { pipe?: unknown }).pipe !== "function") {
      sentPayloads.set(`${this.request.method} ${this.request.url}`, JSON.parse(JSON.stringify(payload)) as Json);
    }
    return originalSend.call(this, payload);
  };
}

// ---- the route schemas from /openapi.json, made strict ----

/** additionalProperties: false on every object; OpenAPI 3.0 `nullable` as JSON Schema's null type. */
function strict(node: Json): Json {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === "properties" && value !== null && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)])) : strict(value);
  if ((out.type === "object" || out.properties !== undefined) && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

let emulator: Emulator;
let server: ChannelWatchServer;
let api: string;
let channels: SimChannel[];
let openapi: JsonObject;
const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map<string, ValidateFunction>();
/** `METHOD /template` -> statuses seen. */
const exercised = new Map<string, Set<number>>();

function responsesOf(method: string, template: string): JsonObject {
  const paths = openapi.paths as JsonObject;
  const operation = (paths[`/api/v1${template}`] as JsonObject | undefined)?.[method.toLowerCase()] as JsonObject | undefined;
  expect(operation, `${method} ${template} in /openapi.json`).toBeDefined();
  return operation!.responses as JsonObject;
}

function validatorFor(method: string, template: string, status: number, contentType: string): ValidateFunction {
  const key = `${method} ${template} ${status} ${contentType}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi#/${pointer("paths", `/api/v1${template}`, method.toLowerCase(), "responses", String(status), "content", contentType, "schema")}` });
    validators.set(key, validate);
  }
  return validate;
}

interface Answer<T> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/**
 * One request through every check: the status is the one expected and documented, the body
 * validates strictly against the documented schema, and equals the handler's payload.
 */
async function call<T = JsonObject>(
  method: string,
  template: string,
  url: string,
  expected: number,
  options: { body?: unknown; headers?: Record<string, string>; contentType?: string } = {},
): Promise<Answer<T>> {
  const key = `${method} /api/v1${url}`;
  sentPayloads.delete(key);
  const hasBody = options.body !== undefined;
  const res = await fetch(`${api}${url}`, {
    method,
    headers: {
      ...(hasBody && { "content-type": options.contentType ?? (typeof options.body === "string" ? "text/plain" : "application/json") }),
      ...(method === "GET" ? {} : AUTH),
      ...options.headers,
    },
    body: !hasBody ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  const what = `${method} ${url} -> ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, what).toBe(expected);
  const responses = responsesOf(method, template);
  const documented = responses[String(res.status)] as JsonObject | undefined;
  expect(documented, `${what}: status documented`).toBeDefined();
  const statuses = exercised.get(`${method} ${template}`) ?? new Set<number>();
  statuses.add(res.status);
  exercised.set(`${method} ${template}`, statuses);

  if (res.status === 204 || res.status === 304) {
    expect(text, what).toBe("");
    return { status: res.status, body: undefined as T, text, headers: res.headers };
  }
  const contentType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const content = documented!.content as JsonObject | undefined;
  expect(content && Object.keys(content), `${what}: content types documented`).toContain(contentType);
  const body = (contentType === "application/json" ? JSON.parse(text) : text) as Json;
  const validate = validatorFor(method, template, res.status, contentType);
  expect(validate(body) ? [] : validate.errors, `${what}: matches the schema`).toEqual([]);
  const sent = sentPayloads.get(key);
  if (sent !== undefined) expect(body, `${what}: nothing dropped or coerced`).toEqual(sent);
  else expect(typeof body === "string" || url.startsWith("/catalog"), `${what}: payload captured`).toBe(true);
  return { status: res.status, body: body as T, text, headers: res.headers };
}

/** Every key path of a JSON value (array items merged), for comparing shapes whose values move. */
function keyPaths(value: Json, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keyPaths(v, `${prefix}[]`, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.add(`${prefix}.${k}`);
      keyPaths(v, `${prefix}.${k}`, out);
    }
  }
  return out;
}

const enc = encodeURIComponent;

beforeAll(async () => {
  captureSends();
  emulator = await Emulator.start({ port: 0 });
  channels = emulator.catalog.channels.filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape[0] === 1 && c.type !== "string").slice(0, 4);
  server = await startTestServer(emulator, { tokens: [{ name: "beamline-ops", token: TOKEN }] });
  api = `${server.url}/api/v1`;
  openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as JsonObject;
  ajv.addSchema(strict(openapi) as JsonObject, "openapi");
}, 30_000);

afterAll(async () => {
  Reply.prototype.send = originalSend;
  await server?.stop();
  await emulator?.close();
});

describe("every /api/v1 answer matches /openapi.json and loses nothing", () => {
  it("sets: create, read, list, versions, export, import, watch, check, delete, and their errors", async () => {
    const names = channels.map((c) => ({ name: c.name }));
    await call("POST", "/sets", "/sets", 201, { body: { name: "ok-set", description: "all fine", tags: ["t1"], channels: names } });
    await call("POST", "/sets", "/sets", 409, { body: { name: "ok-set", channels: [] } });
    await call("POST", "/sets", "/sets", 400, { body: { name: "x", channels: [{ name: "A" }, { name: "A" }] } });
    await call("POST", "/sets", "/sets", 401, { body: { name: "x", channels: [] }, headers: { authorization: "Bearer wrong" } });
    await call("POST", "/sets", "/sets", 415, { body: "<set/>", contentType: "application/xml" });
    // Pinned type, shape and thresholds must come back whole.
    const pinned = { name: channels[0]!.name, type: "int64" as const, shape: [1], thresholds: { warmupMs: 100, staleFactor: 2.5, rateLowFraction: 0.5, alertOnWarning: true } };
    const created = await call("POST", "/sets", "/sets", 201, { body: { name: "pinned", owner: "someone", channels: [pinned] } });
    expect(created.body.channels).toEqual([pinned]);

    await call("GET", "/sets", "/sets", 200);
    expect((await call("GET", "/sets/{name}", "/sets/pinned", 200)).body).toMatchObject({ watched: false, channels: [pinned] });
    await call("GET", "/sets/{name}", "/sets/nothing", 404);
    await call("GET", "/sets/{name}", "/sets/bad%20name", 400);

    await call("PUT", "/sets/{name}", "/sets/pinned", 200, { body: { version: 1, channels: [pinned, { name: channels[1]!.name }] } });
    await call("PUT", "/sets/{name}", "/sets/pinned", 409, { body: { version: 1, channels: [] } });
    await call("PUT", "/sets/{name}", "/sets/pinned", 400, { body: { name: "other", version: 2, channels: [] } });
    await call("PUT", "/sets/{name}", "/sets/nothing", 404, { body: { version: 1, channels: [] } });
    await call("PUT", "/sets/{name}", "/sets/pinned", 401, { body: { version: 2, channels: [] }, headers: { authorization: "" } });
    expect((await call<{ versions: JsonObject[] }>("GET", "/sets/{name}/versions", "/sets/pinned/versions", 200)).body.versions).toHaveLength(2);
    await call("GET", "/sets/{name}/versions", "/sets/nothing/versions", 404);

    expect((await call<string>("GET", "/sets/{name}/export", "/sets/pinned/export", 200)).body).toContain(channels[1]!.name);
    const exported = await call("GET", "/sets/{name}/export", "/sets/pinned/export?format=json", 200);
    await call("GET", "/sets/{name}/export", "/sets/pinned/export?format=xml", 400);
    await call("GET", "/sets/{name}/export", "/sets/nothing/export", 404);

    await call("POST", "/sets/import", "/sets/import?name=imported", 201, { body: `# two\n${channels[0]!.name}\n${channels[1]!.name}\n` });
    await call("POST", "/sets/import", "/sets/import?name=imported", 200, { body: `${channels[2]!.name}\n` });
    await call("POST", "/sets/import", "/sets/import?name=pinned-copy", 201, { body: exported.body });
    await call("POST", "/sets/import", "/sets/import?name=bad", 400, { body: "not a channel!\n" });
    await call("POST", "/sets/import", "/sets/import?name=bad", 401, { body: "A\n", headers: { authorization: "" } });

    await call("POST", "/sets/{name}/watch", "/sets/nothing/watch", 404);
    await call("POST", "/sets/{name}/watch", "/sets/ok-set/watch", 401, { headers: { authorization: "" } });
    await call("DELETE", "/sets/{name}/watch", "/sets/nothing/watch", 404);
    await call("DELETE", "/sets/{name}/watch", "/sets/imported/watch", 200);
    // Not watched: every channel unknown, with no type or shape seen.
    const unwatched = await call<{ channels: JsonObject[] }>("GET", "/status", "/status?set=imported", 200);
    expect(unwatched.body.channels.every((c) => c.status === "unknown")).toBe(true);
    expect((await call("GET", "/sets/{name}/check", "/sets/imported/check", 200)).body).toMatchObject({ ok: false, watched: false });
    await call("GET", "/sets/{name}/check", "/sets/nothing/check", 404);

    await call("DELETE", "/sets/{name}", "/sets/pinned-copy", 204);
    await call("DELETE", "/sets/{name}", "/sets/pinned-copy", 404);
    await call("DELETE", "/sets/{name}", "/sets/imported", 401, { headers: { authorization: "" } });
  });

  it("a watched set that is ok: status, check, history, sources, health, value", async () => {
    await call("POST", "/sets/{name}/watch", "/sets/ok-set/watch", 200);
    await until(async () => (await call("GET", "/sets/{name}/check", "/sets/ok-set/check", 200)).body.ok === true, 15_000, "set ok");
    const status = await call<{ channels: Array<{ recorded: JsonObject; status: string }> }>("GET", "/status", "/status?set=ok-set", 200);
    expect(status.body.channels.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(status.body.channels[0]!.recorded).toMatchObject({ checked: true, known: true, recording: true });
    // The HTTP answer has every field the service presents (values move: compare the shapes).
    const direct = JSON.parse(JSON.stringify(presentSetStatus(server.service.statusOf("ok-set")))) as Json;
    expect([...keyPaths(status.body as unknown as Json)].sort()).toEqual([...keyPaths(direct)].sort());
    await call("GET", "/status", "/status", 200);
    await call("GET", "/status", "/status?set=nothing", 404);
    await call("GET", "/status", "/status?colour=red", 400);

    await call("GET", "/history", `/history?set=ok-set&seconds=60&step=10`, 200);
    await call("GET", "/history", `/history?set=ok-set&seconds=60&step=7`, 400);
    await call("GET", "/history", `/history?set=nothing`, 404);

    expect((await call<{ sources: JsonObject[] }>("GET", "/sources", "/sources", 200)).body.sources.length).toBeGreaterThan(0);
    expect((await call("GET", "/health", "/health", 200)).body.status).toBe("ok");

    await call("GET", "/status/{channel}/value", `/status/${enc(channels[1]!.name)}/value`, 200);
    await call("GET", "/status/{channel}/value", "/status/NOT:WATCHED/value", 404);
    // The longest allowed name reaches the route; a longer one is refused by the schema.
    expect((await call("GET", "/status/{channel}/value", `/status/${"A".repeat(200)}/value`, 404)).body).toMatchObject({ error: { code: "CHANNEL_NOT_WATCHED" } });
    expect((await call("GET", "/status/{channel}/value", `/status/${"A".repeat(201)}/value`, 400)).body).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
  }, 30_000);

  it("faults: reasons, an alert raised, acknowledged, shelved, unshelved and one recovered with its gap; events", async () => {
    const faulted = channels[0]!.name;
    const latched = channels[1]!.name;
    const open = await call<{ id: string }>("POST", "/runs", "/runs", 201, { body: { set: "ok-set", name: "during the fault" } });
    const stopped = emulator.inject({ kind: "channel_stop", channel: faulted, params: {} });
    const second = emulator.inject({ kind: "channel_stop", channel: latched, params: {} });
    try {
      await until(async () => (await call<{ sounding: string[] }>("GET", "/alerts", "/alerts", 200)).body.sounding.length === 2, 8000, "two alerts sounding");
      const detail = await call<{ reasons: JsonObject[]; alert: JsonObject; events: JsonObject[] }>("GET", "/status/{channel}", `/status/${enc(faulted)}`, 200);
      expect(detail.body.reasons.length).toBeGreaterThan(0);
      expect(detail.body.alert).toMatchObject({ state: "active" });
      await call("GET", "/status/{channel}", "/status/NOT:WATCHED", 404);
      await call("GET", "/sets/{name}/check", "/sets/ok-set/check", 200);
      await call("GET", "/sources", "/sources", 200);

      expect((await call("POST", "/alerts/{channel}/ack", `/alerts/${enc(faulted)}/ack`, 200)).body).toEqual({ channel: faulted, acknowledged: true, by: "beamline-ops" });
      await call("POST", "/alerts/{channel}/ack", "/alerts/NOT:WATCHED/ack", 404);
      await call("POST", "/alerts/{channel}/ack", `/alerts/${enc(faulted)}/ack`, 401, { headers: { authorization: "" } });
      const shelveUntil = new Date(Date.now() + 60_000).toISOString();
      await call("POST", "/alerts/{channel}/shelve", `/alerts/${enc(faulted)}/shelve`, 200, { body: { until: shelveUntil, reason: "IOC under repair" } });
      await call("POST", "/alerts/{channel}/shelve", `/alerts/${enc(faulted)}/shelve`, 400, { body: { until: "2000-01-01T00:00:00Z", reason: "x" } });
      await call("POST", "/alerts/{channel}/shelve", "/alerts/NOT:WATCHED/shelve", 404, { body: { until: shelveUntil, reason: "x" } });
      await call("POST", "/alerts/{channel}/shelve", `/alerts/${enc(faulted)}/shelve`, 401, { body: { until: shelveUntil, reason: "x" }, headers: { authorization: "" } });
      const alerts = await call<{ alerts: Array<{ channel: string; shelved?: JsonObject; acknowledged: boolean }> }>("GET", "/alerts", "/alerts", 200);
      expect(alerts.body.alerts.find((a) => a.channel === faulted)).toMatchObject({ acknowledged: true, shelved: { reason: "IOC under repair", by: "beamline-ops" } });
      const shelvedStatus = await call<{ channels: Array<{ name: string; alert: JsonObject }> }>("GET", "/status", "/status?set=ok-set", 200);
      expect(shelvedStatus.body.channels.find((c) => c.name === faulted)!.alert).toMatchObject({ silenced: true, ackBy: "beamline-ops" });
    } finally {
      emulator.faults.remove(second);
    }
    // The unacknowledged alert recovers and stays latched with its gap.
    await until(
      async () => (await call<{ alerts: Array<{ channel: string; state: string }> }>("GET", "/alerts", "/alerts", 200)).body.alerts.some((a) => a.channel === latched && a.state === "recovered"),
      8000,
      "latched recovered alert",
    );
    const recovered = await call<{ alerts: Array<{ channel: string; gap?: JsonObject }> }>("GET", "/alerts", "/alerts", 200);
    expect(recovered.body.alerts.find((a) => a.channel === latched)!.gap).toMatchObject({ missing: expect.any(Number) });
    emulator.faults.remove(stopped);

    expect((await call("DELETE", "/alerts/{channel}/shelve", `/alerts/${enc(faulted)}/shelve`, 200)).body).toMatchObject({ shelved: false, changed: true });
    await call("DELETE", "/alerts/{channel}/shelve", "/alerts/NOT:WATCHED/shelve", 404);
    await call("DELETE", "/alerts/{channel}/shelve", `/alerts/${enc(faulted)}/shelve`, 401, { headers: { authorization: "" } });

    const events = await call<{ events: Array<{ kind: string; gap?: JsonObject; actor?: string }> }>("GET", "/events", "/events?set=ok-set&limit=200", 200);
    const kinds = new Set(events.body.events.map((e) => e.kind));
    for (const kind of ["status", "alert_raised", "alert_recovered", "ack", "shelve", "unshelve"]) expect(kinds, kind).toContain(kind);
    expect(events.body.events.some((e) => e.kind === "alert_recovered" && e.gap !== undefined)).toBe(true);
    await call("GET", "/events", `/events?channel=${enc(faulted)}&since=${Date.now() - 60_000}&until=${new Date(Date.now() + 1000).toISOString()}`, 200);
    await call("GET", "/events", "/events?since=yesterday", 400);
    await call("GET", "/events", "/events?set=nothing", 404);
    await call("GET", "/status/{channel}", `/status/${enc(faulted)}`, 200);

    // The run that saw the fault: stopped now, its report names the missing ranges.
    const stop = await call<{ stopPulseId: number }>("POST", "/runs/{id}/stop", `/runs/${open.body.id}/stop`, 200, { body: {} });
    await call("POST", "/runs/{id}/stop", `/runs/${open.body.id}/stop`, 409, { body: { stopPulseId: stop.body.stopPulseId + 100 } });
    await until(async () => (await call("GET", "/runs/{id}/report", `/runs/${open.body.id}/report`, 200)).body.complete === true, 8000, "report complete");
    const report = await call<{ channels: Array<{ name: string; missing: number[][] }> }>("GET", "/runs/{id}/report", `/runs/${open.body.id}/report`, 200);
    expect(report.body.channels.find((c) => c.name === faulted)!.missing.length).toBeGreaterThan(0);
    // A complete report no longer moves: the HTTP answer equals the service's presentation.
    expect(report.body).toEqual(JSON.parse(JSON.stringify(presentReport(await server.service.report(open.body.id)))));
  }, 60_000);

  it("runs: open without a stop, list, CSV report, and their errors", async () => {
    const running = await call<{ id: string; stopPulseId: null }>("POST", "/runs", "/runs", 201, { body: { set: "ok-set" } });
    expect(running.body.stopPulseId).toBeNull();
    const partial = await call("GET", "/runs/{id}/report", `/runs/${running.body.id}/report`, 200);
    expect(partial.body).toMatchObject({ stopPulseId: null, complete: false });
    expect((await call<string>("GET", "/runs/{id}/report", `/runs/${running.body.id}/report?format=csv`, 200)).body).toMatch(/^name,expected,received,coverage,missing/);
    await call("GET", "/runs/{id}/report", "/runs/r99999/report", 404);
    await call("GET", "/runs/{id}/report", "/runs/x1/report", 400);
    await call("POST", "/runs", "/runs", 404, { body: { set: "nothing" } });
    await call("POST", "/runs", "/runs", 400, { body: { set: "ok-set", startTime: "not a time" } });
    await call("POST", "/runs", "/runs", 401, { body: { set: "ok-set" }, headers: { authorization: "" } });
    await call("POST", "/runs/{id}/stop", "/runs/r99999/stop", 404, { body: {} });
    await call("POST", "/runs/{id}/stop", `/runs/${running.body.id}/stop`, 400, { body: { stopPulseId: -1 } });
    await call("POST", "/runs/{id}/stop", `/runs/${running.body.id}/stop`, 401, { body: {}, headers: { authorization: "" } });
    await call("POST", "/runs/{id}/stop", `/runs/${running.body.id}/stop`, 200, { body: {} });
    expect((await call<{ runs: JsonObject[] }>("GET", "/runs", "/runs", 200)).body.runs.length).toBeGreaterThanOrEqual(2);
  });

  it("catalog: search, the compact catalog with its ETag, and their errors", async () => {
    const prefix = channels[0]!.name.split(":")[0]!;
    const search = await call<{ total: number; channels: JsonObject[] }>("GET", "/channels", `/channels?q=${enc(prefix)}&limit=3`, 200);
    expect(search.body.channels.length).toBeGreaterThan(0);
    await call("GET", "/channels", "/channels", 200);
    await call("GET", "/channels", "/channels?q=(", 400);
    await call("GET", "/channels", "/channels?limit=0", 400);
    const catalog = await call<{ total: number; names: string[] }>("GET", "/catalog", "/catalog", 200);
    expect(catalog.body.names.length).toBe(catalog.body.total);
    await call("GET", "/catalog", "/catalog", 304, { headers: { "if-none-match": catalog.headers.get("etag")! } });
  });

  it("exercised every documented /api/v1 route, each with a success and an error (where it has one)", () => {
    const documented: string[] = [];
    for (const [p, ops] of Object.entries(openapi.paths as JsonObject)) {
      if (!p.startsWith("/api/v1/")) continue;
      for (const [method, op] of Object.entries(ops as JsonObject)) {
        const responses = Object.keys((op as JsonObject).responses as JsonObject);
        documented.push(`${method.toUpperCase()} ${p.slice("/api/v1".length)}`);
        const seen = exercised.get(`${method.toUpperCase()} ${p.slice("/api/v1".length)}`);
        expect(seen, `${method} ${p} exercised`).toBeDefined();
        expect([...seen!].some((s) => s < 400), `${method} ${p}: a success`).toBe(true);
        if (responses.some((s) => Number(s) >= 400)) expect([...seen!].some((s) => s >= 400), `${method} ${p}: an error`).toBe(true);
        // Every route documents its answers; errors are the shared `{"error": {code, message}}`.
        expect(responses.length, `${method} ${p} documents its responses`).toBeGreaterThan(0);
        expect(responses, `${method} ${p}`).not.toContain("default");
      }
    }
    expect(documented.length).toBeGreaterThanOrEqual(28);
    // The strict schemas have teeth: an undeclared field, a missing one, a wrong type fail.
    const sets = validatorFor("GET", "/sets", 200, "application/json");
    const set = { name: "s", description: "", owner: "o", tags: [], version: 1, channelCount: 0, updatedAt: null, watched: false };
    expect(sets({ sets: [set] })).toBe(true);
    expect(sets({ sets: [{ ...set, colour: "red" }] })).toBe(false);
    expect(sets({ sets: [{ ...set, watched: undefined }] })).toBe(false);
    expect(sets({ sets: [{ ...set, version: "1" }] })).toBe(false);
    expect(documented.sort()).toEqual([...exercised.keys()].sort());
  });
});
