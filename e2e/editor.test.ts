/**
 * The set editor in real headless Chromium against the real server and the emulator: a set
 * built by regex search (keyboard and "add all") that survives a reload; a set built by
 * pasting, whose unknown name is flagged and needs "save anyway"; inline expectations; a
 * version conflict with an edit made through the API meanwhile; restoring an old version;
 * watching from the editor until the API says ok; export downloads equal to the API's
 * export, imported again; the set list; load and save as; the unsaved-changes guard (also
 * on Back); a restore that meets someone else's save; bulk expectations that keep what
 * differs; a search pattern too costly to finish, stopped without freezing the page.
 * The steps build on each other (one server, one database), in order.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, api, scalarChannels } from "./panel-harness.js";
import { useUiStack } from "./ui-stack.js";

interface SavedSet {
  name: string;
  description: string;
  version: number;
  watched?: boolean;
  channels: Array<{ name: string; thresholds?: Record<string, number | boolean> }>;
}

const UNKNOWN = "SNOT-A-REAL-DEVICE:NOWHERE";
const SEARCH = "tifall1:";
let pasted: string[];
let searched: string[];
const stack = useUiStack({
  viewport: { width: 1600, height: 1200 },
  setup: ({ emulator }) => {
    pasted = scalarChannels(emulator, 12).slice(6, 11);
  },
});
const scratch = mkdtempSync(path.join(tmpdir(), "cw-editor-"));

async function openEditor(route = "/sets/new"): Promise<Page> {
  const page = await stack.page(route);
  // The catalog is in once the search box says how many channels it holds.
  await page.waitForFunction(() => /\d+ channels/.test((document.querySelector("#ed-search-input") as HTMLInputElement | null)?.placeholder ?? ""), undefined, { timeout: 10_000 });
  return page;
}

const rowNames = (page: Page) => page.$$eval("[data-row]", (rows) => rows.map((r) => r.getAttribute("data-row")!));
const getSet = (name: string) => api<SavedSet>(stack.server, "GET", `/sets/${name}`);
const sorted = (a: readonly string[]) => [...a].sort();

/** Waits for the note by the save buttons of this kind (and containing `text`), and returns its text. */
async function saveNote(page: Page, kind: string, text = ""): Promise<string> {
  const note = page.locator(`[data-testid="save-note"][data-kind="${kind}"]`, { hasText: text });
  await note.waitFor({ timeout: 5000 });
  return (await note.textContent()) ?? "";
}

describe("set editor", () => {
  it("builds a set by regex search (arrows + Enter, then add all), saves it, and shows the same channels after a reload", async () => {
    const listed = await api<{ total: number; channels: Array<{ name: string }> }>(stack.server, "GET", `/channels?q=${encodeURIComponent(SEARCH)}&limit=1000`);
    expect(listed.total).toBeGreaterThan(2);
    searched = listed.channels.map((c) => c.name);

    const page = await openEditor();
    await page.fill('label:has-text("Name") input', "search-set");
    await page.fill("#ed-search-input", SEARCH);
    await page.waitForSelector('[data-testid="match-count"]');
    expect(Number(await page.textContent('[data-testid="match-count"]'))).toBe(searched.length);
    const options = await page.$$eval('[role="option"]', (o) => o.map((e) => e.getAttribute("data-name")!));
    expect(sorted(options)).toEqual(sorted(searched));
    // What matched is highlighted, case-insensitively.
    expect((await page.textContent('[role="option"] mark'))?.toLowerCase()).toBe(SEARCH);
    expect(await page.textContent('[role="option"]')).toMatch(/sf-databuffer/);

    await page.press("#ed-search-input", "ArrowDown");
    expect(await page.getAttribute('[role="option"][aria-selected="true"]', "data-name")).toBe(options[1]);
    await page.press("#ed-search-input", "Enter");
    expect(await rowNames(page)).toEqual([options[1]]);
    expect(await page.isVisible('[data-testid="dirty"]')).toBe(true);

    // More than 20 at once asks first.
    await page.click(`button:has-text("Add all ${searched.length - 1} matches (1 already in)")`);
    expect(await rowNames(page)).toHaveLength(1);
    await page.click(`button:has-text("Yes, add ${searched.length - 1} channels")`);
    expect(sorted(await rowNames(page))).toEqual(sorted(searched));
    await page.fill("#ed-search-input", "^S10-CVME");
    await page.waitForSelector('[role="option"]');
    await page.screenshot({ path: path.join(SCREENSHOTS, "editor-search.png"), fullPage: true });
    await page.fill("#ed-search-input", "");

    await page.click('button:has-text("Create set")');
    expect(await saveNote(page, "ok")).toContain("version 1");
    expect(new URL(page.url()).pathname).toBe("/sets/search-set");
    expect(sorted((await getSet("search-set")).channels.map((c) => c.name))).toEqual(sorted(searched));
    expect(await page.isVisible('[data-testid="dirty"]')).toBe(false);

    await page.reload();
    await page.waitForSelector("[data-row]");
    expect(sorted(await rowNames(page))).toEqual(sorted(searched));
    expect(await page.textContent("h1")).toBe("search-set");
  }, 30_000);

  it("builds a set from a pasted list, flags the name the catalog does not know before saving, and saves it only when told to", async () => {
    const page = await openEditor();
    await page.fill('label:has-text("Name") input', "paste-set");
    const text = [`# beam sync, ${pasted.length} channels`, pasted[0], `${pasted[1]}, ${pasted[2]}`, `${pasted[3]} ${pasted[4]}  # trailing comment`, pasted[0], UNKNOWN].join("\n");
    await page.fill("#ed-paste-input", text);
    await page.click('button:has-text("Add pasted names")');
    const report = (await page.textContent('[data-testid="paste-report"]')) ?? "";
    expect(report).toContain(`${pasted.length + 1} added`);
    expect(report).toContain("1 duplicates skipped");
    expect(report).toContain(`1 not in the catalog (flagged in the table): ${UNKNOWN}`);
    expect(await rowNames(page)).toEqual([...pasted, UNKNOWN]);
    expect(await page.getAttribute(`[data-row="${UNKNOWN}"]`, "data-known")).toBe("no");
    expect(await page.textContent(`[data-row="${UNKNOWN}"]`)).toContain("not in the catalog");
    expect(await page.getAttribute(`[data-row="${pasted[0]}"]`, "data-known")).toBe("yes");
    expect(await page.textContent('[data-testid="unknown-count"]')).toContain("1 not in the catalog");

    await page.click('button:has-text("Create set")');
    expect(await saveNote(page, "confirm-unknown")).toContain(UNKNOWN);
    await page.screenshot({ path: path.join(SCREENSHOTS, "editor-paste.png"), fullPage: true });
    // Nothing was saved yet.
    await expect(getSet("paste-set")).rejects.toThrow(/404/);

    await page.click('button:has-text("Save anyway")');
    expect(await saveNote(page, "ok")).toContain("version 1 (6 channels)");
    expect((await getSet("paste-set")).channels.map((c) => c.name)).toEqual([...pasted, UNKNOWN]);

    // Remove the unknown one and save from the keyboard.
    await page.click(`button[aria-label="remove ${UNKNOWN}"]`);
    expect(await page.isVisible('[data-testid="dirty"]')).toBe(true);
    await page.keyboard.press("Control+s");
    await saveNote(page, "ok", "version 2");
    const v2 = await getSet("paste-set");
    expect(v2.version).toBe(2);
    expect(v2.channels.map((c) => c.name)).toEqual(pasted);
  }, 30_000);

  it("edits one channel's expectations inline, refuses a bad value with a message, and saves them", async () => {
    const page = await openEditor("/sets/paste-set");
    await page.waitForSelector("[data-row]");
    await page.click(`button[aria-label="edit expectations of ${pasted[1]}"]`);
    await page.fill('input[name="recordLagMs"]', "eight seconds");
    await page.click(`button:has-text("Apply to ${pasted[1]}")`);
    expect(await page.textContent('form.ed-expect [role="alert"]')).toMatch(/Record lag: a whole number/);
    await page.fill('input[name="recordLagMs"]', "8000");
    await page.fill('input[name="rateLowFraction"]', "0.5");
    await page.selectOption('form.ed-expect label:has-text("Alert on warnings") select', "true");
    await page.click(`button:has-text("Apply to ${pasted[1]}")`);
    expect(await page.textContent(`[data-row="${pasted[1]}"] .ed-overrides`)).toBe("rate low below 0.5 · record lag 8000 ms · alert on warning");
    await page.click('button:has-text("Save")');
    await saveNote(page, "ok", "version 3");
    const v3 = await getSet("paste-set");
    expect(v3.channels[1]).toEqual({ name: pasted[1], thresholds: { rateLowFraction: 0.5, recordLagMs: 8000, alertOnWarning: true } });
    expect(v3.channels[0]).toEqual({ name: pasted[0] });
  }, 30_000);

  it("says so clearly when someone saved meanwhile, and reloads their version on request", async () => {
    const page = await openEditor("/sets/paste-set");
    await page.waitForSelector("[data-row]");
    await page.fill('label:has-text("Description") input', "my edit");
    const current = await getSet("paste-set");
    await api(stack.server, "PUT", "/sets/paste-set", { version: current.version, description: "edited through the API", channels: current.channels });

    await page.click('button:has-text("Save")');
    expect(await saveNote(page, "conflict")).toMatch(/Someone else saved paste-set \(version 4, by anonymous at [0-9:]+\) after your version 3/);
    expect(await page.inputValue('label:has-text("Description") input')).toBe("my edit");
    await page.screenshot({ path: path.join(SCREENSHOTS, "editor-conflict.png"), fullPage: true });
    expect((await getSet("paste-set")).description).toBe("edited through the API");

    await page.click('button:has-text("Reload theirs")');
    await page.waitForFunction(() => (document.querySelector('[data-testid="saved-version"]')?.textContent ?? "").includes("version 4"));
    expect(await page.inputValue('label:has-text("Description") input')).toBe("edited through the API");
    expect(await page.isVisible('[data-testid="dirty"]')).toBe(false);

    // Again, and this time keep mine.
    await page.fill('label:has-text("Description") input', "mine wins");
    await api(stack.server, "PUT", "/sets/paste-set", { version: 4, description: "theirs again", channels: current.channels });
    await page.click('button:has-text("Save")');
    await saveNote(page, "conflict", "version 5");
    await page.click('button:has-text("Save mine over theirs")');
    await saveNote(page, "ok", "version 6");
    const v6 = await getSet("paste-set");
    expect([v6.version, v6.description]).toEqual([6, "mine wins"]);
    expect(v6.channels).toEqual(current.channels);
  }, 30_000);

  it("lists every version with its time, actor and size, and restores an old one as a new version", async () => {
    const page = await openEditor("/sets/paste-set");
    await page.waitForSelector("[data-version]");
    expect(await page.$$eval("[data-version]", (r) => r.map((e) => Number(e.getAttribute("data-version"))))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(await page.textContent('[data-version="1"]')).toMatch(/anonymous\s*6/);
    await page.click('button[aria-label="restore version 2"]');
    expect(await saveNote(page, "ok")).toContain("Restored version 2 as version 7");
    await page.waitForSelector('[data-version="7"]');
    const v7 = await getSet("paste-set");
    expect(v7.version).toBe(7);
    expect(v7.channels).toEqual(pasted.map((name) => ({ name })));
    expect(await page.textContent('[data-version="3"]')).toContain("other expectations");
    expect(await page.textContent(`[data-row="${pasted[1]}"] .ed-overrides`)).toBe("defaults");
  }, 30_000);

  it("watches the set from the editor: the API says it is watched, and it turns ok in the API and the editor", async () => {
    const page = await openEditor("/sets/paste-set");
    await page.waitForSelector("[data-row]");
    expect(await page.textContent('[data-testid="watch-state"]')).toContain("not watched");
    await page.click('button:has-text("Watch")');
    await page.waitForSelector('.ed-watch[data-watched="yes"]');
    expect((await getSet("paste-set")).watched).toBe(true);
    const deadline = Date.now() + 20_000;
    while (!(await api<{ ok: boolean }>(stack.server, "GET", "/sets/paste-set/check")).ok) {
      if (Date.now() > deadline) throw new Error("paste-set never became ok");
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.waitForSelector('[data-testid="watch-state"][data-level="ok"]', { timeout: 5000 });
    expect(await page.textContent('[data-testid="watch-state"]')).toBe(`ALL ${pasted.length} OK`);
    expect(await page.getAttribute('a:has-text("Wall panel")', "href")).toBe("/panel/paste-set");
    await page.screenshot({ path: path.join(SCREENSHOTS, "editor-watched.png"), fullPage: true });
  }, 40_000);

  it("downloads the export as text and JSON equal to the API's, and imports the JSON again as a new set", async () => {
    const page = await openEditor("/sets/search-set");
    await page.waitForSelector("[data-row]");
    const [txt] = await Promise.all([page.waitForEvent("download"), page.click('a:has-text("Download .txt")')]);
    expect(txt.suggestedFilename()).toBe("search-set.txt");
    const txtFile = path.join(scratch, "search-set.txt");
    await txt.saveAs(txtFile);
    const apiTxt = await (await fetch(stack.url("/api/v1/sets/search-set/export?format=txt"))).text();
    expect(readFileSync(txtFile, "utf8")).toBe(apiTxt);

    const [json] = await Promise.all([page.waitForEvent("download"), page.click('a:has-text("Download .json")')]);
    const jsonFile = path.join(scratch, "search-set.json");
    await json.saveAs(jsonFile);
    expect(JSON.parse(readFileSync(jsonFile, "utf8"))).toEqual(await api(stack.server, "GET", "/sets/search-set/export?format=json"));

    const fresh = await openEditor();
    await fresh.fill('label:has-text("Name") input', "roundtrip");
    await fresh.setInputFiles('input[type="file"]', jsonFile);
    expect(await fresh.textContent('[data-testid="io-note"]')).toContain(`Imported ${searched.length} channels from search-set.json (not saved yet)`);
    expect(sorted(await rowNames(fresh))).toEqual(sorted(searched));
    await fresh.click('button:has-text("Create set")');
    await saveNote(fresh, "ok");
    expect((await getSet("roundtrip")).channels).toEqual((await getSet("search-set")).channels);

    // A text file with a bad line: the good names come in, the bad one is named.
    const bad = path.join(scratch, "list.txt");
    writeFileSync(bad, `${pasted[0]}\nnot a channel!\n`);
    await fresh.setInputFiles('input[type="file"]', bad);
    expect(await fresh.textContent('[data-testid="io-note"]')).toBe('Imported 1 channels from list.txt (not saved yet); skipped: line 2: "not a channel!" is not a channel name.');
    expect(await rowNames(fresh)).toEqual([pasted[0]]);
  }, 30_000);

  it("lists the sets on the home page with their watched state and links to panel and editor", async () => {
    const page = await stack.page("", { width: 1400, height: 700 });
    await page.waitForSelector('[data-set="paste-set"]');
    expect(await page.getAttribute('[data-set="paste-set"]', "data-watched")).toBe("yes");
    expect(await page.getAttribute('[data-set="search-set"]', "data-watched")).toBe("no");
    expect(await page.textContent('[data-set="paste-set"]')).toContain("● watched");
    expect(await page.getAttribute('[data-set="paste-set"] a[aria-label="edit paste-set"]', "href")).toBe("/sets/paste-set");
    expect(await page.getAttribute('[data-set="paste-set"] a[aria-label="wall panel of paste-set"]', "href")).toBe("/panel/paste-set");
    await page.screenshot({ path: path.join(SCREENSHOTS, "editor-set-list.png"), fullPage: true });
    await page.click('a:has-text("New set")');
    await page.waitForURL(/\/sets\/new$/);
  }, 20_000);

  it("loads another set (asking before discarding changes), saves as a new name, and guards unsaved changes on leaving", async () => {
    const page = await openEditor("/sets/paste-set");
    await page.waitForSelector("[data-row]");
    await page.fill('label:has-text("Owner") input', "someone");
    await page.selectOption('select[aria-label="set to load"]', "search-set");
    const dialogs: string[] = [];
    page.once("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.click('button:has-text("Open")');
    expect(dialogs).toEqual(["Discard your unsaved changes?"]);
    expect(await page.textContent("h1")).toBe("paste-set");
    page.once("dialog", (d) => void d.accept());
    await page.click('button:has-text("Open")');
    await page.waitForFunction(() => document.querySelector("h1")?.textContent === "search-set");
    expect(new URL(page.url()).pathname).toBe("/sets/search-set");
    expect(sorted(await rowNames(page))).toEqual(sorted(searched));

    await page.click('button:has-text("Save as…")');
    await page.fill('label:has-text("New name") input', "search-set-b");
    await page.click('button:has-text("Save as new set")');
    expect(await saveNote(page, "ok")).toContain("Saved search-set-b version 1");
    expect(new URL(page.url()).pathname).toBe("/sets/search-set-b");
    expect((await getSet("search-set-b")).channels).toEqual((await getSet("search-set")).channels);
    // Back goes to the set before.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector("h1")?.textContent === "search-set");

    // Unsaved changes: leaving asks first (the page cancels beforeunload, which makes the browser ask;
    // headless Chromium shows no dialog, so the event itself is what is checked).
    const leavingIsStopped = () =>
      page.evaluate(() => {
        const e = new Event("beforeunload", { cancelable: true });
        dispatchEvent(e);
        return e.defaultPrevented;
      });
    expect(await leavingIsStopped()).toBe(false);
    await page.click(`button[aria-label="remove ${searched[0]}"]`);
    expect(await leavingIsStopped()).toBe(true);

    // Back within the page fires no beforeunload: the editor asks itself, and stays (URL too) when told no.
    page.once("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goBack();
    await page.waitForFunction(() => location.pathname === "/sets/search-set");
    expect(dialogs.at(-1)).toBe("Discard your unsaved changes?");
    expect(await page.textContent("h1")).toBe("search-set");
    expect(await rowNames(page)).not.toContain(searched[0]);
    expect(await page.isVisible('[data-testid="dirty"]')).toBe(true);
    page.once("dialog", (d) => void d.accept());
    await page.goBack();
    await page.waitForFunction(() => document.querySelector("h1")?.textContent === "paste-set");
  }, 30_000);

  it("restores an old version only over the version it loaded: a save by someone else meanwhile is a conflict", async () => {
    const page = await openEditor("/sets/paste-set");
    await page.waitForSelector("[data-version]");
    const before = await getSet("paste-set");
    await api(stack.server, "PUT", "/sets/paste-set", { version: before.version, description: "saved by someone else", channels: before.channels });
    await page.click('button[aria-label="restore version 1"]');
    expect(await saveNote(page, "conflict")).toMatch(new RegExp(`Someone else saved paste-set \\(version ${before.version + 1}.*after your version ${before.version}`));
    const after = await getSet("paste-set");
    expect([after.version, after.description]).toEqual([before.version + 1, "saved by someone else"]);
  }, 30_000);

  it("edits the expectations of several channels at once: shared values filled in, differing ones mixed, only changed fields written", async () => {
    const [a, b] = scalarChannels(stack.emulator, 2) as [string, string];
    await api(stack.server, "POST", "/sets", {
      name: "bulk-set",
      channels: [
        { name: a, type: "uint16", shape: [1024, 768], thresholds: { staleMinMs: 2000, recordLagMs: 9000 } },
        { name: b, type: "float64", thresholds: { staleMinMs: 2000 } },
      ],
    });
    const page = await openEditor("/sets/bulk-set");
    await page.waitForSelector("[data-row]");
    await page.check('input[aria-label="select every listed channel"]');
    await page.click('button:has-text("Edit expectations of 2 selected")');
    const form = page.locator("form.ed-expect");
    expect(await form.locator('input[name="staleMinMs"]').inputValue()).toBe("2000");
    expect(await form.locator('input[name="recordLagMs"]').inputValue()).toBe("");
    expect(await form.locator('input[name="recordLagMs"]').getAttribute("placeholder")).toBe("mixed");
    expect(await form.locator('label:has-text("Expected type") select').inputValue()).toBe("*mixed");
    await form.locator('input[name="rateLowFraction"]').fill("0.5");
    await page.screenshot({ path: path.join(SCREENSHOTS, "editor-bulk-mixed.png"), fullPage: true });
    await page.click('button:has-text("Apply to 2 selected channels")');
    await page.click('button:has-text("Save")');
    await saveNote(page, "ok", "version 2");
    expect((await getSet("bulk-set")).channels).toEqual([
      { name: a, type: "uint16", shape: [1024, 768], thresholds: { staleMinMs: 2000, recordLagMs: 9000, rateLowFraction: 0.5 } },
      { name: b, type: "float64", thresholds: { staleMinMs: 2000, rateLowFraction: 0.5 } },
    ]);
  }, 30_000);

  it("stops a search pattern that backtracks too much and says so, without freezing the page; the next search works", async () => {
    const page = await openEditor();
    const input = page.locator("#ed-search-input");
    await input.fill("((\\w|-|:)+)+!$");
    // The page keeps running while the worker backtracks.
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    const problem = page.locator('[data-testid="search-problem"]');
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.textContent()).toMatch(/pattern too costly.*simplify/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "editor-search-too-costly.png") });
    await input.fill(SEARCH);
    await page.waitForSelector('[data-testid="match-count"]', { timeout: 5000 });
    expect(Number(await page.textContent('[data-testid="match-count"]'))).toBeGreaterThan(2);
  }, 30_000);
});
