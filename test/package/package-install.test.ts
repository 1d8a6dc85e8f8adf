/**
 * The npm package as a user gets it: `npm pack` of the built repo, `npm install -g` of the
 * tarball into a temporary prefix, and `channelwatch demo` started from that prefix, in a
 * directory outside the repo with a clean environment, so nothing of the checkout (sources,
 * node_modules, web/dist) can stand in for what the package lacks. The UI must be served from
 * the package and the emulator's demo set must become ok; SIGINT must stop it with exit 0.
 *
 * Slow by nature (the install compiles better-sqlite3, about a minute): one install serves all.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listeningUrl, observeProcess, type CliProcess } from "../support/cli-process.js";
import { http, until } from "../support/emulator-client.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const INSTALL_TIMEOUT_MS = 420_000;
/** Native dependencies whose install scripts must run (package.json "allowScripts"). */
const NATIVE = ["better-sqlite3", "zeromq"];

const children = new Set<ChildProcess>();
let dir: string;
let prefix: string;
let tarball: string;
let packed: { filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> };

/** The runner's environment minus npm's lifecycle variables and ChannelWatch settings: as from a login shell. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([k]) => !/^(npm_|CHANNELWATCH_|VITEST|NODE_OPTIONS$|NODE_PATH$|INIT_CWD$)/i.test(k));
  return { ...Object.fromEntries(kept), ...extra };
}

interface Finished {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a command in its own process group (npm spawns compilers: cleanup kills them all). */
function spawnTracked(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): CliProcess {
  return observeProcess(spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true }), children);
}

async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Finished> {
  const p = spawnTracked(command, args, cwd, env);
  const code = await p.exited;
  return { code, out: p.out(), err: p.err() };
}

function ok(result: Finished, what: string): Finished {
  if (result.code !== 0) throw new Error(`${what} failed with exit code ${result.code}:\n${result.err.slice(-4000)}\n${result.out.slice(-1000)}`);
  return result;
}

function killGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), "cw-package-")));
  prefix = path.join(dir, "prefix");
  // The installed package resolves modules upward from its own folder: no node_modules may lie above it.
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, "node_modules"))) throw new Error(`${d}/node_modules would leak into the installed package; use another TMPDIR`);
    if (d === path.dirname(d)) break;
  }

  if (!existsSync(path.join(repo, "web/dist/index.html"))) throw new Error("web/dist is not built: run `npm run build` before this test");
  // dist/ from the current sources (the UI build is left alone: other tests may be serving it).
  ok(await run(process.execPath, [path.join(repo, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], repo), "tsc -p tsconfig.build.json");
  // --ignore-scripts: prepack would rebuild web/dist under running browser tests; both builds are fresh here.
  const pack = ok(await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], repo), "npm pack");
  [packed] = JSON.parse(pack.out) as Array<typeof packed>;
  tarball = path.join(dir, packed.filename);

  const install = ok(
    await run(
      "npm",
      ["install", "--global", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", `--allow-scripts=${NATIVE.join(",")}`, tarball],
      dir,
      // Only the npm registry is reachable: better-sqlite3 compiles at once instead of trying a prebuilt download.
      cleanEnv({ npm_config_build_from_source: "better-sqlite3" }),
    ),
    "npm install -g",
  );
  expect(install.out).toMatch(/added \d+ packages/);
  // The documented --allow-scripts list covers every dependency with an install script.
  expect(install.err).not.toMatch(/not yet covered by allowScripts/);
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  for (const child of children) killGroup(child);
  children.clear();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm package", () => {
  it("holds the built server and UI, not the sources", () => {
    const files = packed.files.map((f) => f.path);
    for (const needed of ["package.json", "README.md", "LICENSE", "dist/cli.js", "dist/server/app.js", "dist/simulator/emulator.js", "dist/bsread/index.js", "dist/bsread/index.d.ts", "web/dist/index.html"]) {
      expect(files, needed).toContain(needed);
    }
    expect(files.some((f) => /^web\/dist\/assets\/.+\.js$/.test(f))).toBe(true);
    for (const example of ["deploy/channelwatch.service", "deploy/channelwatch.yaml", "deploy/channelwatch.env.example"]) expect(files, example).toContain(example);
    const strays = files.filter((f) => !/^(dist|web\/dist|deploy)\//.test(f) && !["package.json", "README.md", "LICENSE"].includes(f));
    expect(strays).toEqual([]);
    expect(files.filter((f) => /\.map$|\.test\.|(^|\/)testdata\//.test(f))).toEqual([]);
  });

  it("installs with its native modules built and the command linked", () => {
    const installed = path.join(prefix, "lib/node_modules/channelwatch");
    expect(existsSync(path.join(installed, "node_modules/better-sqlite3/build/Release/better_sqlite3.node"))).toBe(true);
    expect(existsSync(path.join(installed, "web/dist/index.html"))).toBe(true);
    expect(existsSync(path.join(installed, "src"))).toBe(false);
    expect(existsSync(path.join(prefix, "bin/channelwatch"))).toBe(true);
  });

  it("runs `channelwatch demo` from the install: UI, API and an ok demo set; SIGINT stops it", { timeout: 90_000 }, async () => {
    const cwd = path.join(dir, "work");
    mkdirSync(cwd);
    // Only node on PATH and an empty HOME: no repo, no global modules, no user settings.
    const env = { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: cwd, LANG: "C.UTF-8" };
    const demo = spawnTracked(path.join(prefix, "bin/channelwatch"), ["demo", "--port", "0"], cwd, env);
    const why = () => `exit ${demo.child.exitCode}, signal ${demo.child.signalCode}; stderr: ${demo.err().slice(-2000)}; stdout: ${demo.out().slice(-1000)}`;
    const url = await listeningUrl(demo, 60_000);
    expect(demo.out()).toMatch(/panel\s+http:\/\/127\.0\.0\.1:\d+\/panel\/demo/);

    const health = await http<{ status: string; watchedChannels: number }>("GET", `${url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(health.body.watchedChannels).toBe(40);

    const panel = await fetch(`${url}/panel/demo`);
    expect(panel.status).toBe(200);
    expect(panel.headers.get("content-type")).toMatch(/text\/html/);
    const html = await panel.text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html);
    expect(script, html).not.toBeNull();
    const asset = await fetch(new URL(script![1]!, url));
    expect(asset.status).toBe(200);
    await asset.arrayBuffer();

    // The demo's first fault comes 20 s after start: until then, every channel turns ok after its warm-up.
    let last: unknown;
    await until(
      async () => {
        const check = await http<{ ok: boolean }>("GET", `${url}/api/v1/sets/demo/check`);
        last = check.body;
        return check.status === 200 && check.body.ok;
      },
      18_000,
      "the demo set ok",
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last check: ${JSON.stringify(last)}`);
    });
    // The demo's own store, in the working directory, not in the package.
    expect(existsSync(path.join(cwd, "data/demo.db"))).toBe(true);

    demo.child.kill("SIGINT");
    expect(await demo.exited, why()).toBe(0);
    expect(demo.out()).toMatch(/stopped\n$/);
  });
});
