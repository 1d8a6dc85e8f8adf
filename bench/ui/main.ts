/**
 * bench/ui: the wall panel of 2,000 channels in headless Chromium under a live load
 * (DESIGN.md §9: "2,000 tiles updating at 4 Hz without a long task > 50 ms").
 *
 * The emulator (catalog 2,500; core 0) and ChannelWatch (server-program.ts: `serve` with
 * SQLite, serving the UI build under test; core 1) run in processes of their own; the
 * browser is not pinned. A set of the catalog's first 2,000 sf-databuffer channels is
 * watched; a rolling set of stopped channels (fault-rotation.ts) keeps hundreds of
 * channels in every 4 Hz delta and moves tiles between levels every second. Per window
 * of --window-seconds: long tasks (PerformanceObserver), frame rate and frame gaps
 * (requestAnimationFrame), main-thread time by kind and JS heap and DOM nodes (CDP
 * Performance.getMetrics), and the load as sent (a Node client on the same set) and as
 * received by the page. The heap is also taken after a full GC at the start and the end.
 * Then the bundle's size, raw and gzip.
 *
 * usage: npm run bench -- ui [--minutes 10] [--other-minutes 2] [--window-seconds 60]
 *          [--viewports 1920x1080,3840x2160] [--ui-dir /tmp/web-bench] [--no-build]
 *          [--no-minify] [--stopped 250] [--step 10] [--every-ms 1000]
 *          [--settle-seconds 20] [--profile-seconds 0] [--trace-seconds 10] [--inject-css CSS]
 *          [--query kiosk=1] [--invalidations]
 * The first viewport runs --minutes (its heap after that long is the memory figure), the
 * others --other-minutes. --profile-seconds N: a CPU profile of the page for N s at the
 * end of each viewport (not measured; build with --no-minify for readable names);
 * --trace-seconds N (0: none): then a Chromium trace for N s, summarized as main-thread time per kind
 * of work, overall and inside long tasks (trace-summary.ts). --inject-css: a what-if
 * stylesheet added to the page, to try a fix before proposing it (the report says so).
 * --invalidations: the trace also records why layout was invalidated (which elements, for
 * what reason; costs trace overhead, so not for recorded figures).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../../e2e/browser.js";
import { DispatcherClient } from "../../src/dispatcher/dispatcher-client.js";
import { compileProject, compiledNodeArgs, writeCompiledPackageJson } from "../lib/compiled.js";
import { pinnedCommand } from "../lib/cpu.js";
import { summarize } from "../lib/cpuprofile-summary.js";
import { EmulatorProcess } from "../lib/emulator-process.js";
import { REPO_ROOT, buildDir } from "../lib/paths.js";
import { watchSetUntilOk } from "../lib/server-api.js";
import { ChildProcessHandle } from "../lib/process.js";
import { bundleSize } from "./bundle-size.js";
import { DeltaMeter } from "./delta-meter.js";
import { FaultRotation } from "./fault-rotation.js";
import { addProbe, takeWindow } from "./page-probe.js";
import { summarizeTrace } from "./trace-summary.js";
import { formatReport, windowFigures, type UiBenchResult, type ViewportResult, type WindowFigures } from "./report.js";

const { values: cli } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    "other-minutes": { type: "string", default: "2" },
    "window-seconds": { type: "string", default: "60" },
    viewports: { type: "string", default: "1920x1080,3840x2160" },
    "ui-dir": { type: "string", default: "/tmp/web-bench" },
    "no-build": { type: "boolean", default: false },
    "no-minify": { type: "boolean", default: false },
    channels: { type: "string", default: "2000" },
    catalog: { type: "string", default: "2500" },
    stopped: { type: "string", default: "250" },
    step: { type: "string", default: "10" },
    "every-ms": { type: "string", default: "1000" },
    "settle-seconds": { type: "string", default: "20" },
    "profile-seconds": { type: "string", default: "0" },
    "trace-seconds": { type: "string", default: "10" },
    "inject-css": { type: "string" },
    query: { type: "string", default: "kiosk=1" },
    invalidations: { type: "boolean", default: false },
  },
});

const BUILD_DIR = buildDir("ui");
/** As bench/server: the emulator on core 0, ChannelWatch on core 1 (the browser is not pinned). */
const EMULATOR_CORE = 0;
const SERVER_CORE = 1;
const SET = "bench-ui-2000";

function buildUi(dir: string, minify: boolean): void {
  const vite = join(REPO_ROOT, "node_modules", "vite", "bin", "vite.js");
  const args = [vite, "build", "--config", "web/vite.config.ts", "--outDir", dir, "--emptyOutDir", ...(minify ? [] : ["--minify", "false"])];
  const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8", timeout: 300_000 });
  if (run.status !== 0) throw new Error(`vite build failed (${run.signal ?? `exit ${run.status}`})\n${run.stdout}${run.stderr}`);
}

function gitCommit(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "web/src"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout.trim();
  return dirty ? `${head} (web/src with uncommitted changes)` : head;
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  return (await metrics(cdp)).JSHeapUsedSize!;
}

/** A seeded shuffle: the same channels stop in the same order in every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function profilePage(cdp: CDPSession, seconds: number, path: string): Promise<ViewportResult["profile"]> {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await sleep(seconds * 1000);
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: Parameters<typeof summarize>[0] };
  writeFileSync(path, JSON.stringify(profile));
  const s = summarize(profile);
  return { path: relative(REPO_ROOT, path), totalMs: s.totalMs, top: [...s.functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, 15) };
}

/** A devtools.timeline trace of the page for `seconds`: what the main thread did, by kind. */
async function tracePage(page: Page, seconds: number, path: string): Promise<ViewportResult["trace"]> {
  const browser = page.context().browser()!;
  const invalidations = cli.invalidations ? ["disabled-by-default-devtools.timeline.invalidationTracking"] : [];
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing", ...invalidations] });
  await sleep(seconds * 1000);
  const trace = (await browser.stopTracing()).toString("utf8");
  writeFileSync(path, trace);
  return { path: relative(REPO_ROOT, path), ...summarizeTrace(trace) };
}

async function runViewport(page: Page, cdp: CDPSession, meter: DeltaMeter, emulator: EmulatorProcess, minutes: number, viewport: string, stamp: string): Promise<ViewportResult> {
  const windowMs = Number(cli["window-seconds"]) * 1000;
  const settleMs = Number(cli["settle-seconds"]) * 1000;
  console.error(`ui: ${viewport}: settling ${settleMs / 1000} s`);
  await sleep(settleMs);
  const tickerStart = (await emulator.snapshot()).ticker;
  const heapStart = await heapAfterGc(cdp);
  let before = await metrics(cdp);
  const nodesStart = before.Nodes!;
  await takeWindow(page);
  meter.takeWindow();
  const windows: WindowFigures[] = [];
  const end = Date.now() + minutes * 60_000;
  while (Date.now() < end) {
    await sleep(Math.min(windowMs, Math.max(1000, end - Date.now())));
    const probe = await takeWindow(page);
    const load = meter.takeWindow();
    const after = await metrics(cdp);
    const w = windowFigures(probe, load, before, after, loadavg()[0]!);
    before = after;
    windows.push(w);
    console.error(
      `  ${windows.length}: ${w.fps.toFixed(1)} fps, longest frame gap ${w.longestFrameGapMs.toFixed(0)} ms, long tasks ${w.longTasks} (max ${w.longestTaskMs.toFixed(0)} ms), main thread busy ${(w.busyShare * 100).toFixed(0)} %, ${w.deltasPerSecond.toFixed(2)} deltas/s × ${w.channelsPerDelta.mean.toFixed(0)} channels, heap ${(w.heapUsedBytes / 2 ** 20).toFixed(1)} MiB, load ${w.loadAverage.toFixed(1)}`,
    );
  }
  const heapEnd = await heapAfterGc(cdp);
  const nodesEnd = (await metrics(cdp)).Nodes!;
  const tickerEnd = (await emulator.snapshot()).ticker;
  const emulatorPulses = { emitted: tickerEnd.pulses - tickerStart.pulses, skipped: tickerEnd.skipped - tickerStart.skipped };
  const banner = (await page.textContent("[data-summary]"))?.trim() ?? "";
  const shot = join(BUILD_DIR, `panel-${viewport}-${stamp}.png`);
  await page.screenshot({ path: shot });
  const profileSeconds = Number(cli["profile-seconds"]);
  const profile = profileSeconds > 0 ? await profilePage(cdp, profileSeconds, join(BUILD_DIR, `page-${viewport}-${stamp}.cpuprofile`)) : undefined;
  const traceSeconds = Number(cli["trace-seconds"]);
  const trace = traceSeconds > 0 ? await tracePage(page, traceSeconds, join(BUILD_DIR, `trace-${viewport}-${stamp}.json`)) : undefined;
  return { viewport, minutes, windows, heapStartBytes: heapStart, heapEndBytes: heapEnd, nodesStart, nodesEnd, banner, emulatorPulses, screenshot: relative(REPO_ROOT, shot), ...(profile && { profile }), ...(trace && { trace }) };
}

async function main(): Promise<void> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const uiDir = cli["ui-dir"];
  if (!cli["no-build"]) {
    console.error(`ui: building the UI into ${uiDir}${cli["no-minify"] ? " (not minified)" : ""}`);
    buildUi(uiDir, !cli["no-minify"]);
  }
  const commit = gitCommit();
  console.error("ui: compiling the project with tsc (the server runs from its output)");
  compileProject();
  writeCompiledPackageJson();
  const database = join(BUILD_DIR, `store-${stamp}.sqlite`);
  const maxSeconds = 600 + 60 * (Number(cli.minutes) + 2 * Number(cli["other-minutes"]));

  const emulator = await EmulatorProcess.start({ channels: Number(cli.catalog), core: EMULATOR_CORE, maxSeconds });
  let serverProcess: ChildProcessHandle | undefined;
  let rotation: FaultRotation | undefined;
  let meter: DeltaMeter | undefined;
  const browser = await launchBrowser();
  try {
    const dispatcher = emulator.backendUrl("sf-databuffer");
    const serverArgs = ["--dispatcher", dispatcher, "--database", `sqlite:${database}`, "--ui-dir", uiDir, "--max-seconds", String(maxSeconds)];
    const { command, args, pinnedTo } = pinnedCommand(SERVER_CORE, process.execPath, compiledNodeArgs("bench/ui/server-program.ts", serverArgs));
    serverProcess = new ChildProcessHandle(command, args, { cwd: REPO_ROOT });
    const { url: server } = JSON.parse(await serverProcess.firstLine(60_000)) as { url: string };
    const pinning = pinnedTo !== undefined && emulator.pinnedTo !== undefined ? `emulator pinned to core ${EMULATOR_CORE}, server to core ${SERVER_CORE} (taskset); Chromium not pinned` : "not pinned (taskset unavailable)";

    const catalog = (await new DispatcherClient(dispatcher).liveChannels()).slice(0, Number(cli.channels));
    const settleMs = await watchSetUntilOk(server, SET, "bench/ui", catalog.map((c) => c.name));
    if (Number.isNaN(settleMs)) throw new Error(`set ${SET} not ok after 60 s`);
    console.error(`ui: ${catalog.length} channels watched, all ok after ${settleMs} ms`);

    rotation = new FaultRotation(emulator.url, shuffled(catalog.map((c) => c.name), 7), Number(cli.stopped), Number(cli.step), Number(cli["every-ms"]));
    await rotation.start();
    meter = new DeltaMeter(`${server.replace(/^http/, "ws")}/api/v1/live`, SET);
    await meter.opened;

    const viewports: ViewportResult[] = [];
    for (const [i, v] of cli.viewports.split(",").entries()) {
      const [width, height] = v.split("x").map(Number) as [number, number];
      const context = await browser.newContext({ viewport: { width, height } });
      try {
        const page = await context.newPage();
        await addProbe(page);
        // A what-if for diagnosis only (e.g. "--inject-css '.tile{contain:strict}'"): never in a recorded result.
        if (cli["inject-css"]) await page.addInitScript({ content: `addEventListener("DOMContentLoaded", () => { const s = document.createElement("style"); s.textContent = ${JSON.stringify(cli["inject-css"])}; document.head.append(s); });` });
        const cdp = await context.newCDPSession(page);
        await cdp.send("Performance.enable");
        await page.goto(`${server}/panel/${SET}?${cli.query}`);
        // The wall renders only the tiles on screen; the grid says how many the set has.
        await page.waitForFunction(`document.querySelector("[data-channels]")?.getAttribute("data-channels") === "${catalog.length}"`, undefined, { timeout: 60_000, polling: 500 });
        viewports.push(await runViewport(page, cdp, meter, emulator, Number(i === 0 ? cli.minutes : cli["other-minutes"]), v, stamp));
      } finally {
        await context.close();
      }
    }

    const result: UiBenchResult = {
      settings: cli,
      commit,
      pinning,
      chromium: browser.version(),
      channels: catalog.length,
      load: { stopped: Number(cli.stopped), step: Number(cli.step), everyMs: Number(cli["every-ms"]), rotations: rotation.rotations, errors: rotation.errors.slice(0, 5) },
      viewports,
      bundle: bundleSize(uiDir),
    };
    const jsonPath = join(BUILD_DIR, `results-${stamp}.json`);
    writeFileSync(jsonPath, JSON.stringify(result, null, 2));
    console.log(formatReport(result));
    console.error(`ui: raw results in ${relative(REPO_ROOT, jsonPath)}`);
  } finally {
    await meter?.close();
    await rotation?.end().catch(() => undefined);
    await browser.close();
    const stopped = await serverProcess?.stop(15_000);
    if (stopped && stopped.code !== 0) console.error(`ui server-program ended with ${stopped.signal ?? `exit ${stopped.code}`}\n${stopped.stderr}`);
    await emulator.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${database}${suffix}`, { force: true });
  }
}

await main();
