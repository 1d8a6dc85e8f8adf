/**
 * The durability promises: sets, watches, shelves, events and runs survive a restart
 * (close, reopen) and a kill -9 of the process in the middle of writing; every write the
 * process acknowledged is there afterwards. Both backends.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POSTGRES_SKIP_NOTE } from "../../test/support/postgres.js";
import { storeBackends, type TestDatabase } from "../../test/support/store-backends.js";
import type { MonitorEvent } from "../monitor/events.js";
import { openStore, sqlitePath } from "./open-store.js";
import type { SetInput, Store, StoredRun } from "./store.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const openStoreModule = pathToFileURL(path.join(here, "open-store.ts")).href;

const backends = storeBackends("cw-durable", "data/channelwatch.db");

const P = 2 ** 40; // pulse ids beyond 32 bits

/**
 * The child: opens the store and writes bundles forever — a set saved twice, its watch, two
 * events, a shelve and a run — printing "acked N" once bundle N's writes all resolved.
 * Names carry the round's prefix so that several rounds can share one database.
 */
const CHILD = `
const { openStore } = await import(process.env.CW_STORE_MODULE);
const store = await openStore(process.env.CW_STORE_URL);
const x = process.env.CW_PREFIX;
const base = Number(process.env.CW_RUN_BASE);
const P = 2 ** 40;
for (let i = 1; ; i++) {
  const channels = [{ name: x + "C" + i }];
  await store.createSet({ name: x + "s" + i, channels }, "child", 1000 + i);
  await store.updateSet({ name: x + "s" + i, description: "v2", channels: [...channels, { name: x + "D" + i }] }, 1, "child", 2000 + i);
  await store.setWatched(x + "s" + i, true);
  const ev = { kind: "status", channel: x + "C" + i, set: x + "s" + i, from: "ok", to: "error", reasons: [], pulseId: P + i, time: 3000 + i };
  await store.appendEvents([ev, { ...ev, from: "error", to: "ok" }]);
  await store.putShelve({ channel: x + "C" + i, until: 9000 + i, reason: "test", by: "child", at: 4000 + i });
  await store.createRun({ id: "r" + (base + i), set: x + "s" + i, name: null, channels: [{ name: x + "C" + i, modulo: 1, offset: 0 }], startPulseId: P + i, stopPulseId: null, createdAt: 5000 + i, stoppedAt: null, createdBy: "child", report: null });
  process.stdout.write("acked " + i + "\\n");
}
`;

interface Round {
  prefix: string;
  runBase: number;
  /** Acks to wait for, then ms to let the child go on writing before the kill lands. */
  atLeast: number;
  delayMs: number;
}

/** Runs the child until it has acknowledged `round.atLeast` bundles, SIGKILLs it mid-write, returns the last ack it wrote. */
function writeThenKill(url: string, round: Round): Promise<{ acked: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
      cwd: repoRoot,
      env: { ...process.env, CW_STORE_MODULE: openStoreModule, CW_STORE_URL: url, CW_PREFIX: round.prefix, CW_RUN_BASE: String(round.runBase) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let killing = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the child acknowledged fewer than ${round.atLeast} bundles in time; stdout: ${out.slice(-500)} stderr: ${err.slice(-2000)}`));
    }, 30_000);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (!killing && new RegExp(`^acked ${round.atLeast}$`, "m").test(out)) {
        killing = true;
        // The child keeps writing meanwhile, so the kill lands anywhere inside a bundle.
        setTimeout(() => child.kill("SIGKILL"), round.delayMs);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    // "close": both pipes drained, so every ack the child wrote before dying has been read.
    child.on("close", (_code, signal) => {
      clearTimeout(timer);
      const acks = [...out.matchAll(/^acked (\d+)$/gm)].map((m) => Number(m[1]));
      if (!killing) reject(new Error(`the child ended by itself: ${err.slice(-2000)}`));
      else resolve({ acked: Math.max(0, ...acks), signal });
    });
  });
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`store durability on ${backend.name}${backend.name === "postgres" ? POSTGRES_SKIP_NOTE : ""}`, () => {
    let db: TestDatabase;
    const open: Store[] = [];
    async function reopen(): Promise<Store> {
      const s = await openStore(db.url);
      open.push(s);
      return s;
    }

    beforeEach(async () => {
      db = await backend.create();
    });
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      await db?.cleanup();
    });

    it("keeps sets, versions, watches, shelves, events and runs across a restart", async () => {
      const input: SetInput = { name: "photonics", description: "PSSS", owner: "ops", tags: ["aramis"], channels: [{ name: "A", thresholds: { staleFactor: 3 } }, { name: "B", type: "float64", shape: [4] }] };
      const run: StoredRun = { id: "r1", set: "photonics", name: "scan", channels: [{ name: "A", modulo: 1, offset: 0 }], startPulseId: P, stopPulseId: P + 99, createdAt: 10, stoppedAt: 20, createdBy: "alice", report: { startPulseId: P, stopPulseId: P + 99, accountedUpTo: P + 99, complete: true, channels: [{ name: "A", expected: 100, received: 98, coverage: 98, missing: [[P + 3, P + 4]] }] } };
      const ev: MonitorEvent = { kind: "shelve", channel: "A", set: "photonics", from: "error", to: "error", reasons: [{ code: "no_data", message: "silent" }], pulseId: P + 7, time: 30, actor: "alice", note: "maintenance" };

      const first = await reopen();
      await first.createSet(input, "alice", 1);
      const v2 = await first.updateSet({ ...input, description: "edited" }, 1, "bob", 2);
      await first.createSet({ name: "other", channels: [] }, "alice", 3);
      await first.setWatched("photonics", true);
      await first.putShelve({ channel: "A", until: 99_000, reason: "maintenance", by: "alice", at: 30 });
      const events = await first.appendEvents([ev, { ...ev, kind: "unshelve", time: 40 }]);
      await first.createRun(run);
      await first.createRun({ ...run, id: "r2", stopPulseId: null, stoppedAt: null, report: null });
      const versions = await first.setVersions("photonics");
      const sets = await first.listSets();
      await first.close();
      open.splice(0);

      const second = await reopen();
      expect(await second.listSets()).toStrictEqual(sets);
      expect(await second.getSet("photonics")).toStrictEqual(v2);
      expect(await second.setVersions("photonics")).toStrictEqual(versions);
      expect(await second.watchedSets()).toEqual(["photonics"]);
      expect(await second.shelves()).toEqual([{ channel: "A", until: 99_000, reason: "maintenance", by: "alice", at: 30 }]);
      expect(await second.queryEvents({})).toStrictEqual([...events].reverse());
      expect(await second.getRun("r1")).toStrictEqual(run);
      expect((await second.listRuns()).map((r) => r.id)).toEqual(["r1", "r2"]);
      expect(await second.lastRunNumber()).toBe(2);
      // Ids go on increasing after the restart.
      const [next] = await second.appendEvents([ev]);
      expect(next.id).toBeGreaterThan(events[1].id as number);
    });

    it("loses no acknowledged write when the process is killed with SIGKILL", { timeout: 90_000 }, async () => {
      const rounds: Round[] = [
        { prefix: "a", runBase: 0, atLeast: 10, delayMs: 0 },
        { prefix: "b", runBase: 100_000, atLeast: 10, delayMs: 3 },
        { prefix: "c", runBase: 200_000, atLeast: 10, delayMs: 17 },
      ];
      for (const round of rounds) {
        const { acked, signal } = await writeThenKill(db.url, round);
        expect(signal).toBe("SIGKILL");
        expect(acked).toBeGreaterThanOrEqual(round.atLeast);

        if (backend.name === "sqlite") {
          // The database the killed process left behind is consistent (WAL recovery).
          const raw = new Database(sqlitePath(db.url));
          expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
          raw.close();
        }

        const store = await openStore(db.url);
        open.push(store);
        const x = round.prefix;
        const watched = new Set(await store.watchedSets());
        const shelved = new Map((await store.shelves()).map((s) => [s.channel, s]));
        for (let i = 1; i <= acked; i++) {
          const set = await store.getSet(`${x}s${i}`);
          expect(set, `set ${x}s${i}`).toMatchObject({ version: 2, description: "v2", createdAt: 1000 + i, updatedAt: 2000 + i });
          expect((await store.setVersions(`${x}s${i}`)).map((v) => v.version)).toEqual([2, 1]);
          expect(watched.has(`${x}s${i}`), `watch ${x}s${i}`).toBe(true);
          const events = await store.queryEvents({ channel: `${x}C${i}` });
          expect(events.map((e) => [e.to, e.pulseId])).toEqual([["ok", P + i], ["error", P + i]]);
          expect(shelved.get(`${x}C${i}`)?.until, `shelve ${x}C${i}`).toBe(9000 + i);
          expect((await store.getRun(`r${round.runBase + i}`))?.startPulseId, `run r${round.runBase + i}`).toBe(P + i);
        }
        expect(await store.lastRunNumber()).toBeGreaterThanOrEqual(round.runBase + acked);
        // The bundle cut short left whole transactions only: a set is never without its versions.
        const partial = await store.getSet(`${x}s${acked + 1}`);
        if (partial !== undefined) expect((await store.setVersions(`${x}s${acked + 1}`)).length).toBe(partial.version);
        // Events come in pairs appended in one transaction.
        expect((await store.queryEvents({ channel: `${x}C${acked + 1}` })).length % 2).toBe(0);
        // And the store takes writes again.
        await store.createSet({ name: `${x}-after`, channels: [] }, "test", 1);
        expect((await store.getSet(`${x}-after`))?.version).toBe(1);
        await store.close();
        open.splice(open.indexOf(store), 1);
      }
    });
  });
}
