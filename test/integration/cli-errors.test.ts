/**
 * Every command's --help, and the mistakes a user makes: each one line on stderr naming the
 * problem, and exit code 2 — bad flags, bad config files and variables, a port in use, a
 * database or server that is not there. (Every config error's wording is pinned by the unit
 * tests in src/config; these check that each kind reaches the user as one line.)
 */
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closedPort, killCliChildren, runCli } from "../support/cli-process.js";

let dir: string;
let busy: Server;
let busyPort: number;
let deadPort: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cw-cli-errors-"));
  writeFileSync(path.join(dir, "typo.yaml"), "prot: 8080\n");
  busy = createServer();
  busy.listen(0, "127.0.0.1");
  await once(busy, "listening");
  busyPort = (busy.address() as { port: number }).port;
  deadPort = await closedPort();
});
afterEach(killCliChildren);
afterAll(async () => {
  busy?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("channelwatch --help", () => {
  it("lists every command, and each command has its own help", async () => {
    const [top, ...each] = await Promise.all([
      runCli(["--help"]),
      ...["demo", "serve", "simulate", "check", "run"].map((c) => runCli([c, "--help"])),
      runCli(["help", "run"]),
      runCli(["run", "start", "-h"]),
    ]);
    expect(top.code).toBe(0);
    for (const c of ["demo", "serve", "simulate", "check SET", "run start|stop|report"]) expect(top.out).toContain(`  ${c} `);
    for (const r of each) {
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^usage: channelwatch (demo|serve|simulate|check|run) /);
    }
  });
});

describe("channelwatch mistakes", () => {
  it("get one line naming the problem and exit code 2", async () => {
    const db = `sqlite:${path.join(dir, "cw.db")}`;
    // A dispatcher nobody answers on: no test ever talks to the real SwissFEL.
    const nowhere = `http://127.0.0.1:${deadPort}/sf-databuffer`;
    const cases: Array<{ args: string[]; env?: Record<string, string>; message: RegExp }> = [
      { args: ["serve", "--port", "99999"], message: /^channelwatch: --port: must be an integer from 0 to 65535, got "99999"$/ },
      { args: ["serve", "--colour"], message: /^channelwatch: serve: unknown option --colour \(see channelwatch serve --help\)$/ },
      { args: ["serve", "--config", path.join(dir, "typo.yaml")], message: /^channelwatch: config file .*typo\.yaml: unknown setting "prot" \(known: port, host, / },
      { args: ["serve"], env: { CHANNELWATCH_PORT: "eighty" }, message: /^channelwatch: CHANNELWATCH_PORT: must be an integer from 0 to 65535, got "eighty"$/ },
      { args: ["serve", "--port", String(busyPort), "--dispatcher", nowhere, "--database", db], message: new RegExp(`^channelwatch: port ${busyPort} is in use \\(try --port 0 for a free one\\)$`) },
      { args: ["serve", "--port", "0", "--dispatcher", nowhere, "--database", `postgres://cw:pw@127.0.0.1:${deadPort}/cw`], message: /^channelwatch: cannot connect to PostgreSQL at postgres:\/\/cw:\*\*\*@127\.0\.0\.1:\d+\/cw: / },
      { args: ["demo", "--port", "x"], message: /^channelwatch: --port: must be an integer/ },
      { args: ["check"], message: /^channelwatch: check needs exactly one set name: channelwatch check SET$/ },
      { args: ["check", "a", "--server", "localhost:8080"], message: /^channelwatch: --server: must be an http:\/\/ or https:\/\/ URL, got "localhost:8080"$/ },
      { args: ["check", "a", "--server", `http://127.0.0.1:${deadPort}`], message: /^channelwatch: cannot reach ChannelWatch at http:\/\/127\.0\.0\.1:\d+: connection refused$/ },
      { args: ["run"], message: /^channelwatch: run needs start, stop or report \(see channelwatch run --help\)$/ },
      { args: ["run", "start"], message: /^channelwatch: run start needs exactly one set: channelwatch run start SET$/ },
      { args: ["run", "start", "s", "--start-pulse=-5"], message: /^channelwatch: --start-pulse must be from 0 to/ },
      { args: ["run", "stop", "r1", "--stop-pulse", "soon"], message: /^channelwatch: --stop-pulse must be a whole number, got "soon"$/ },
      { args: ["run", "report", "r1", "--csv", "--json"], message: /^channelwatch: run report takes --csv or --json, not both$/ },
      { args: ["frobnicate"], message: /^channelwatch: unknown command "frobnicate" \(see channelwatch --help\)$/ },
    ];
    const results = await Promise.all(cases.map((c) => runCli(c.args, c.env)));
    results.forEach((r, i) => {
      const what = `${cases[i]!.args.join(" ")}: ${r.err}`;
      expect(r.code, what).toBe(2);
      expect(r.err.trimEnd().split("\n"), what).toHaveLength(1);
      expect(r.err.trimEnd(), what).toMatch(cases[i]!.message);
      expect(r.out, what).toBe("");
    });
  }, 60_000);
});
