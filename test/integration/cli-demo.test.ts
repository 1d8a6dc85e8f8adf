/**
 * `channelwatch demo` (npm start) as a real process: the emulator and the server come up, the
 * demo set is there and watched, its status answers, and SIGINT stops both with exit 0. A
 * second start on the same database keeps the set as it is.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killCliChildren, listeningUrl, spawnCli } from "../support/cli-process.js";
import { http } from "../support/emulator-client.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cw-cli-demo-"));
});
afterEach(killCliChildren);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SetAnswer {
  name: string;
  version: number;
  watched: boolean;
  channels: Array<{ name: string }>;
}

interface StatusAnswer {
  set: string;
  summary: Record<"ok" | "warning" | "error" | "unknown", number>;
  channels: Array<{ name: string; status: string }>;
}

async function startDemo(): Promise<{ url: string; stop: (signal: NodeJS.Signals) => Promise<number | null>; out: () => string; why: () => string }> {
  const demo = spawnCli(["demo", "--port", "0", "--database", `sqlite:${path.join(dir, "demo.db")}`]);
  const url = await listeningUrl(demo);
  return {
    url,
    out: demo.out,
    // For a failed exit: how it ended and what it said.
    why: () => `signal ${demo.child.signalCode}; stderr: ${demo.err().slice(-2000)}; stdout: ${demo.out().slice(-500)}`,
    stop: async (signal) => {
      demo.child.kill(signal);
      return demo.exited;
    },
  };
}

describe("channelwatch demo", () => {
  // The child once ended by SIGABRT here: libzmq's abort when a peer leaves a closing linger-0
  // sender mid-message (fixed in src/bsread/sender.ts, guarded by sender-close.test.ts).
  it("watches the demo set against the built-in emulator and stops on SIGINT", { timeout: 45_000 }, async () => {
    const first = await startDemo();
    expect(first.out()).toMatch(/demo set\s+"demo" \(40 channels\)/);
    expect(first.out()).toMatch(/emulator\s+http:\/\/127\.0\.0\.1:\d+ \(faults under http:\/\/127\.0\.0\.1:\d+\/sim\)/);
    // The UI is built by npm run build (CI builds before testing); without it the banner says so.
    expect(first.out()).toMatch(/panel\s+(http:\/\/127\.0\.0\.1:\d+\/panel\/demo|not built)/);

    const set = await http<SetAnswer>("GET", `${first.url}/api/v1/sets/demo`);
    expect(set.status).toBe(200);
    expect(set.body.watched).toBe(true);
    expect(set.body.channels).toHaveLength(40);

    const status = await http<StatusAnswer>("GET", `${first.url}/api/v1/status?set=demo`);
    expect(status.status).toBe(200);
    expect(status.body.set).toBe("demo");
    expect(status.body.channels).toHaveLength(40);
    const { ok, warning, error, unknown } = status.body.summary;
    expect(ok + warning + error + unknown).toBe(40);

    expect(await first.stop("SIGINT"), first.why()).toBe(0);
    expect(first.out()).toContain("SIGINT: shutting down");
    expect(first.out()).toMatch(/stopped\n$/);

    // Same database, same catalog: the set is reused, not saved again.
    const second = await startDemo();
    const again = await http<SetAnswer>("GET", `${second.url}/api/v1/sets/demo`);
    expect(again.body).toMatchObject({ version: set.body.version, watched: true });
    expect(again.body.channels).toEqual(set.body.channels);
    expect(await second.stop("SIGTERM"), second.why()).toBe(0);
  });
});
