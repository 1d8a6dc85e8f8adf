/** `channelwatch simulate` as a real process: prints its URLs, serves, stops cleanly on signals. */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { http, until } from "../support/emulator-client.js";

const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

function run(args: string[]): { child: ChildProcess; out: () => string; err: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return { child, out: () => out, err: () => err };
}

describe("channelwatch simulate", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`serves the dispatcher API and shuts down cleanly on ${signal}`, async () => {
      const p = run(["simulate", "--port", "0", "--channels", "300", "--seed", "5"]);
      await until(() => /faults & clock\s+http:\/\/\S+\/sim/.test(p.out()), 20_000, "URLs printed");
      expect(p.out()).toMatch(/300 channels/);
      const db = /dispatcher sf-databuffer\s+(\S+)/.exec(p.out())![1]!;
      const live = await http<Array<{ channels: unknown[] }>>("GET", `${db}/channels/live`);
      expect(live.status).toBe(200);
      expect(live.body[0]!.channels.length).toBeGreaterThan(200);
      const stream = await http<{ stream: string }>("POST", `${db}/stream`, { channels: ["X"], verify: false });
      expect(stream.status).toBe(200);
      p.child.kill(signal);
      const [code] = await once(p.child, "exit");
      expect(code).toBe(0);
      expect(p.out()).toContain(`${signal}: shutting down`);
    });
  }

  it("is deterministic for a seed", async () => {
    const catalogs: string[] = [];
    for (const seed of ["7", "7", "8"]) {
      const p = run(["simulate", "--port", "0", "--channels", "250", "--seed", seed]);
      await until(() => /dispatcher sf-databuffer\s+(\S+)/.test(p.out()), 20_000, "URLs printed");
      const db = /dispatcher sf-databuffer\s+(\S+)/.exec(p.out())![1]!;
      catalogs.push(JSON.stringify((await http("GET", `${db}/channels/live`)).body));
      p.child.kill("SIGTERM");
      await once(p.child, "exit");
    }
    expect(catalogs[0]).toBe(catalogs[1]);
    expect(catalogs[0]).not.toBe(catalogs[2]);
  });

  it("rejects bad flags with one line and exit code 2", async () => {
    for (const args of [["simulate", "--port", "http"], ["simulate", "--channels", "0"], ["simulate", "--colour"], ["simulate", "--scenario", "/nonexistent.yaml"], ["frobnicate"]]) {
      const p = run(args);
      const [code] = await once(p.child, "exit");
      expect(code, args.join(" ")).toBe(2);
      expect(p.err().trim().split("\n"), p.err()).toHaveLength(1);
      expect(p.err()).toMatch(/^channelwatch: /);
    }
  });
});
