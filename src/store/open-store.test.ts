import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { POSTGRES_SKIP_NOTE, requirePostgresUrl, SKIP_POSTGRES } from "../../test/support/postgres.js";
import { DEFAULT_DATABASE_URL, openStore, redactUrl, sqlitePath } from "./open-store.js";
import type { Store } from "./store.js";

async function openError(url: string | undefined): Promise<{ code?: string; message: string }> {
  try {
    const store = await openStore(url);
    await store.close();
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error(`opening ${url} succeeded`);
}

describe("openStore", () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  function tempDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "cw-open-"));
    dirs.push(dir);
    return dir;
  }
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("defaults to SQLite in ./data", () => {
    expect(DEFAULT_DATABASE_URL).toBe("sqlite:./data/channelwatch.db");
    expect(sqlitePath(DEFAULT_DATABASE_URL)).toBe("./data/channelwatch.db");
    expect(sqlitePath("sqlite:/var/lib/cw.db")).toBe("/var/lib/cw.db");
    expect(sqlitePath("sqlite:///var/lib/cw.db")).toBe("/var/lib/cw.db");
    expect(sqlitePath("sqlite::memory:")).toBe(":memory:");
  });

  it("creates the directory and a WAL-mode SQLite database", async () => {
    const file = path.join(tempDir(), "nested", "deeper", "cw.db");
    const store = await openStore(`sqlite:${file}`);
    stores.push(store);
    await store.createSet({ name: "a", channels: [] }, "t", 1);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("opens an in-memory SQLite database", async () => {
    const store = await openStore("sqlite::memory:");
    stores.push(store);
    await store.createSet({ name: "a", channels: [] }, "t", 1);
    expect((await store.listSets()).map((s) => s.name)).toEqual(["a"]);
  });

  it("refuses URLs it does not know with STORE_URL_INVALID", async () => {
    for (const url of ["mysql://u:secret@host/db", "channelwatch.db", "sqlite:", "http://x"]) {
      const err = await openError(url);
      expect(err.code, url).toBe("STORE_URL_INVALID");
      expect(err.message).not.toContain("secret");
    }
    expect((await openError("mysql://u:secret@host/db")).message).toMatch(/use sqlite:PATH .* or postgres:\/\//);
  });

  it("says clearly when a SQLite file cannot be used", async () => {
    const dir = tempDir();
    const notDb = path.join(dir, "garbage.db");
    writeFileSync(notDb, "this is not a database, just some text that is long enough to be a header".repeat(20));
    const err = await openError(`sqlite:${notDb}`);
    expect(err.code).toBe("STORE_UNAVAILABLE");
    expect(err.message).toContain(notDb);
    const aDir = path.join(dir, "adir");
    mkdirSync(aDir);
    const err2 = await openError(`sqlite:${aDir}`);
    expect(err2.code).toBe("STORE_UNAVAILABLE");
    expect(err2.message).toContain(aDir);
  });

  it("names the PostgreSQL URL without its password when it cannot connect", async () => {
    const err = await openError("postgres://cw:s3cret@127.0.0.1:1/cwdb");
    expect(err.code).toBe("STORE_UNAVAILABLE");
    expect(err.message).toContain("cannot connect to PostgreSQL at postgres://cw:***@127.0.0.1:1/cwdb");
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.message).not.toContain("s3cret");
  });

  it.skipIf(SKIP_POSTGRES)(`names the PostgreSQL URL without its password when login fails${POSTGRES_SKIP_NOTE}`, async () => {
    const url = new URL(requirePostgresUrl());
    url.password = "wrong-password";
    const err = await openError(url.toString());
    expect(err.code).toBe("STORE_UNAVAILABLE");
    expect(err.message).toMatch(/password authentication failed/);
    expect(err.message).not.toContain("wrong-password");
  });

  it("masks passwords in URLs", () => {
    expect(redactUrl("postgres://u:p@h:5432/d")).toBe("postgres://u:***@h:5432/d");
    expect(redactUrl("postgresql://u@h/d?password=p&x=1")).toBe("postgresql://u@h/d?password=***&x=1");
    expect(redactUrl("postgres://h/d")).toBe("postgres://h/d");
  });
});
