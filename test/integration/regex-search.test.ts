/**
 * Catalog regex search off the event loop: a pattern that backtracks for ages is stopped at
 * the deadline with REGEX_TOO_COSTLY while the server keeps answering, the next search works
 * (a new worker), an invalid pattern is BAD_REGEX, and a flood of searches is refused (BUSY)
 * instead of queueing without end. First the RegexSearch class alone, then the real server
 * against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelWatchServer } from "../../src/server/channel-watch-server.js";
import { RegexSearch, RegexSearchError } from "../../src/server/regex-search.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { until } from "../support/emulator-client.js";
import { startTestServer } from "../support/test-server.js";

/** Nested quantifiers with no possible match: exponential backtracking on every name (seconds for one name). */
const CATASTROPHIC = "((\\w|-|:)+)+!$";
const NAMES = ["SARES11-CAMS133-M1:FPICTURE", "SARES11-CAMS133-M1:WIDTH", "SINEG01-DBPM340:X1", "SINEG01-DBPM340:Y1"];

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (err) {
    return err instanceof RegexSearchError ? err.reason : `other: ${String(err)}`;
  }
}

describe("RegexSearch", () => {
  it("matches on the worker, stops a catastrophic pattern at the deadline, and works again after", async () => {
    const search = new RegexSearch({ deadlineMs: 300, maxWaiting: 4 });
    try {
      expect(await search.match(NAMES, "dbpm.*:x", "i")).toEqual([2]);
      expect(await reason(search.match(NAMES, CATASTROPHIC, "i"))).toBe("too-costly");
      // A fresh worker, with the names sent again.
      expect(await search.match(NAMES, "cams133", "i")).toEqual([0, 1]);
      expect(await reason(search.match(NAMES, "(", ""))).toBe("invalid");
      // Other names: the worker gets the new list.
      expect(await search.match(["A", "B", "AB"], "^a", "i")).toEqual([0, 2]);
    } finally {
      await search.close();
    }
  });

  it("runs one search at a time and refuses more than maxWaiting behind it", async () => {
    const search = new RegexSearch({ deadlineMs: 300, maxWaiting: 2 });
    try {
      const running = search.match(NAMES, CATASTROPHIC, "i");
      const queued = [search.match(NAMES, "X1$", "i"), search.match(NAMES, "Y1$", "i")];
      expect(await reason(search.match(NAMES, "PICTURE", "i"))).toBe("busy");
      expect(await reason(running)).toBe("too-costly");
      expect(await Promise.all(queued)).toEqual([[2], [3]]);
    } finally {
      await search.close();
    }
  });

  it("fails waiting searches when closed", async () => {
    const search = new RegexSearch({ deadlineMs: 5000, maxWaiting: 2 });
    const running = reason(search.match(NAMES, CATASTROPHIC, "i"));
    const waiting = reason(search.match(NAMES, "X1", "i"));
    await search.close();
    expect(await waiting).toBe("closed");
    expect(await running).toBe("closed");
    expect(await reason(search.match(NAMES, "X1", "i"))).toBe("closed");
  });
});

describe("GET /api/v1/channels on the real server", () => {
  let emulator: Emulator;
  let server: ChannelWatchServer;

  beforeAll(async () => {
    emulator = await Emulator.start({ port: 0 });
    server = await startTestServer(emulator, { timing: { evaluateMs: 100, recordedPollMs: 500, retryMinMs: 50, retryMaxMs: 200, httpTimeoutMs: 500 } });
    await until(async () => ((await (await fetch(`${server.url}/api/v1/catalog`)).json()) as { complete: boolean }).complete, 10_000, "catalog complete");
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    await emulator?.close();
  });

  const channels = (q: string) => fetch(`${server.url}/api/v1/channels?q=${encodeURIComponent(q)}&limit=5`);

  it("answers REGEX_TOO_COSTLY to a catastrophic pattern, keeps answering other requests meanwhile, and searches again after", async () => {
    const order: string[] = [];
    const bad = channels(CATASTROPHIC).then(async (res) => {
      order.push("search");
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
    });
    // Give the search time to reach the worker, then ask for something else.
    await new Promise((r) => setTimeout(r, 200));
    const health = await fetch(`${server.url}/api/v1/health`);
    order.push("health");
    expect(health.status).toBe(200);
    await health.arrayBuffer();
    const answer = await bad;
    expect(order).toEqual(["health", "search"]);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("REGEX_TOO_COSTLY");
    expect(answer.body.error?.message).toMatch(/simplify/);

    const ok = await channels("^S.*:");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { total: number; channels: Array<{ name: string }> };
    expect(body.total).toBeGreaterThan(0);
    expect(body.channels.every((c) => /^S.*:/i.test(c.name))).toBe(true);
  });

  it("answers BAD_REGEX to a pattern that does not parse", async () => {
    const res = await channels("(");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_REGEX");
  });
});
