import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POSTGRES_SKIP_NOTE } from "../../test/support/postgres.js";
import { storeBackends, type TestDatabase } from "../../test/support/store-backends.js";
import { MemoryEventSink, type EventQuery, type MonitorEvent } from "../monitor/events.js";
import type { RunReportBody } from "../monitor/run-coverage.js";
import { appliedMigrations } from "./migrations.js";
import { openStore } from "./open-store.js";
import { SqlStore } from "./sql-store.js";
import type { ChannelSpec, SetInput, Store, StoredRun } from "./store.js";

const backends = storeBackends("cw-sqlstore");

const P52 = 2 ** 52 + 3; // > 2^32, < 2^53: must round-trip exactly

function event(over: Partial<MonitorEvent> = {}): MonitorEvent {
  return { kind: "status", channel: "SARFE10-PSSS059:SPECTRUM_X", from: "ok", to: "error", reasons: [{ code: "no_data", message: "no value for 2 s" }], pulseId: P52, time: 1_700_000_000_000, ...over };
}

function run(over: Partial<StoredRun> = {}): StoredRun {
  return {
    id: "r1",
    set: "photonics",
    name: null,
    channels: [{ name: "A", modulo: 1, offset: 0 }, { name: "B", modulo: 10, offset: 3 }],
    startPulseId: P52,
    stopPulseId: null,
    createdAt: 1_700_000_000_000,
    stoppedAt: null,
    createdBy: "operator",
    report: null,
    ...over,
  };
}

async function rejectionCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`SqlStore on ${backend.name}${backend.name === "postgres" ? POSTGRES_SKIP_NOTE : ""}`, () => {
    let db: TestDatabase;
    let store: Store;

    beforeEach(async () => {
      db = await backend.create();
      store = await openStore(db.url);
    });
    afterEach(async () => {
      await store?.close();
      await db?.cleanup();
    });

    const channels: ChannelSpec[] = [
      { name: "SARFE10-PSSS059:SPECTRUM_X", type: "float64", shape: [2560] },
      { name: "SINEG01-DBPM340:X1", thresholds: { staleFactor: 5, alertOnWarning: true } },
    ];
    const input: SetInput = { name: "photonics", description: "PSSS", owner: "ops", tags: ["aramis", "psss"], channels };

    describe("sets", () => {
      it("creates version 1 and reads it back, defaults filled", async () => {
        const created = await store.createSet(input, "alice", 1000);
        expect(created).toStrictEqual({ ...input, version: 1, createdAt: 1000, updatedAt: 1000, updatedBy: "alice" });
        expect(await store.getSet("photonics")).toStrictEqual(created);
        expect(await store.getSet("nope")).toBeUndefined();
        const bare = await store.createSet({ name: "bare", channels: [] }, "bob", 2000);
        expect(bare).toMatchObject({ description: "", owner: "", tags: [], channels: [], version: 1 });
      });

      it("refuses a second set of the same name with SET_EXISTS, also when created concurrently", async () => {
        await store.createSet(input, "alice", 1000);
        expect(await rejectionCode(store.createSet(input, "bob", 2000))).toBe("SET_EXISTS");
        const results = await Promise.allSettled([1, 2, 3, 4].map((k) => store.createSet({ ...input, name: "race" }, `u${k}`, 3000 + k)));
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const r of results) if (r.status === "rejected") expect((r.reason as { code: string }).code).toBe("SET_EXISTS");
        expect(await store.setVersions("race")).toHaveLength(1);
      });

      it("lists summaries by name with channel counts and the watched flag", async () => {
        await store.createSet({ ...input, name: "b" }, "alice", 1000);
        await store.createSet({ name: "a", channels: [{ name: "X" }] }, "alice", 2000);
        await store.setWatched("b", true);
        expect(await store.listSets()).toStrictEqual([
          { name: "a", description: "", owner: "", tags: [], version: 1, channelCount: 1, updatedAt: 2000, watched: false },
          { name: "b", description: "PSSS", owner: "ops", tags: ["aramis", "psss"], version: 1, channelCount: 2, updatedAt: 1000, watched: true },
        ]);
      });

      it("saves new versions, keeps fields left undefined, lists versions newest first", async () => {
        await store.createSet(input, "alice", 1000);
        const v2 = await store.updateSet({ name: "photonics", channels: [{ name: "ONLY" }] }, 1, "bob", 2000);
        expect(v2).toStrictEqual({ ...input, channels: [{ name: "ONLY" }], version: 2, createdAt: 1000, updatedAt: 2000, updatedBy: "bob" });
        const v3 = await store.updateSet({ ...input, description: "new", tags: [] }, 2, "carol", 3000);
        expect(v3).toMatchObject({ version: 3, description: "new", tags: [], owner: "ops", channels, updatedBy: "carol" });
        expect(await store.getSet("photonics")).toStrictEqual(v3);
        const versions = await store.setVersions("photonics");
        expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
        expect(versions[1]).toStrictEqual(v2);
        expect(versions[2].channels).toEqual(channels);
        expect(versions[2].updatedBy).toBe("alice");
        expect((await store.listSets())[0]).toMatchObject({ version: 3, channelCount: 2, updatedAt: 3000 });
        expect(await store.setVersions("nope")).toEqual([]);
      });

      it("answers VERSION_CONFLICT for a stale version and SET_NOT_FOUND for a missing set", async () => {
        await store.createSet(input, "alice", 1000);
        await store.updateSet(input, 1, "alice", 2000);
        expect(await rejectionCode(store.updateSet(input, 1, "bob", 3000))).toBe("VERSION_CONFLICT");
        expect(await rejectionCode(store.updateSet(input, 7, "bob", 3000))).toBe("VERSION_CONFLICT");
        expect(await rejectionCode(store.updateSet(input, Number.NaN, "bob", 3000))).toBe("VERSION_CONFLICT");
        expect(await rejectionCode(store.updateSet({ ...input, name: "nope" }, 1, "bob", 3000))).toBe("SET_NOT_FOUND");
        expect((await store.getSet("photonics"))?.version).toBe(2);
        expect(await store.setVersions("photonics")).toHaveLength(2);
      });

      it("lets exactly one of several concurrent edits of the same version win", async () => {
        await store.createSet(input, "alice", 1000);
        for (let round = 1; round <= 5; round++) {
          const edits = [0, 1, 2, 3].map((k) => store.updateSet({ ...input, description: `r${round}k${k}` }, round, `u${k}`, 1000 + round));
          const results = await Promise.allSettled(edits);
          const won = results.filter((r) => r.status === "fulfilled");
          expect(won).toHaveLength(1);
          for (const r of results) if (r.status === "rejected") expect((r.reason as { code: string }).code).toBe("VERSION_CONFLICT");
          const current = await store.getSet("photonics");
          expect(current?.version).toBe(round + 1);
          expect(current?.description).toBe((won[0] as PromiseFulfilledResult<{ description: string }>).value.description);
        }
        expect((await store.setVersions("photonics")).map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
      });

      it("deletes a set with its versions and watch; SET_NOT_FOUND afterwards", async () => {
        await store.createSet(input, "alice", 1000);
        await store.updateSet(input, 1, "alice", 2000);
        await store.setWatched("photonics", true);
        await store.deleteSet("photonics");
        expect(await store.getSet("photonics")).toBeUndefined();
        expect(await store.setVersions("photonics")).toEqual([]);
        expect(await store.watchedSets()).toEqual([]);
        expect(await store.listSets()).toEqual([]);
        expect(await rejectionCode(store.deleteSet("photonics"))).toBe("SET_NOT_FOUND");
        expect(await rejectionCode(store.updateSet(input, 2, "alice", 3000))).toBe("SET_NOT_FOUND");
        // The name is free again and starts over.
        expect((await store.createSet(input, "bob", 4000)).version).toBe(1);
        expect(await store.setVersions("photonics")).toHaveLength(1);
        expect(await store.watchedSets()).toEqual([]);
      });
    });

    describe("watches", () => {
      it("watches and unwatches idempotently; SET_NOT_FOUND for a missing set", async () => {
        await store.createSet({ ...input, name: "b" }, "alice", 1000);
        await store.createSet({ ...input, name: "a" }, "alice", 1000);
        expect(await store.watchedSets()).toEqual([]);
        await store.setWatched("b", true);
        await store.setWatched("b", true);
        await store.setWatched("a", true);
        expect(await store.watchedSets()).toEqual(["a", "b"]);
        await store.setWatched("b", false);
        await store.setWatched("b", false);
        expect(await store.watchedSets()).toEqual(["a"]);
        expect(await rejectionCode(store.setWatched("nope", true))).toBe("SET_NOT_FOUND");
        expect(await rejectionCode(store.setWatched("nope", false))).toBe("SET_NOT_FOUND");
        expect(await store.watchedSets()).toEqual(["a"]);
      });

      it("orders names by code unit on every backend, whatever the database's collation", async () => {
        const names = ["b", "B", "a", "_x", "Z", "é", "a-1", "a1"];
        for (const name of names) {
          await store.createSet({ name, channels: [] }, "t", 1);
          await store.setWatched(name, true);
          await store.putShelve({ channel: name, until: 2, reason: "", by: "t", at: 1 });
        }
        const sorted = [...names].sort();
        expect((await store.listSets()).map((s) => s.name)).toEqual(sorted);
        expect(await store.watchedSets()).toEqual(sorted);
        expect((await store.shelves()).map((s) => s.channel)).toEqual(sorted);
      });
    });

    describe("events", () => {
      it("assigns strictly increasing ids in append order and keeps every field", async () => {
        const full = event({
          kind: "alert_recovered",
          set: "photonics",
          actor: "alice",
          note: "gap of 12 pulses",
          gap: { firstPulse: P52 - 12, lastPulse: P52 - 1, firstTime: 1, lastTime: 2, missing: 12 },
        });
        const bare = event({ kind: "ack", pulseId: null, reasons: [] });
        const first = await store.appendEvents([full, bare]);
        expect(first.map(({ id: _, ...rest }) => rest)).toStrictEqual([full, bare]);
        const second = await store.appendEvents([event({ channel: "B" })]);
        const ids = [...first, ...second].map((e) => e.id as number);
        expect(ids.every((id, k) => Number.isSafeInteger(id) && (k === 0 || id > ids[k - 1]))).toBe(true);
        expect(await store.appendEvents([])).toEqual([]);
        // Newest first, exactly what was appended.
        expect(await store.queryEvents({})).toStrictEqual([...second, ...first].sort((a, b) => (b.id as number) - (a.id as number)));
        expect(full.id).toBeUndefined(); // the input is not modified
      });

      it("appends large batches in order", async () => {
        const batch = Array.from({ length: 1203 }, (_, k) => event({ channel: `C${k}`, time: 1000 + k }));
        const stored = await store.appendEvents(batch);
        expect(stored.map((e) => e.channel)).toEqual(batch.map((e) => e.channel));
        for (let k = 1; k < stored.length; k++) expect(stored[k].id as number).toBeGreaterThan(stored[k - 1].id as number);
        const newest = await store.queryEvents({ limit: 3 });
        expect(newest.map((e) => e.channel)).toEqual(["C1202", "C1201", "C1200"]);
      });

      it("reads every query exactly like the in-memory sink", async () => {
        const memory = new MemoryEventSink();
        const events: MonitorEvent[] = [];
        const chans = ["A", "B", "C", "D"];
        for (let k = 0; k < 240; k++) {
          const e = event({ channel: chans[k % 4], time: 1000 + Math.floor(k / 3) * 10, pulseId: k % 7 === 0 ? null : P52 + k });
          if (k % 5 !== 0) e.set = k % 2 === 0 ? "even" : "odd";
          events.push(e);
        }
        for (const e of events) memory.append(e);
        await store.appendEvents(events.slice(0, 100));
        await store.appendEvents(events.slice(100));
        const queries: EventQuery[] = [
          {},
          { limit: 1 },
          { limit: 500 },
          { channel: "B" },
          { channel: "B", limit: 7 },
          { channels: ["A", "C"] },
          { channels: [] },
          { channels: ["nope"] },
          { set: "even" },
          { set: "odd", channel: "B" },
          { set: "odd", channels: ["B", "D"], since: 1200 },
          { since: 1500 },
          { until: 1500 },
          { since: 1500, until: 1510 },
          { since: 1500.5, until: 1510.5 },
          { since: 1499.5, until: 1509.5 },
          { since: 1510, until: 1500 },
          { channel: "A", channels: ["B"] },
          { set: "nope" },
        ];
        for (const q of queries) {
          expect(await store.queryEvents(q), JSON.stringify(q)).toStrictEqual(memory.query(q));
        }
      });

      it("applies since inclusive, until exclusive, default limit 100 and caps at 10 000", async () => {
        await store.appendEvents(Array.from({ length: 150 }, (_, k) => event({ time: k })));
        expect(await store.queryEvents({})).toHaveLength(100);
        expect((await store.queryEvents({ since: 10, until: 20, limit: 1000 })).map((e) => e.time)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
        await store.appendEvents(Array.from({ length: 10_000 }, (_, k) => event({ time: 1000 + k })));
        const capped = await store.queryEvents({ limit: 50_000 });
        expect(capped).toHaveLength(10_000);
        expect(capped[0].time).toBe(10_999);
        expect(await rejectionCode(store.queryEvents({ limit: 0 }))).toBe("EVENT_QUERY_INVALID");
        expect(await rejectionCode(store.queryEvents({ limit: 2.5 }))).toBe("EVENT_QUERY_INVALID");
        expect(await rejectionCode(store.queryEvents({ since: Number.NaN }))).toBe("EVENT_QUERY_INVALID");
      });

      it("filters by a channel list larger than any parameter limit", async () => {
        await store.appendEvents([event({ channel: "X0" }), event({ channel: "Y" }), event({ channel: "X39999" })]);
        const list = Array.from({ length: 40_000 }, (_, k) => `X${k}`);
        expect((await store.queryEvents({ channels: list })).map((e) => e.channel)).toEqual(["X39999", "X0"]);
      });
    });

    describe("shelves", () => {
      it("puts, overwrites, lists by channel and deletes", async () => {
        expect(await store.shelves()).toEqual([]);
        await store.putShelve({ channel: "B", until: 5000, reason: "maintenance", by: "alice", at: 1000 });
        await store.putShelve({ channel: "A", until: 6000, reason: "known", by: "bob", at: 1100 });
        await store.putShelve({ channel: "B", until: 9000, reason: "longer", by: "carol", at: 1200 });
        expect(await store.shelves()).toStrictEqual([
          { channel: "A", until: 6000, reason: "known", by: "bob", at: 1100 },
          { channel: "B", until: 9000, reason: "longer", by: "carol", at: 1200 },
        ]);
        await store.deleteShelve("A");
        await store.deleteShelve("A");
        await store.deleteShelve("nope");
        expect((await store.shelves()).map((s) => s.channel)).toEqual(["B"]);
      });
    });

    describe("runs", () => {
      const report: RunReportBody = {
        startPulseId: P52,
        stopPulseId: P52 + 1000,
        accountedUpTo: P52 + 1000,
        complete: true,
        channels: [
          { name: "A", expected: 1001, received: 990, coverage: 98.9, missing: [[P52 + 5, P52 + 15]] },
          { name: "B", expected: 100, received: 100, coverage: 100, missing: [] },
        ],
      };

      it("creates, updates, gets and lists runs; big pulse ids exact", async () => {
        expect(await store.listRuns()).toEqual([]);
        expect(await store.getRun("r1")).toBeUndefined();
        const r1 = run();
        await store.createRun(r1);
        expect(await store.getRun("r1")).toStrictEqual(r1);
        const stopped = { ...r1, name: "scan 7", stopPulseId: P52 + 1000, stoppedAt: 1_700_000_010_000, report };
        await store.updateRun(stopped);
        expect(await store.getRun("r1")).toStrictEqual(stopped);
        const r2 = run({ id: "r2", createdAt: 1_700_000_020_000, startPulseId: 2 ** 53 - 1 });
        await store.createRun(r2);
        expect(await store.listRuns()).toStrictEqual([stopped, r2]);
        expect((await store.getRun("r2"))?.startPulseId).toBe(2 ** 53 - 1);
      });

      it("answers RUN_EXISTS and RUN_NOT_FOUND", async () => {
        await store.createRun(run());
        expect(await rejectionCode(store.createRun(run({ createdBy: "other" })))).toBe("RUN_EXISTS");
        expect((await store.getRun("r1"))?.createdBy).toBe("operator");
        expect(await rejectionCode(store.updateRun(run({ id: "r9" })))).toBe("RUN_NOT_FOUND");
        expect(await store.getRun("r9")).toBeUndefined();
      });

      it("knows the highest run number", async () => {
        expect(await store.lastRunNumber()).toBe(0);
        await store.createRun(run({ id: "r2" }));
        await store.createRun(run({ id: "r10" }));
        await store.createRun(run({ id: "r9" }));
        await store.createRun(run({ id: "adhoc" }));
        expect(await store.lastRunNumber()).toBe(10);
      });
    });

    describe("schema", () => {
      it("migrates idempotently", async () => {
        await store.createSet(input, "alice", 1000);
        await store.migrate();
        await store.migrate();
        expect(await appliedMigrations((store as SqlStore).db)).toEqual(["0001_initial"]);
        expect((await store.getSet("photonics"))?.version).toBe(1);
        // A second store opening (and migrating) the same database changes nothing.
        const again = await openStore(db.url);
        expect((await again.listSets()).map((s) => s.name)).toEqual(["photonics"]);
        await again.close();
      });

      // Several servers sharing one PostgreSQL may start together (SQLite is one process's file).
      if (backend.name === "postgres") it("survives several processes migrating a fresh database at once", async () => {
        const fresh = await backend.create();
        try {
          const stores = await Promise.all([1, 2, 3].map(() => openStore(fresh.url)));
          await stores[0].createSet(input, "alice", 1000);
          expect((await stores[2].getSet("photonics"))?.version).toBe(1);
          expect(await appliedMigrations((stores[1] as SqlStore).db)).toEqual(["0001_initial"]);
          await Promise.all(stores.map((s) => s.close()));
        } finally {
          await fresh.cleanup();
        }
      });

      it("refuses to work once closed", async () => {
        await store.close();
        expect(await rejectionCode(store.listSets())).toBe("STORE_UNAVAILABLE");
        await store.close(); // twice is harmless
      });
    });
  });
}
