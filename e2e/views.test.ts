/**
 * The sources, alerts and runs pages in headless Chromium against the real server and the
 * emulator: a watched set's sources are listed ok; a stopped channel appears on the alerts
 * page with its reason, is acknowledged, shelved for 30 min (countdown) and unshelved from
 * the page; a run started and stopped from the page reports the stopped channel's missing
 * range, and its CSV downloads with the same facts; with the server gone, a page says
 * UNKNOWN rather than keep showing ok.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../src/simulator/emulator.js";
import { SCREENSHOTS, api, watchSet } from "./panel-harness.js";
import { useUiStack } from "./ui-stack.js";

const SET = "views";
let channels: string[];
let sources: string[];
const stack = useUiStack({
  viewport: { width: 1600, height: 1000 },
  // Uncaught errors in the pages: each test ends with none.
  failOnPageErrors: true,
  setup: async ({ emulator, server }) => {
    ({ channels, sources } = channelsOfTwoSources(emulator));
    expect(channels).toHaveLength(6);
    await watchSet(server, SET, channels);
  },
});

interface AlertJson {
  channel: string;
  state: string;
  acknowledged: boolean;
  shelved?: { until: string; reason: string; by: string; remainingMs: number };
}

/** Three 100 Hz scalars from each of two source IOCs. */
function channelsOfTwoSources(emulator: Emulator): { channels: string[]; sources: string[] } {
  const bySource = new Map<string, string[]>();
  for (const c of emulator.catalog.channels) {
    if (c.backend !== "sf-databuffer" || c.modulo !== 1 || c.shape.length !== 1 || c.shape[0] !== 1 || !c.source) continue;
    bySource.set(c.source, [...(bySource.get(c.source) ?? []), c.name]);
  }
  const picked = [...bySource].filter(([, names]) => names.length >= 3).slice(0, 2);
  return { channels: picked.flatMap(([, names]) => names.slice(0, 3)), sources: picked.map(([s]) => s) };
}

const open = (route: string): Promise<Page> => stack.page(route);

interface RunReportJson {
  channels: Array<{ name: string; expected: number; received: number; missing: [number, number][] }>;
}

async function alertOf(channel: string): Promise<AlertJson | undefined> {
  return (await api<{ alerts: AlertJson[] }>(stack.server, "GET", "/alerts")).alerts.find((a) => a.channel === channel);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("sources page", () => {
  it("lists the set's two sources as ok with their channels, filtered by ?set=", async () => {
    const page = await open(`/sources?set=${SET}`);
    await page.waitForSelector("[data-source]", { timeout: 10_000 });
    const rows = await page.$$eval("[data-source]", (trs) => trs.map((t) => ({ source: t.getAttribute("data-source"), status: t.getAttribute("data-status"), text: t.textContent ?? "" })));
    expect(rows.map((r) => r.source).sort()).toEqual([...sources].sort());
    for (const r of rows) {
      expect(r.status).toBe("ok");
      expect(r.text).toContain("OK");
      expect(r.text).toContain("3 watched: 3 ok");
    }
    // Each channel links to its page.
    for (const c of channels) expect(await page.$(`a[href="/channel/${encodeURIComponent(c)}"]`)).not.toBeNull();
    expect(await page.inputValue('select[name="set"]')).toBe(SET);
    expect(await page.textContent('[data-testid="updated"]')).toMatch(/updated .* ago/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "views-sources.png"), fullPage: true });
  });
});

describe("alerts page", () => {
  it("shows a stopped channel's alert with its reason, acknowledges it, shelves it for 30 min with a countdown and unshelves it", async () => {
    const victim = channels[1]!;
    stack.fault({ kind: "channel_stop", channel: victim, params: {} });
    const page = await open(`/alerts?set=${SET}`);
    const row = `[data-alert="${victim}"]`;
    await page.waitForSelector(`${row}[data-state="active"]`, { timeout: 10_000 });
    await page.waitForFunction((sel) => /no value for/.test(document.querySelector(sel)?.textContent ?? ""), row, { timeout: 5000 });
    const text = await page.textContent(row);
    expect(text).toContain("ERROR");
    expect(text).toContain("ACTIVE");
    expect(text).toContain("not acknowledged");
    await page.waitForSelector("text=alert raised", { timeout: 5000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "views-alerts-active.png"), fullPage: true });

    // Acknowledge from the page.
    await page.click(`${row} button.alert-ack`);
    await page.waitForSelector(`${row}[data-acknowledged="true"]`, { timeout: 5000 });
    expect((await alertOf(victim))?.acknowledged).toBe(true);
    expect(await page.textContent(row)).toContain("acknowledged by");

    // Shelve: an end time in the past is refused in the form, then 30 min with a reason.
    await page.click(`${row} button[aria-label="shelve ${victim}"]`);
    await page.fill(`${row} input[name="reason"]`, "IOC under repair (e2e)");
    await page.fill(`${row} input[name="until"]`, "2020-01-01T10:00");
    await page.click(`${row} form button[type="submit"]`);
    expect(await page.textContent(`${row} [role="alert"]`)).toContain("future");
    await page.screenshot({ path: path.join(SCREENSHOTS, "views-shelve-form.png"), fullPage: true });
    await page.check(`${row} input[name="expiry"][value="30m"]`);
    await page.click(`${row} form button[type="submit"]`);
    const shelvedRow = `[data-shelved="${victim}"]`;
    await page.waitForSelector(shelvedRow, { timeout: 5000 });
    expect(await page.$(row)).toBeNull();
    const shelvedText = await page.textContent(shelvedRow);
    expect(shelvedText).toContain("IOC under repair (e2e)");
    expect(await page.textContent(`${shelvedRow} [data-testid="shelve-countdown"]`)).toMatch(/^(29:[0-5]\d|30:00)$/);
    const shelve = (await alertOf(victim))?.shelved;
    expect(shelve?.reason).toBe("IOC under repair (e2e)");
    expect(Date.parse(shelve!.until) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(Date.parse(shelve!.until) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, "views-alerts-shelved.png"), fullPage: true });

    // Unshelve: back among the open alerts (still stopped), gone from the shelved section.
    await page.click(`${shelvedRow} button[aria-label="unshelve ${victim}"]`);
    await page.waitForSelector(shelvedRow, { state: "detached", timeout: 5000 });
    await page.waitForSelector(row, { timeout: 5000 });
    expect((await alertOf(victim))?.shelved).toBeUndefined();
    // Each action is in the recent events, with who did it.
    for (const kind of ["ack", "shelve", "unshelve"]) {
      await page.waitForSelector(`[data-event-kind="${kind}"][data-event-channel="${victim}"]`, { timeout: 5000 });
    }
    expect(await page.textContent(`[data-event-kind="shelve"][data-event-channel="${victim}"]`)).toContain("IOC under repair (e2e)");
  }, 40_000);

  it("keeps a recovered alert latched with its gap, and acknowledges every shown alert after an in-page confirmation", async () => {
    const a = channels[4]!;
    const fault = stack.fault({ kind: "channel_stop", channel: a, params: {} });
    await until(`alert on ${a}`, async () => (await alertOf(a))?.state === "active", 10_000);
    await new Promise((r) => setTimeout(r, 500));
    stack.clearFault(fault);
    await until(`${a} recovered`, async () => (await alertOf(a))?.state === "recovered", 10_000);
    const page = await open(`/alerts?set=${SET}`);
    const row = `[data-alert="${a}"]`;
    await page.waitForSelector(`${row}[data-state="recovered"]`, { timeout: 5000 });
    expect(await page.textContent(row)).toMatch(/RECOVERED — latched.*gap \d\d:\d\d:\d\d\.\d → \d\d:\d\d:\d\d\.\d, [\d,]+ pulses? missing/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "views-alerts-latched.png"), fullPage: true });
    const light = await open(`/alerts?set=${SET}&theme=light`);
    await light.waitForSelector(`${row}[data-state="recovered"]`, { timeout: 5000 });
    await light.screenshot({ path: path.join(SCREENSHOTS, "views-alerts-latched-light.png"), fullPage: true });
    await page.click("text=/Acknowledge all \\d+ shown/");
    await page.click("text=Yes, acknowledge");
    // Acknowledging a recovered alert clears it.
    await page.waitForSelector(row, { state: "detached", timeout: 5000 });
    expect(await alertOf(a)).toBeUndefined();
  }, 30_000);
});

describe("runs pages", () => {
  it("starts a run from the page, stops it, reports the stopped channel's missing range and downloads it as CSV", async () => {
    const victim = channels[2]!;
    const page = await open("/runs");
    await page.waitForSelector(`select[name="set"] option[value="${SET}"]`, { state: "attached", timeout: 5000 });
    await page.selectOption('form.run-start select[name="set"]', SET);
    await page.fill('form.run-start input[name="name"]', "e2e run");
    await page.click("text=Start run");
    await page.waitForSelector(".run-started", { timeout: 5000 });
    const runId = await page.$eval(".run-started a", (a) => a.textContent!);
    const runRow = `[data-run="${runId}"]`;
    await page.waitForSelector(`${runRow}[data-state="running"]`, { timeout: 5000 });

    // A gap in the victim's values inside the run, shaped by what the server sees (no fixed sleeps):
    // the run has counted the victim's values, then the victim stops until the monitor calls it
    // an error (it has been missing for the no-data time), then it comes back and is counted again.
    const victimReceived = async () => (await api<RunReportJson>(stack.server, "GET", `/runs/${runId}/report`)).channels.find((c) => c.name === victim)?.received ?? 0;
    await until(`run counting ${victim}`, async () => (await victimReceived()) > 0, 10_000);
    const fault = stack.fault({ kind: "channel_stop", channel: victim, params: {} });
    await until(`${victim} in error`, async () => (await api<{ status: string }>(stack.server, "GET", `/status/${victim}`)).status === "error", 10_000);
    stack.clearFault(fault);
    await until(`${victim} back`, async () => (await api<{ status: string }>(stack.server, "GET", `/status/${victim}`)).status !== "error", 10_000);
    const afterGap = await victimReceived();
    await until(`run counting ${victim} again`, async () => (await victimReceived()) > afterGap, 10_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, "views-runs.png"), fullPage: true });

    // A running run's report refreshes by itself: the counts grow.
    const live = await open(`/runs/${runId}`);
    const expectedCell = `[data-channel-report="${channels[0]!}"] td:nth-child(2)`;
    await live.waitForSelector(expectedCell, { timeout: 5000 });
    expect(await live.textContent('[data-testid="run-state"]')).toBe("RUNNING");
    const before = Number((await live.textContent(expectedCell))!.replace(/,/g, ""));
    await live.waitForFunction(
      ({ sel, before }) => Number((document.querySelector(sel)?.textContent ?? "").replace(/,/g, "")) > before,
      { sel: expectedCell, before },
      { timeout: 6000 },
    );

    await page.click(`${runRow} form.run-stop button[type="submit"]`);
    await page.waitForSelector(`${runRow}[data-state="done"]`, { timeout: 10_000 });
    // At least the victim is missing data (other channels may lose a pulse on a loaded machine).
    expect(await page.textContent(`${runRow}`)).toMatch(/[1-9]\d* channels? missing/);

    await page.click(`${runRow} a[href="/runs/${runId}"] >> nth=0`);
    await page.waitForSelector(`[data-channel-report="${victim}"]`, { timeout: 5000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === "DONE", undefined, { timeout: 10_000 });
    const report = await api<RunReportJson>(stack.server, "GET", `/runs/${runId}/report`);
    const victimReport = report.channels.find((c) => c.name === victim)!;
    expect(victimReport.missing.length).toBeGreaterThanOrEqual(1);
    // The stop lasted at least until the monitor called it an error: well over 50 pulses at 100 Hz.
    const missingPulses = victimReport.missing.reduce((n, [a, b]) => n + b - a + 1, 0);
    expect(missingPulses).toBe(victimReport.expected - victimReport.received);
    expect(missingPulses).toBeGreaterThan(50);
    // The victim's row shows its ranges as the API has them.
    const shown = await page.$$eval(`[data-channel-report="${victim}"] .run-range`, (lis) => lis.map((li) => [Number(li.getAttribute("data-first")), Number(li.getAttribute("data-last"))]));
    expect(shown).toEqual(victimReport.missing.slice(0, 4));
    expect(await page.textContent(`[data-channel-report="${victim}"] .run-coverage-cell`)).toContain("✕");
    // The others ran through: nearly all their pulses are there, whatever a loaded machine dropped.
    for (const c of report.channels.filter((n) => n.name !== victim)) expect(c.received / c.expected).toBeGreaterThan(0.95);
    await page.screenshot({ path: path.join(SCREENSHOTS, "views-run-report.png"), fullPage: true });

    // The filter narrows the table and lands in the URL.
    await page.fill('input[name="q"]', victim);
    expect(await page.$$("[data-channel-report]")).toHaveLength(1);
    expect(new URL(page.url()).searchParams.get("q")).toBe(victim);

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Download CSV")]);
    expect(download.suggestedFilename()).toBe(`run-${runId}.csv`);
    const csv = readFileSync((await download.path())!, "utf8").trim().split(/\r\n/);
    expect(csv[0]).toBe("name,expected,received,coverage,missing_ranges,truncated");
    expect(csv).toHaveLength(1 + channels.length);
    const victimLine = csv.find((l) => l.startsWith(`${victim},`))!.split(",");
    expect(Number(victimLine[1])).toBe(victimReport.expected);
    expect(Number(victimLine[2])).toBe(victimReport.received);
    const [a, b] = victimReport.missing[0]!;
    expect(victimLine[4]).toContain(a === b ? String(a) : `${a}-${b}`);
  }, 60_000);
});

describe("when the server cannot be reached", () => {
  it("says UNKNOWN and greys the sources when requests hang without an answer, and recovers when answers come", async () => {
    const page = await open(`/sources?set=${SET}`);
    await page.waitForSelector('[data-source][data-status="ok"]', { timeout: 10_000 });
    const held = async () => {};
    await page.route("**/api/v1/**", held);
    await page.waitForSelector('[data-testid="view-error"]', { timeout: 12_000 });
    expect(await page.textContent('[data-testid="view-error"]')).toMatch(/UNKNOWN: cannot get current data \((the server did not answer within 5 s|no answer for a while)\)/);
    const statuses = await page.$$eval("[data-source]", (trs) => trs.map((t) => t.getAttribute("data-status")));
    expect(new Set(statuses)).toEqual(new Set(["unknown"]));
    expect(await page.$(".sources-page .stale [data-source]")).not.toBeNull();
    await page.unroute("**/api/v1/**", held);
    await page.waitForSelector('[data-testid="view-error"]', { state: "detached", timeout: 10_000 });
    await page.waitForSelector('[data-source][data-status="ok"]', { timeout: 5000 });
  }, 40_000);

  it("says UNKNOWN and greys what it shows instead of keeping sources ok, and recovers on restart", async () => {
    const page = await open(`/sources?set=${SET}`);
    await page.waitForSelector('[data-source][data-status="ok"]', { timeout: 10_000 });
    await stack.stopServer();
    await page.waitForSelector('[data-testid="view-error"]', { timeout: 8000 });
    expect(await page.textContent('[data-testid="view-error"]')).toContain("UNKNOWN");
    const statuses = await page.$$eval("[data-source]", (trs) => trs.map((t) => t.getAttribute("data-status")));
    expect(new Set(statuses)).toEqual(new Set(["unknown"]));
    await page.screenshot({ path: path.join(SCREENSHOTS, "views-sources-unreachable.png"), fullPage: true });

    await stack.restartServer();
    await page.waitForSelector('[data-testid="view-error"]', { state: "detached", timeout: 15_000 });
    await page.waitForSelector('[data-source][data-status="ok"]', { timeout: 15_000 });
  }, 60_000);
});
