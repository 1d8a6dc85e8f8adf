/**
 * Everything one browser-test file runs against: the emulator, the real server on a temp
 * SQLite database serving the UI under test, and headless Chromium; plus the pages and
 * injected faults of one test, gone before the next test starts.
 *
 *   const stack = useUiStack({ setup: (s) => watchSet(s.server, "wall", names) });
 *   const page = await stack.page("/panel/wall");
 *   stack.fault({ kind: "channel_stop", channel: names[0], params: {} });
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page, ViewportSize } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { ChannelWatchServer, ServerOptions } from "../src/server/channel-watch-server.js";
import { Emulator } from "../src/simulator/emulator.js";
import type { FaultSpec } from "../src/simulator/fault-spec.js";
import { launchBrowser } from "./browser.js";
import { requireBuiltUi, startServer } from "./panel-harness.js";

export interface UiStackOptions {
  /** Server options over the harness's (whole keys); a `port` is kept across restarts. */
  server?: Partial<ServerOptions>;
  /** Viewport of a page when the test names none. */
  viewport?: ViewportSize;
  /** Runs on every new page before it navigates (init scripts, listeners). */
  preparePage?: (page: Page) => Promise<unknown> | void;
  /** Uncaught errors in a test's pages fail that test (checked after its pages are closed). */
  failOnPageErrors?: boolean;
  /** Runs once the emulator and server are up, before the browser starts: pick channels, watch sets. */
  setup?: (stack: UiStack) => Promise<void> | void;
  /** Time for the whole start, setup included. */
  startTimeoutMs?: number;
}

const DEFAULT_VIEWPORT: ViewportSize = { width: 1920, height: 1080 };

export class UiStack {
  private emulatorOrNone?: Emulator;
  private serverOrNone?: ChannelWatchServer;
  private browserOrNone?: Browser;
  private databaseDir?: string;
  private port: number;
  /** Set by close(): a start still under way (a timed-out beforeAll) closes what it opens after. */
  private closed = false;
  private readonly pages: Page[] = [];
  private readonly faults: string[] = [];
  private readonly pageErrors: string[] = [];

  constructor(private readonly options: UiStackOptions = {}) {
    this.port = options.server?.port ?? 0;
  }

  get emulator(): Emulator {
    return required(this.emulatorOrNone, "the emulator is not running");
  }

  get server(): ChannelWatchServer {
    return required(this.serverOrNone, "the server is not running");
  }

  get browser(): Browser {
    return required(this.browserOrNone, "the browser is not running");
  }

  /** A URL of the server: `url("/panel/wall?kiosk=1")`. */
  url(route = ""): string {
    return `${this.server.url}${route}`;
  }

  /** Emulator, server, setup, browser; on any failure closes what it opened and rethrows. */
  async start(): Promise<void> {
    try {
      requireBuiltUi();
      this.emulatorOrNone = await Emulator.start({ port: 0 });
      this.stopIfClosed();
      this.databaseDir = mkdtempSync(path.join(tmpdir(), "cw-ui-"));
      await this.startServer();
      this.stopIfClosed();
      await this.options.setup?.(this);
      this.browserOrNone = await launchBrowser();
      this.stopIfClosed();
    } catch (err) {
      const cleanup = await this.close().then(
        () => undefined,
        (e: unknown) => e,
      );
      throw cleanup === undefined ? err : new AggregateError([err, cleanup], "the UI stack failed to start, and closing what it had opened failed too");
    }
  }

  /** A blank page, closed after the test (navigate it yourself, e.g. after adding listeners). Downloads are accepted. */
  async newPage(viewport: ViewportSize = this.options.viewport ?? DEFAULT_VIEWPORT): Promise<Page> {
    const page = await this.browser.newPage({ viewport });
    this.pages.push(page);
    if (this.options.failOnPageErrors) page.on("pageerror", (err) => this.pageErrors.push(`${page.url()}: ${err.message}`));
    await this.options.preparePage?.(page);
    return page;
  }

  /** A page at `route` of the server, closed after the test. */
  async page(route: string, viewport?: ViewportSize): Promise<Page> {
    const page = await this.newPage(viewport);
    await page.goto(this.url(route));
    return page;
  }

  /** Injects a fault into the emulator; removed after the test unless clearFault() removed it first. */
  fault(spec: FaultSpec): string {
    const id = this.emulator.inject(spec);
    this.faults.push(id);
    return id;
  }

  clearFault(id: string): void {
    const at = this.faults.indexOf(id);
    if (at >= 0) this.faults.splice(at, 1);
    this.emulator.faults.remove(id);
  }

  /** Stops the server (the UI sees it gone); restartServer() brings it back. */
  async stopServer(): Promise<void> {
    const server = this.server;
    this.serverOrNone = undefined;
    await server.stop();
  }

  /** The server again on the same port and database, as after a crash and restart. */
  async restartServer(): Promise<void> {
    if (this.serverOrNone) throw new Error("the server is still running: stopServer() first");
    await this.startServer();
  }

  /** After each test: closes its pages, removes its faults, then fails on its page errors. */
  async endTest(): Promise<void> {
    const problems: unknown[] = [];
    const pageErrors = this.pageErrors.splice(0);
    for (const page of this.pages.splice(0)) await page.close().catch((e: unknown) => problems.push(e));
    for (const id of this.faults.splice(0)) {
      try {
        this.emulatorOrNone?.faults.remove(id);
      } catch (e) {
        problems.push(e);
      }
    }
    throwAll(problems, "cleaning up after the test failed");
    if (this.options.failOnPageErrors && pageErrors.length > 0) throw new Error(`uncaught errors in the test's pages:\n${pageErrors.join("\n")}`);
  }

  /** Closes whatever is open, each part even when another fails; safe to call again. */
  async close(): Promise<void> {
    this.closed = true;
    const problems: unknown[] = [];
    const attempt = async (step: () => Promise<unknown> | undefined) => {
      try {
        await step();
      } catch (e) {
        problems.push(e);
      }
    };
    const { browserOrNone: browser, serverOrNone: server, emulatorOrNone: emulator, databaseDir } = this;
    this.browserOrNone = this.serverOrNone = this.emulatorOrNone = this.databaseDir = undefined;
    this.pages.length = this.faults.length = 0;
    await attempt(() => browser?.close());
    await attempt(() => server?.stop());
    await attempt(() => emulator?.close());
    await attempt(async () => databaseDir && rmSync(databaseDir, { recursive: true, force: true }));
    throwAll(problems, "closing the UI stack failed");
  }

  private async startServer(): Promise<void> {
    const database = `sqlite:${path.join(required(this.databaseDir, "no database folder"), "ui.db")}`;
    this.serverOrNone = await startServer(this.emulator, database, { ...this.options.server, port: this.port });
    this.port = Number(new URL(this.serverOrNone.url).port);
  }

  private stopIfClosed(): void {
    if (this.closed) throw new Error("the UI stack was closed while it was starting");
  }
}

/** A stack for the tests of this file: started before all, each test's pages and faults gone after it, closed after all. */
export function useUiStack(options: UiStackOptions = {}): UiStack {
  const stack = new UiStack(options);
  beforeAll(() => stack.start(), options.startTimeoutMs ?? 60_000);
  afterEach(() => stack.endTest());
  afterAll(() => stack.close());
  return stack;
}

function required<T>(value: T | undefined, problem: string): T {
  if (value === undefined) throw new Error(problem);
  return value;
}

function throwAll(problems: readonly unknown[], message: string): void {
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new AggregateError(problems, message);
}
