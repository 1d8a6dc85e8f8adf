/**
 * `channelwatch serve`, `check` and `run` as real processes against the emulator: a set is
 * created and watched over REST, `check` says ok (0) and then names a stopped channel (1), a
 * run is opened, closed and reported, writes need the token, mistakes get one line and exit
 * code 2, and SIGTERM shuts down cleanly — the dispatcher's stream deleted.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../../src/simulator/channel-spec.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { closedPort, killCliChildren, listeningUrl, runCli, spawnCli, type CliResult } from "../support/cli-process.js";
import { http, until } from "../support/emulator-client.js";

const TOKEN = "s3cret-token";
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0, channels: 300, seed: 11 });
  dir = mkdtempSync(path.join(tmpdir(), "cw-cli-serve-"));
});
afterEach(killCliChildren);
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A channel name inside a RegExp. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A failure of a client command: exit 2 and exactly one line on stderr. */
function expectOneLineError(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.err).toBe(2);
  expect(r.err.trimEnd().split("\n"), r.err).toHaveLength(1);
  expect(r.err).toMatch(/^channelwatch: /);
  expect(r.err).toMatch(pattern);
}

describe("channelwatch serve / check / run", () => {
  it("serves a watched set, checks it, reports a run and stops gracefully on SIGTERM", async () => {
    // Four 100 Hz scalars of two sources.
    const scalars = emulator.catalog.channels.filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape.length === 1 && c.shape[0] === 1);
    const sources = [...new Set(scalars.map((c) => c.source))].slice(0, 2);
    const channels = sources.flatMap((s) => scalars.filter((c) => c.source === s).slice(0, 2)).map((c) => c.name);
    expect(channels).toHaveLength(4);
    const victim = channels[3]!;

    // Dispatchers and database from the config file, the port as a flag, the tokens from the environment.
    const config = path.join(dir, "channelwatch.yaml");
    writeFileSync(config, `dispatchers:\n${BACKENDS.map((b) => `  - ${emulator.backendUrl(b)}\n`).join("")}database: sqlite:${path.join(dir, "cw.db")}\n`);
    const serve = spawnCli(["serve", "--config", config, "--port", "0"], { CHANNELWATCH_TOKENS: `ops:${TOKEN}` });
    const url = await listeningUrl(serve);
    expect(serve.out()).toContain(`${url}/api/v1`);
    expect(serve.out()).toContain(`${url}/docs`);
    expect(serve.out()).toMatch(/writes\s+need one of 1 token\(s\): ops/);
    const server = ["--server", url];

    // Writes need the token; reads do not.
    const auth = { authorization: `Bearer ${TOKEN}` };
    const post = (p: string, body?: unknown) =>
      fetch(`${url}/api/v1${p}`, { method: "POST", headers: { ...auth, ...(body !== undefined && { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await post("/sets", { name: "cli-set", channels: channels.map((name) => ({ name })) })).status).toBe(201);

    // Created but not watched: not ok.
    const unwatched = await runCli(["check", "cli-set", ...server]);
    expect(unwatched.code, unwatched.err).toBe(1);
    expect(unwatched.out).toMatch(/cli-set: NOT OK, the set is not watched/);

    expect((await post("/sets/cli-set/watch")).status).toBe(200);
    await until(async () => (await http<{ ok: boolean }>("GET", `${url}/api/v1/sets/cli-set/check`)).body.ok, 15_000, "the set ok");
    const [ok, json] = await Promise.all([runCli(["check", "cli-set", ...server]), runCli(["check", "cli-set", "--json"], { CHANNELWATCH_SERVER: url })]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toBe("cli-set: OK, all 4 channels ok\n");
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, set: "cli-set", watched: true, summary: { ok: 4 }, failing: [] });

    // A run: refused without the token, opened with it.
    expectOneLineError(await runCli(["run", "start", "cli-set", ...server]), /UNAUTHORIZED/);
    const started = await runCli(["run", "start", "cli-set", "--name", "calibration", ...server, "--token", TOKEN]);
    expect(started.code, started.err).toBe(0);
    const id = started.out.trim();
    expect(id).toMatch(/^r\d+$/);
    expect(started.err).toMatch(new RegExp(`^started run ${id} "calibration" on set cli-set \\(4 channels\\) at pulse \\d+`));

    // A channel stops: check names it and exits 1.
    emulator.inject({ kind: "channel_stop", channel: victim, params: {} });
    await until(async () => !(await http<{ ok: boolean }>("GET", `${url}/api/v1/sets/cli-set/check`)).body.ok, 10_000, "the set not ok");
    const failing = await runCli(["check", "cli-set", ...server]);
    expect(failing.code, failing.err).toBe(1);
    expect(failing.out).toMatch(/^cli-set: NOT OK, \d+ error( · \d+ \w+)* of 4 channels\n/);
    expect(failing.out).toMatch(new RegExp(`^${literal(victim)}\\s+error\\s+(.*; )?no_data: `, "m"));

    const stopped = await runCli(["run", "stop", id, ...server], { CHANNELWATCH_TOKEN: TOKEN });
    expect(stopped.code, stopped.err).toBe(0);
    expect(stopped.out).toMatch(new RegExp(`^stopped run ${id} on set cli-set: pulses \\d+-\\d+\\n$`));

    // The report: complete once the stop pulse is accounted; the stopped channel has a gap.
    await until(async () => (await http<{ complete: boolean }>("GET", `${url}/api/v1/runs/${id}/report`)).body.complete, 10_000, "the report complete");
    const [report, reportJson, csv] = await Promise.all([
      runCli(["run", "report", id, ...server]),
      runCli(["run", "report", id, "--json", ...server]),
      runCli(["run", "report", id, "--csv", ...server]),
    ]);
    expect(report.code, report.err).toBe(0);
    expect(report.out).toMatch(new RegExp(`^run ${id} "calibration" on set cli-set: pulses \\d+-\\d+, complete\\n`));
    expect(report.out).toMatch(/CHANNEL\s+EXPECTED\s+RECEIVED\s+COVERAGE\s+MISSING/);
    for (const c of channels) expect(report.out).toMatch(new RegExp(`^${literal(c)}\\s+\\d+\\s+\\d+\\s+\\d+\\.\\d\\d%\\s+\\S`, "m"));
    const body = JSON.parse(reportJson.out) as { channels: Array<{ name: string; coverage: number; missing: unknown[] }> };
    const gap = body.channels.find((c) => c.name === victim)!;
    expect(gap.coverage).toBeLessThan(100);
    expect(gap.missing.length).toBeGreaterThan(0);
    expect(csv.code, csv.err).toBe(0);
    expect(csv.out.split("\r\n")[0]).toBe("name,expected,received,coverage,missing_ranges,truncated");
    expect(csv.out).toContain(victim);

    // The server's own word when it refuses, one line and exit 2.
    const [unknownSet, unknownRun, noTokenStop, unreachable] = await Promise.all([
      runCli(["check", "no-such-set", ...server]),
      runCli(["run", "report", "r999", ...server]),
      runCli(["run", "stop", id, ...server]),
      closedPort().then((port) => runCli(["check", "cli-set", "--server", `http://127.0.0.1:${port}`])),
    ]);
    expectOneLineError(unknownSet, /^channelwatch: no set named no-such-set \(SET_NOT_FOUND\)$/m);
    expectOneLineError(unknownRun, /\(RUN_NOT_FOUND\)$/m);
    expectOneLineError(noTokenStop, /\(UNAUTHORIZED\)$/m);
    expectOneLineError(unreachable, /cannot reach ChannelWatch at http:\/\/127\.0\.0\.1:\d+: connection refused/);

    // Graceful: exit 0, and the dispatcher stream is gone (DELETE /stream happened).
    expect(emulator.streams.list().length).toBeGreaterThan(0);
    serve.child.kill("SIGTERM");
    expect(await serve.exited).toBe(0);
    expect(serve.out()).toContain("SIGTERM: shutting down");
    expect(serve.out()).toMatch(/stopped\n$/);
    expect(emulator.streams.list()).toEqual([]);
  }, 60_000);
});
