/**
 * The wall panel in real headless Chromium against the real server and the emulator:
 * tiles per channel, a stopped channel turning red in time with its reason, acknowledge
 * from the panel, the not-live overlay when the server goes away and recovery when it is
 * back on the same port, a kiosk view without controls, and screenshots for a human look
 * (taken before the restart test, whose outage latches an alert on every tile).
 */
import path from "node:path";
import type { Page, ViewportSize } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, api, scalarChannels, tileStatuses, waitForAll, watchSet } from "./panel-harness.js";
import { useUiStack } from "./ui-stack.js";

const SET = "wall";
const SIZE = 45;
let channels: string[];
const stack = useUiStack({
  viewport: { width: 1920, height: 1080 },
  setup: async ({ emulator, server }) => {
    channels = scalarChannels(emulator, SIZE);
    await watchSet(server, SET, channels);
  },
});

function openPanel(query = "", viewport?: ViewportSize): Promise<Page> {
  return stack.page(`/panel/${SET}${query}`, viewport);
}

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
    const victimFault = stack.fault({ kind: "channel_stop", channel: victim, params: {} });
    await page.waitForSelector(`${tile}[data-status="error"]`, { timeout: 1500 });
    expect(Date.now() - injected).toBeLessThan(1500);
    expect(await page.textContent(tile)).toMatch(/no value for/);
    expect(await page.getAttribute("[data-summary]", "data-summary")).toBe("error");
    expect(await page.textContent("[data-summary]")).toContain("1 ERROR");
    // Worst first: the red tile leads the grid (tiles move at most once a second, so it may take that long).
    await page.waitForFunction((name) => document.querySelector("[data-channel]")?.getAttribute("data-channel") === name, victim, { timeout: 1500, polling: 50 });
    expect(await page.getAttribute("[data-channel]", "data-channel")).toBe(victim);

    await page.click(`${tile} button.tile-ack`);
    await page.waitForSelector(`${tile} button.tile-ack`, { state: "detached", timeout: 3000 });
    const alerts = await api<{ alerts: Array<{ channel: string; acknowledged: boolean }> }>(stack.server, "GET", "/alerts");
    expect(alerts.alerts.find((a) => a.channel === victim)?.acknowledged).toBe(true);
    expect(await page.textContent(tile)).toContain("ACK");

    // Back, though maybe rate_low for a while (the 10 s window still holds the gap).
    stack.clearFault(victimFault);
    await page.waitForSelector(`${tile}:not([data-status="error"])`, { timeout: 5000 });
  });

  it("kiosk view has no controls; screenshots at 1920×1080 and 3840×2160", async () => {
    stack.fault({ kind: "channel_stop", channel: channels[3]!, params: {} });
    stack.fault({ kind: "rate_drop", channel: channels[20]!, params: { factor: 0.5 } });
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 3840, height: 2160 },
    ]) {
      for (const kiosk of [false, true]) {
        const page = await openPanel(kiosk ? "?kiosk=1" : "", viewport);
        await page.waitForSelector(`[data-channel="${channels[3]!}"][data-status="error"]`, { timeout: 5000 });
        await page.waitForSelector(`[data-channel="${channels[20]!}"][data-status="warning"]`, { timeout: 15_000 });
        // Worst first, for the screenshot: the error tile leads once the once-a-second move has run.
        await page.waitForFunction((name) => document.querySelector("[data-channel]")?.getAttribute("data-channel") === name, channels[3]!, { timeout: 3000, polling: 100 });
        if (kiosk) expect(await page.$$("button, input, select, textarea, a, [tabindex]")).toHaveLength(0);
        else expect((await page.$$("button")).length).toBeGreaterThan(0);
        await page.screenshot({ path: path.join(SCREENSHOTS, `panel-${viewport.width}x${viewport.height}${kiosk ? "-kiosk" : ""}.png`) });
      }
    }
  }, 60_000);

  it("draws a one-hour sparkline on every tile at 1920×1080 from one history request for the set", async () => {
    const page = await stack.newPage();
    const requests: string[] = [];
    page.on("request", (r) => r.url().includes("/api/v1/history") && requests.push(r.url()));
    await page.goto(stack.url(`/panel/${SET}`));
    // Channels faulted by the kiosk test may still be rate_low while their 10 s window holds the gap.
    await waitForAll(page, SIZE, "ok", 25_000);
    // Every tile gets its sparkline (uPlot's drawing, shown as an image), not blank once the history arrived.
    await page.waitForFunction(
      (count) => {
        const images = [...document.querySelectorAll<HTMLImageElement>("[data-channel] .tile-spark img")];
        const drawn = (img: HTMLImageElement) => {
          if (!img.complete || img.naturalWidth === 0) return false;
          const c = document.createElement("canvas");
          c.width = img.naturalWidth;
          c.height = img.naturalHeight;
          const ctx = c.getContext("2d")!;
          ctx.drawImage(img, 0, 0);
          const px = ctx.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) return true;
          return false;
        };
        return images.length === count && images.every(drawn);
      },
      SIZE,
      { timeout: 10_000, polling: 200 },
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain(`set=${SET}`);
  });

  it("shows gaps as marks and no-data periods as stripes, never as a normal rate", async () => {
    const page = await stack.newPage();
    // A known hour: the first 20 minutes no data (not watched yet), then 100 Hz, with 10 % missing in minute 40.
    await page.route("**/api/v1/history?*", (route) => {
      const known = Array.from({ length: 60 }, (_, i) => (i < 20 ? 0 : 60));
      const received = known.map((k, i) => (i === 40 ? 5400 : k * 100));
      const missing = known.map((_, i) => (i === 40 ? 600 : 0));
      const body = {
        set: SET,
        seconds: 3600,
        step: 60,
        buckets: 60,
        toPulseSecond: 1,
        endTime: new Date().toISOString(),
        generatedAt: new Date().toISOString(),
        channels: channels.map((name) => ({ name, expectedHz: 100, received, missing, known })),
      };
      return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    });
    await page.goto(stack.url(`/panel/${SET}`));
    await waitForAll(page, SIZE, "ok", 10_000);
    const tile = `[data-channel="${channels[0]!}"] .tile-spark img`;
    await page.waitForSelector(tile);
    // Painted pixels in the bottom third of the column of minute i (of 60), and in the top two thirds.
    const columns = await page.waitForFunction(
      (selector) => {
        const img = document.querySelector<HTMLImageElement>(selector)!;
        if (!img.complete || img.naturalWidth === 0) return null;
        const c = document.createElement("canvas");
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext("2d")!;
        ctx.drawImage(img, 0, 0);
        const at = (minute: number) => {
          const x = Math.round(((minute + 0.5) / 60) * c.width);
          const img = ctx.getImageData(x - 1, 0, 3, c.height).data;
          let low = 0;
          let high = 0;
          for (let y = 0; y < c.height; y++) {
            for (let dx = 0; dx < 3; dx++) {
              if (img[(y * 3 + dx) * 4 + 3]! === 0) continue;
              if (y > (c.height * 2) / 3) low++;
              else high++;
            }
          }
          return { low, high };
        };
        const result = { unknown: at(10), steady: at(30), gap: at(40) };
        return result.gap.low > 0 ? result : null;
      },
      tile,
      { timeout: 10_000, polling: 200 },
    );
    const { unknown, steady, gap } = (await columns.jsonValue())!;
    expect(unknown.low).toBeGreaterThan(0); // stripes down to the bottom: no data
    expect(gap.low).toBeGreaterThan(unknown.low); // a solid mark, taller than stripes are dense
    expect(steady.low).toBe(0); // a steady 100 Hz: the line up top, nothing at the bottom
    expect(steady.high).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "panel-sparklines-1920x1080.png") });
  });

  it("hides sparklines (and fetches no history) where tiles are too small to read them", async () => {
    const page = await stack.newPage({ width: 1000, height: 600 });
    const requests: string[] = [];
    page.on("request", (r) => r.url().includes("/api/v1/history") && requests.push(r.url()));
    await page.goto(stack.url(`/panel/${SET}`));
    await waitForAll(page, SIZE, "ok", 10_000);
    await page.waitForTimeout(500);
    expect(await page.$$(".tile-spark")).toHaveLength(0);
    expect(requests).toHaveLength(0);
  });

  it("leaves the name start all channels share off the tiles, shows it once, keeps the full name in title and label", async () => {
    // This set's names all start with S10CB02- (the 45-tile wall shares nothing at a separator).
    const llrf = stack.emulator.catalog.channels.filter((c) => c.name.startsWith("S10CB02-") && c.backend === "sf-databuffer" && c.modulo === 1 && c.shape.length === 1 && c.shape[0] === 1).slice(0, 8).map((c) => c.name);
    expect(llrf.length).toBeGreaterThan(3);
    await watchSet(stack.server, "llrf", llrf);
    const page = await stack.newPage();
    await page.goto(stack.url("/panel/llrf"));
    await waitForAll(page, llrf.length, "ok", 10_000);
    expect(await page.textContent(".panel-prefix")).toContain("S10CB02-");
    const tiles = await page.$$eval("[data-channel]", (els) =>
      els.map((t) => ({ name: t.getAttribute("data-channel")!, title: t.getAttribute("title"), label: t.getAttribute("aria-label")!, shown: [...t.querySelectorAll(".tile-device, .tile-signal")].map((e) => e.textContent).join(":") })),
    );
    for (const t of tiles) {
      expect(t.shown.startsWith("S10CB02")).toBe(false);
      if (!t.shown.includes("…")) expect(t.name).toBe(`S10CB02-${t.shown}`);
      expect(t.title).toBe(t.name);
      expect(t.label.startsWith(`${t.name}:`)).toBe(true);
    }
    // Focus shows the full name (a keyboard user has no hover).
    await page.focus(`[data-channel="${llrf[0]!}"]`);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    expect(await page.isVisible(`[data-channel="${llrf[0]!}"] .tile-full`)).toBe(true);
    // The wall's names share no start at a separator: nothing is left off there.
    const wall = await openPanel();
    await waitForAll(wall, SIZE, "ok", 10_000);
    expect(await wall.$(".panel-prefix")).toBeNull();
    await page.screenshot({ path: path.join(SCREENSHOTS, "panel-short-names-1920x1080.png") });
  });

  it("says STATUS NOT LIVE within 5 s of losing the server, greys every tile, and recovers on restart", async () => {
    const page = await openPanel();
    // Channels faulted by earlier tests may still be rate_low while their 10 s window holds the gap.
    await waitForAll(page, SIZE, "ok", 25_000);
    await stack.stopServer();
    const stopped = Date.now();
    // The link's 3 s staleness limit plus a margin for a loaded CI machine (3.5 s failed there once).
    await page.waitForSelector('[data-testid="not-live"]', { timeout: 5000 });
    expect(Date.now() - stopped).toBeLessThan(5000);
    // Nothing may stay green while the panel cannot know.
    expect(new Set(Object.values(await tileStatuses(page)))).toEqual(new Set(["unknown"]));
    expect(await page.getAttribute("[data-summary]", "data-summary")).toBe("unknown");

    await stack.restartServer();
    await page.waitForSelector('[data-testid="not-live"]', { state: "detached", timeout: 15_000 });
    await waitForAll(page, SIZE, "ok", 15_000);
    expect(await page.getAttribute("[data-summary]", "data-summary")).toBe("ok");
  }, 90_000);
});
