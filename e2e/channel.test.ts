/**
 * The channel detail in real headless Chromium against the real server and the emulator:
 * the page of a scalar, a waveform and a camera image each draws its live value (pulse ids
 * advancing, non-blank canvases), the hour's history and the events; a stopped channel's
 * page turns to error with its reason; the dialog over the wall panel shows the same, links
 * to the page, closes on Escape and stops polling once closed. Screenshots for a human look.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { SimChannel } from "../src/simulator/channel-spec.js";
import { SCREENSHOTS, watchSet } from "./panel-harness.js";
import { useUiStack } from "./ui-stack.js";

const SET = "detail";
let scalar: SimChannel;
let waveform: SimChannel;
let image: SimChannel;
let victim: SimChannel;
const stack = useUiStack({
  viewport: { width: 1400, height: 1300 },
  setup: async ({ emulator, server }) => {
    const all = emulator.catalog.channels;
    const fastScalars = all.filter((c) => c.modulo === 1 && c.backend === "sf-databuffer" && c.shape.length === 1 && c.shape[0] === 1 && c.type === "float64");
    scalar = fastScalars[0]!;
    victim = fastScalars[5]!;
    waveform = all.find((c) => c.modulo === 1 && c.backend === "sf-databuffer" && c.shape.length === 1 && c.shape[0]! > 1 && c.type.startsWith("float"))!;
    image = all.find((c) => c.modulo === 1 && c.backend === "sf-imagebuffer" && c.shape.length === 2)!;
    await watchSet(server, SET, [scalar.name, waveform.name, image.name, victim.name]);
  },
});

const open = (route: string): Promise<Page> => stack.page(route);

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const channelPage = (c: SimChannel) => open(`/channel/${encodeURIComponent(c.name)}`);

/** The pulse id the live value shows now. */
async function shownPulse(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="live-value"]', "data-pulse"));
}

/** Waits until the shown pulse id is past `pulse`. */
async function pulseAdvancesPast(page: Page, pulse: number, timeout = 5000): Promise<void> {
  await page.waitForFunction((p) => Number(document.querySelector('[data-testid="live-value"]')?.getAttribute("data-pulse")) > p, pulse, { timeout, polling: 100 });
}

/** Pixels of a canvas that are not fully transparent, and how many distinct colours they have. */
function canvasInk(page: Page, selector: string): Promise<{ inked: number; colours: number }> {
  return page.$eval(selector, (el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      inked++;
      if (colours.size < 1000) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    return { inked, colours: colours.size };
  });
}

/**
 * Pixels of a canvas in the colour of a theme variable (within a small distance): a series'
 * line. uPlot draws axes and grid on the same canvas in other colours, so an empty chart
 * has none of these.
 */
function seriesInk(page: Page, selector: string, cssVariable: string): Promise<number> {
  return page.$eval(
    selector,
    (el, variable) => {
      const probe = document.createElement("canvas").getContext("2d")!;
      probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue(variable).trim();
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      const canvas = el as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 160) continue;
        if (Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 40) n++;
      }
      return n;
    },
    cssVariable,
  );
}

/** Points the value chart plots (its data, as the chart component exposes it). */
async function plottedPoints(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="value-chart"]', "data-points"));
}

async function expectHistoryAndEvents(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="history-chart"] canvas', { timeout: 5000 });
  // A few seconds of history (3 series a second: received, missing, expected), then the "received" line in its own colour.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="history-chart"]')?.getAttribute("data-points")) >= 9, undefined, { timeout: 8000, polling: 200 });
  expect(await seriesInk(page, '[data-testid="history-chart"] canvas', "--ok-mark")).toBeGreaterThan(50);
  await page.waitForSelector('[data-testid="channel-events"] tbody tr', { timeout: 5000 });
  expect(await page.textContent('[data-testid="channel-events"]')).toMatch(/→ ok/);
}

describe("channel page", () => {
  it("a scalar: status ok, a rolling line of sampled values with pulse ids advancing, history and events", async () => {
    const page = await channelPage(scalar);
    await page.waitForSelector('[data-testid="channel-status"][data-status="ok"]', { timeout: 5000 });
    expect(await page.textContent('[data-testid="channel-status"]')).toContain("OK");
    await page.waitForSelector('[data-testid="live-value"][data-kind="scalar"]', { timeout: 5000 });
    const first = await shownPulse(page);
    await pulseAdvancesPast(page, first);
    // A line of several samples, drawn in the series colour.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="value-chart"]')?.getAttribute("data-points")) >= 4, undefined, { timeout: 5000, polling: 100 });
    expect(await seriesInk(page, '[data-testid="value-chart"] canvas', "--text")).toBeGreaterThan(30);
    expect(await page.textContent('[data-testid="channel-facts"]')).toContain(scalar.source);
    expect(await page.textContent('[data-testid="channel-facts"]')).toContain("sf-databuffer");
    await expectHistoryAndEvents(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "channel-scalar.png"), fullPage: true });
  });

  it("a waveform: a line of the array, pulse ids advancing", async () => {
    const page = await channelPage(waveform);
    await page.waitForSelector('[data-testid="live-value"][data-kind="waveform"]', { timeout: 5000 });
    const first = await shownPulse(page);
    await pulseAdvancesPast(page, first);
    expect(await plottedPoints(page)).toBe(Math.min(waveform.shape[0]!, 2048));
    expect(await seriesInk(page, '[data-testid="value-chart"] canvas', "--text")).toBeGreaterThan(100);
    expect(await page.textContent('[data-testid="live-value"]')).toContain(`[${waveform.shape[0]}]`);
    await expectHistoryAndEvents(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "channel-waveform.png"), fullPage: true });

    const light = await open(`/channel/${encodeURIComponent(waveform.name)}?theme=light`);
    await light.waitForSelector('[data-testid="value-chart"] canvas', { timeout: 5000 });
    await light.waitForSelector('[data-testid="history-chart"] canvas', { timeout: 5000 });
    await light.screenshot({ path: path.join(SCREENSHOTS, "channel-waveform-light.png"), fullPage: true });
  });

  it("a camera image: a heatmap of many colours refreshed about once a second", async () => {
    const page = await channelPage(image);
    await page.waitForSelector('[data-testid="live-value"][data-kind="image"]', { timeout: 5000 });
    const first = await shownPulse(page);
    await pulseAdvancesPast(page, first, 4000);
    const ink = await canvasInk(page, '[data-testid="heatmap"]');
    expect(ink.inked).toBeGreaterThan(1000);
    expect(ink.colours).toBeGreaterThan(10);
    expect(await page.textContent('[data-testid="channel-facts"]')).toContain("sf-imagebuffer");
    await expectHistoryAndEvents(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "channel-image.png"), fullPage: true });
  });

  it("a stopped channel turns to error with its reason; the value says it is the last one known", async () => {
    const page = await channelPage(victim);
    await page.waitForSelector('[data-testid="live-value"][data-kind="scalar"]', { timeout: 5000 });
    stack.fault({ kind: "channel_stop", channel: victim.name, params: {} });
    await page.waitForSelector('[data-testid="channel-status"][data-status="error"]', { timeout: 5000 });
    expect(await page.textContent('[data-testid="channel-status"]')).toContain("ERROR");
    expect(await page.textContent('[data-testid="channel-reasons"]')).toMatch(/no_data.*no value for/);
    // The value stops: the same pulse twice a second apart.
    const stoppedAt = await shownPulse(page);
    await page.waitForTimeout(1000);
    expect(await shownPulse(page)).toBe(stoppedAt);
    await page.waitForSelector('[data-testid="live-value"] [data-stale="yes"]', { timeout: 3000 });
    expect(await page.textContent('[data-testid="live-value"]')).toContain("last known value, not updating");
    await page.screenshot({ path: path.join(SCREENSHOTS, "channel-error.png"), fullPage: true });
  });

  it("a channel nobody watches says so with the error code, not a blank page", async () => {
    const page = await open("/channel/NOT-WATCHED%3ACHANNEL");
    await page.waitForSelector('[data-testid="channel-problem"][data-code="CHANNEL_NOT_WATCHED"]', { timeout: 5000 });
    expect(await page.textContent("h1")).toBe("NOT-WATCHED:CHANNEL");
  });
});

describe("channel dialog over the wall panel", () => {
  it("opens from a tile with the live value, links to the page, closes on Escape and stops polling", async () => {
    const page = await open(`/panel/${SET}`);
    const tile = `[data-channel="${image.name}"]`;
    await page.waitForSelector(`${tile}[data-status="ok"]`, { timeout: 10_000 });
    await page.click(tile);
    await page.waitForSelector("dialog[open] [data-testid='heatmap']", { timeout: 5000 });
    expect(await page.getAttribute("dialog[open] a.control-link", "href")).toBe(`/channel/${encodeURIComponent(image.name)}`);
    await page.waitForSelector("dialog[open] [data-testid='history-chart'] canvas", { timeout: 5000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "channel-dialog.png") });

    // Polling runs while open: recorded from before Escape, so "none after" means it stopped.
    const requests: Array<{ url: string; at: number }> = [];
    page.on("request", (r) => {
      if (r.url().includes("/value") || r.url().includes("/status/")) requests.push({ url: r.url(), at: Date.now() });
    });
    await until("value and status requests while open", () => requests.some((r) => r.url.endsWith("/value")) && requests.some((r) => !r.url.endsWith("/value")), 5000);
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog[open]", { state: "detached", timeout: 2000 });
    const closedAt = Date.now();
    await page.waitForTimeout(2500);
    // A request already sent when Escape was pressed may show up just after; none later.
    expect(requests.filter((r) => r.at > closedAt + 300)).toEqual([]);
  });
});

describe("polling and the tab's visibility", () => {
  it("a hidden tab asks nothing; shown again, it asks right away", async () => {
    const page = await channelPage(scalar);
    await page.waitForSelector('[data-testid="live-value"][data-kind="scalar"]', { timeout: 5000 });
    const requests: number[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/status/")) requests.push(Date.now());
    });
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await until("requests while visible", () => requests.length >= 3, 5000);
    await setHidden(true);
    const hiddenAt = Date.now();
    await page.waitForTimeout(2500);
    // One already scheduled as the tab hid may still go out; none after.
    expect(requests.filter((t) => t > hiddenAt + 300)).toEqual([]);
    await setHidden(false);
    const shownAt = Date.now();
    await until("requests once shown", () => requests.filter((t) => t >= shownAt).length >= 2, 3000);
  });
});

describe("when the server accepts requests but never answers", () => {
  it("the channel page turns to UNKNOWN (never a lasting OK) and recovers when answers come again", async () => {
    const page = await channelPage(scalar);
    await page.waitForSelector('[data-testid="channel-status"][data-status="ok"]', { timeout: 5000 });
    await page.waitForSelector('[data-testid="live-value"][data-kind="scalar"]', { timeout: 5000 });
    // Every API request from now on is held without an answer (a stopped process, a stuck proxy).
    const held = async () => {};
    await page.route("**/api/v1/**", held);
    await page.waitForSelector('[data-testid="channel-status"][data-status="unknown"]', { timeout: 10_000 });
    expect(await page.textContent('[data-testid="channel-status"]')).toMatch(/UNKNOWN.*last known: OK/);
    // First "late" (no answer for three intervals) or the request's own time limit, whichever comes first; then the time limit.
    expect(await page.textContent('[data-testid="view-error"]')).toMatch(/UNKNOWN: cannot get current data \((no answer for a while|the server did not answer within 5 s)\)/);
    await page.waitForSelector('[data-testid="view-error"][data-code="TIMEOUT"]', { timeout: 8000 });
    expect(await page.textContent('[data-testid="view-error"]')).toMatch(/UNKNOWN: cannot get current data \(the server did not answer within 5 s\)/);
    await page.waitForSelector('[data-testid="value-error"][data-code="TIMEOUT"]', { timeout: 5000 });
    expect(await page.getAttribute('[data-testid="live-value"] .value-facts', "data-stale")).toBe("yes");
    await page.screenshot({ path: path.join(SCREENSHOTS, "channel-hung-server.png"), fullPage: true });

    await page.unroute("**/api/v1/**", held);
    await page.waitForSelector('[data-testid="channel-status"][data-status="ok"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="view-error"]', { state: "detached", timeout: 5000 });
  }, 40_000);
});
