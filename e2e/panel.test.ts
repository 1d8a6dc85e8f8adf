/**
 * The wall panel in real headless Chromium against the real server and the emulator:
 * tiles per channel, a stopped channel turning red in time with its reason, acknowledge
 * from the panel, the not-live overlay when the server goes away and recovery when it is
 * back on the same port, a kiosk view without controls, and screenshots for a human look
 * (taken before the restart test, whose outage latches an alert on every tile).
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChannelWatchServer } from "../src/server/channel-watch-server.js";
import { Emulator } from "../src/simulator/emulator.js";
import { launchBrowser } from "./browser.js";
import { SCREENSHOTS, api, requireBuiltUi, scalarChannels, startServer, tempDatabase, tileStatuses, waitForAll, watchSet } from "./panel-harness.js";

const SET = "wall";
const SIZE = 45;
let emulator: Emulator;
let server: ChannelWatchServer;
let browser: Browser;
let database: string;
let channels: string[];
const pages: Page[] = [];
const faults: string[] = [];

async function openPanel(query = "", viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  pages.push(page);
  await page.goto(`${server.url}/panel/${SET}${query}`);
  return page;
}

beforeAll(async () => {
  requireBuiltUi();
  emulator = await Emulator.start({ port: 0 });
  database = tempDatabase();
  server = await startServer(emulator, database);
  channels = scalarChannels(emulator, SIZE);
  await watchSet(server, SET, channels);
  browser = await launchBrowser();
}, 60_000);

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
  for (const f of faults.splice(0)) emulator.faults.remove(f);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await emulator?.close();
});

describe("wall panel", () => {
  it("shows one ok tile per channel and an all-ok banner", async () => {
    const page = await openPanel();
    await waitForAll(page, SIZE, "ok", 10_000);
    expect(Object.keys(await tileStatuses(page)).sort()).toEqual([...channels].sort());
    expect(await page.getAttribute("[data-summary]", "data-summary")).toBe("ok");
    expect(await page.textContent("[data-summary]")).toContain(`ALL ${SIZE} OK`);
    expect(await page.$('[data-testid="not-live"]')).toBeNull();
    expect(await page.textContent("h1")).toBe(SET);
  });

  it("turns a stopped channel's tile red within 1.5 s with its reason, and acknowledges it from the panel", async () => {
    const page = await openPanel();
    await waitForAll(page, SIZE, "ok", 10_000);
    const victim = channels[7]!;
    const tile = `[data-channel="${victim}"]`;
    const injected = Date.now();
    faults.push(emulator.inject({ kind: "channel_stop", channel: victim, params: {} }));
    await page.waitForSelector(`${tile}[data-status="error"]`, { timeout: 1500 });
    expect(Date.now() - injected).toBeLessThan(1500);
    expect(await page.textContent(tile)).toMatch(/no value for/);
    expect(await page.getAttribute("[data-summary]", "data-summary")).toBe("error");
    expect(await page.textContent("[data-summary]")).toContain("1 ERROR");
    // Worst first: the red tile leads the grid.
    expect(await page.getAttribute("[data-channel]", "data-channel")).toBe(victim);

    await page.click(`${tile} button.tile-ack`);
    await page.waitForSelector(`${tile} button.tile-ack`, { state: "detached", timeout: 3000 });
    const alerts = await api<{ alerts: Array<{ channel: string; acknowledged: boolean }> }>(server, "GET", "/alerts");
    expect(alerts.alerts.find((a) => a.channel === victim)?.acknowledged).toBe(true);
    expect(await page.textContent(tile)).toContain("ACK");

    // Back, though maybe rate_low for a while (the 10 s window still holds the gap).
    emulator.faults.remove(faults.pop()!);
    await page.waitForSelector(`${tile}:not([data-status="error"])`, { timeout: 5000 });
  });

  it("kiosk view has no controls; screenshots at 1920×1080 and 3840×2160", async () => {
    faults.push(emulator.inject({ kind: "channel_stop", channel: channels[3]!, params: {} }));
    faults.push(emulator.inject({ kind: "rate_drop", channel: channels[20]!, params: { factor: 0.5 } }));
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 3840, height: 2160 },
    ]) {
      for (const kiosk of [false, true]) {
        const page = await openPanel(kiosk ? "?kiosk=1" : "", viewport);
        await page.waitForSelector(`[data-channel="${channels[3]!}"][data-status="error"]`, { timeout: 5000 });
        await page.waitForSelector(`[data-channel="${channels[20]!}"][data-status="warning"]`, { timeout: 15_000 });
        if (kiosk) expect(await page.$$("button, input, select, textarea, a, [tabindex]")).toHaveLength(0);
        else expect((await page.$$("button")).length).toBeGreaterThan(0);
        await page.screenshot({ path: path.join(SCREENSHOTS, `panel-${viewport.width}x${viewport.height}${kiosk ? "-kiosk" : ""}.png`) });
      }
    }
  }, 60_000);

  it("says STATUS NOT LIVE within 3.5 s of losing the server, greys every tile, and recovers on restart", async () => {
    const page = await openPanel();
    // Channels faulted by earlier tests may still be rate_low while their 10 s window holds the gap.
    await waitForAll(page, SIZE, "ok", 25_000);
    const port = Number(new URL(server.url).port);
    await server.stop();
    const stopped = Date.now();
    await page.waitForSelector('[data-testid="not-live"]', { timeout: 3500 });
    expect(Date.now() - stopped).toBeLessThan(3500);
    // Nothing may stay green while the panel cannot know.
    expect(new Set(Object.values(await tileStatuses(page)))).toEqual(new Set(["unknown"]));
    expect(await page.getAttribute("[data-summary]", "data-summary")).toBe("unknown");

    server = await startServer(emulator, database, port);
    await page.waitForSelector('[data-testid="not-live"]', { state: "detached", timeout: 15_000 });
    await waitForAll(page, SIZE, "ok", 15_000);
    expect(await page.getAttribute("[data-summary]", "data-summary")).toBe("ok");
  }, 90_000);
});
