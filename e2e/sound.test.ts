/**
 * The panel's sound in real headless Chromium against the real server and the emulator,
 * with WebAudio and speech replaced by recorders (page.addInitScript) so what would be
 * heard can be read back: not armed until a click, a flood of stopped channels of one
 * device announced once as a count with the device's name, a single fault named, the
 * reminder repeating at the nag interval until the alert is acknowledged, and a kiosk
 * that arms on a key and shows its state without controls.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, api, scalarChannels, waitForAll, watchSet } from "./panel-harness.js";
import { useUiStack } from "./ui-stack.js";

const SET = "sound";
const NAG_SECONDS = 3;
let channels: string[];
/** Scalars of one device (the flood) and one channel of another section (the single fault). */
let device: string;
let flood: string[];
let single: string;

interface Heard {
  tones: Array<{ wave: string; at: number }>;
  speech: Array<{ text: string; at: number }>;
}

/** Runs in the page before its scripts: AudioContext and speechSynthesis that only record. */
function recordSound(): void {
  const heard: Heard = { tones: [], speech: [] };
  (window as unknown as { __heard: Heard }).__heard = heard;
  class Param {
    value = 0;
    setValueAtTime(): void {}
    linearRampToValueAtTime(): void {}
  }
  class Node {
    connect<T>(next: T): T {
      return next;
    }
  }
  class Oscillator extends Node {
    type = "sine";
    frequency = new Param();
    start(): void {
      // One beep; a tone is several (error: 3 square, warning: 2 sine).
      heard.tones.push({ wave: this.type, at: Date.now() });
    }
    stop(): void {}
  }
  class Gain extends Node {
    gain = new Param();
  }
  class RecordingAudioContext {
    state = "suspended";
    currentTime = 0;
    destination = new Node();
    onstatechange: (() => void) | null = null;
    createOscillator(): Oscillator {
      return new Oscillator();
    }
    createGain(): Gain {
      return new Gain();
    }
    async resume(): Promise<void> {
      this.state = "running";
      this.onstatechange?.();
    }
    async close(): Promise<void> {
      this.state = "closed";
    }
  }
  Object.defineProperty(window, "AudioContext", { value: RecordingAudioContext, configurable: true, writable: true });
  Object.defineProperty(window, "SpeechSynthesisUtterance", {
    value: class {
      lang = "";
      constructor(readonly text: string) {}
    },
    configurable: true,
    writable: true,
  });
  Object.defineProperty(window, "speechSynthesis", {
    value: { speak: (u: { text: string }) => heard.speech.push({ text: u.text, at: Date.now() }), cancel: () => undefined, getVoices: () => [] },
    configurable: true,
  });
}

function heard(page: Page): Promise<Heard> {
  return page.evaluate(() => (window as unknown as { __heard: Heard }).__heard);
}

/** Waits until something was said that `match` accepts; returns everything said so far. */
async function waitForSpeech(page: Page, match: string, timeout: number): Promise<Heard> {
  await page.waitForFunction((m) => (window as unknown as { __heard: Heard }).__heard.speech.some((s) => s.text.includes(m)), match, { timeout, polling: 100 });
  return heard(page);
}

const readable = (name: string): string => name.split(/[-:._/]+/).join(" ");

/** `allOk`: wait until every tile is ok (the channels of earlier cases may still be in rate_low). */
async function openPanel(query: string, allOk = true): Promise<Page> {
  const page = await stack.page(`/panel/${SET}${query}`);
  if (allOk) await waitForAll(page, channels.length, "ok", 15_000);
  else await page.waitForSelector(".sound");
  return page;
}

async function ack(name: string): Promise<void> {
  await api(stack.server, "POST", `/alerts/${encodeURIComponent(name)}/ack`);
}

/** Every page records what it would sound (its WebAudio and speech replaced before its scripts run). */
const stack = useUiStack({
  viewport: { width: 1920, height: 1080 },
  preparePage: (page) => page.addInitScript(recordSound),
  setup: async ({ emulator, server }) => {
    const scalars = scalarChannels(emulator, 400);
    const deviceOf = (n: string): string => n.slice(0, n.indexOf(":"));
    // A device with at least five scalars, and a channel of another machine section.
    device = deviceOf(scalars.find((n) => scalars.filter((m) => deviceOf(m) === deviceOf(n)).length >= 5)!);
    flood = scalars.filter((n) => deviceOf(n) === device).slice(0, 5);
    const section = (n: string): string => n.split(/[-:]/)[0]!;
    single = scalarChannels(emulator, 2000).find((n) => section(n) !== section(device))!;
    channels = [...flood, single, ...scalars.filter((n) => !flood.includes(n) && n !== single).slice(0, 6)];
    await watchSet(server, SET, channels);
  },
});

describe("panel sound", () => {
  it("arms on a click, announces a flood once, names a single fault, and nags until acknowledged", async () => {
    const page = await openPanel(`?speak=1&nag=${NAG_SECONDS}`);
    const box = page.locator(".sound");
    expect(await box.getAttribute("data-sound")).toBe("off");
    expect(await box.textContent()).toContain("SOUND NOT ARMED");
    expect(await page.getAttribute(".sound-speech", "aria-pressed")).toBe("true");
    await page.click("text=Arm sound");
    await page.waitForSelector('.sound[data-sound="armed"]', { timeout: 2000 });

    // Five channels of one device stop at once: one sentence, with the count and the device.
    for (const name of flood) stack.fault({ kind: "channel_stop", channel: name, params: {} });
    const collapsed = `${flood.length} channels of ${readable(device)} failed`;
    const afterFlood = await waitForSpeech(page, collapsed, 8000);
    expect(afterFlood.speech.map((s) => s.text)).toEqual([collapsed]);
    // One error tone (three square beeps) for the whole flood.
    expect(afterFlood.tones.map((t) => t.wave)).toEqual(["square", "square", "square"]);
    expect(await page.getAttribute(".sound-last", "data-announcement")).toBe(`${flood.length} channels of ${device} failed`);
    expect(await box.getAttribute("data-nag")).toBe("error");
    await page.screenshot({ path: path.join(SCREENSHOTS, "sound-flood.png"), clip: { x: 0, y: 0, width: 1920, height: 200 } });

    for (const name of flood) await ack(name);
    await page.waitForSelector('.sound[data-nag="none"]', { timeout: 8000 });
    // A reminder of the flood may have come before the acknowledgements landed (a slow machine).
    const beforeSingle = await heard(page);

    // One more channel, of another section: it is named, with its level.
    stack.fault({ kind: "channel_stop", channel: single, params: {} });
    const named = `error: ${readable(single)}`;
    const afterSingle = await waitForSpeech(page, named, 8000);
    expect(afterSingle.speech.map((s) => s.text).slice(beforeSingle.speech.length)).toEqual([named]);

    // Not acknowledged: the reminder comes back at the nag interval, with the tone.
    const nag = `not acknowledged: ${readable(single)}`;
    const nagged = await waitForSpeech(page, nag, (NAG_SECONDS + 3) * 1000);
    const reminder = nagged.speech.find((s) => s.text === nag)!;
    const announced = nagged.speech.find((s) => s.text === named)!;
    expect(reminder.at - announced.at).toBeGreaterThanOrEqual(NAG_SECONDS * 1000 - 500);
    expect(nagged.tones.length).toBeGreaterThan(afterSingle.tones.length);

    // Acknowledged from the tile: the nag stops and stays quiet past another interval.
    await page.click(`[data-channel="${single}"] button.tile-ack`);
    await page.waitForSelector('.sound[data-nag="none"]', { timeout: 8000 });
    const atAck = await heard(page);
    await page.waitForTimeout(NAG_SECONDS * 1000 + 1500);
    const later = await heard(page);
    expect(later.speech.length).toBe(atAck.speech.length);
    expect(later.tones.length).toBe(atAck.tones.length);
  }, 60_000);

  it("kiosk: no controls, arms on any key and then sounds what waits for acknowledgement", async () => {
    // A channel no earlier test faulted: its alert is new, not the one acknowledged above.
    const spare = channels.find((n) => !flood.includes(n) && n !== single)!;
    stack.fault({ kind: "channel_stop", channel: spare, params: {} });
    const page = await stack.page(`/panel/${SET}?kiosk=1&speak=1`);
    await page.waitForSelector(`[data-channel="${spare}"][data-status="error"]`, { timeout: 10_000 });
    expect(await page.$$(".sound button")).toHaveLength(0);
    expect(await page.textContent(".sound")).toContain("SOUND NOT ARMED · click anywhere");
    expect(await page.textContent(".sound")).toContain("SPEECH ON");
    expect((await heard(page)).tones).toHaveLength(0);

    await page.keyboard.press("Space");
    await page.waitForSelector('.sound[data-sound="armed"]', { timeout: 2000 });
    // Armed with an alert waiting: it says so at once, not a nag interval later.
    const after = await waitForSpeech(page, readable(spare), 3000).catch(async (e: Error) => {
      throw new Error(`${e.message}; heard ${JSON.stringify((await heard(page)).speech)}; sound: ${await page.textContent(".sound")}`);
    });
    expect(after.tones.length).toBeGreaterThan(0);
    expect(await page.textContent(".sound")).toContain("ALARM ERROR");
    await page.screenshot({ path: path.join(SCREENSHOTS, "sound-kiosk.png"), clip: { x: 0, y: 0, width: 1920, height: 200 } });
    await ack(spare);
    await page.waitForSelector('.sound[data-nag="none"]', { timeout: 8000 });
  }, 40_000);

  it("Test sound plays both tones and a sentence; the speech toggle is remembered by the browser", async () => {
    const page = await openPanel("", false);
    page.setDefaultTimeout(5000);
    expect(await page.getAttribute(".sound-speech", "aria-pressed")).toBe("false");
    await page.click(".sound-speech");
    await page.waitForSelector('.sound-speech[aria-pressed="true"]');
    // That click armed the sound too (any first click does).
    await page.waitForSelector('.sound[data-sound="armed"]');
    await page.click("text=Test sound");
    await waitForSpeech(page, "Sound test", 5000);
    await page.waitForFunction(() => (window as unknown as { __heard: Heard }).__heard.tones.length >= 5, undefined, { timeout: 3000 });
    expect((await heard(page)).tones.map((t) => t.wave)).toEqual(["square", "square", "square", "sine", "sine"]);
    // A reload without ?speak keeps the choice (localStorage); ?speak=0 in the URL wins.
    await page.reload();
    await page.waitForSelector('.sound-speech[aria-pressed="true"]', { timeout: 5000 });
    await page.goto(stack.url(`/panel/${SET}?speak=0`));
    await page.waitForSelector('.sound-speech[aria-pressed="false"]', { timeout: 5000 });
  }, 30_000);
});
