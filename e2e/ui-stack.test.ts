/**
 * The browser tests' fixture itself: a start that fails part-way closes what it had opened
 * (a failed beforeAll leaves no server or emulator listening), and after each test its
 * pages are closed, its faults removed, and an uncaught error in one of its pages fails it.
 */
import { describe, expect, it } from "vitest";
import { UiStack } from "./ui-stack.js";

describe("UI stack", () => {
  it("a start that fails in setup closes the server and emulator it opened, and rethrows the failure", async () => {
    let opened: { server: string; emulator: string } | undefined;
    const stack = new UiStack({
      setup: (s) => {
        opened = { server: s.server.url, emulator: s.emulator.url };
        throw new Error("setup failed on purpose");
      },
    });
    await expect(stack.start()).rejects.toThrow("setup failed on purpose");
    expect(opened).toBeDefined();
    // Nothing listens there any more: the requests are refused, not answered.
    await expect(fetch(`${opened!.server}/api/v1/sets`)).rejects.toThrow();
    await expect(fetch(opened!.emulator)).rejects.toThrow();
    expect(() => stack.server).toThrow("the server is not running");
    // Closing again (afterAll after a failed beforeAll) is harmless.
    await stack.close();
  }, 60_000);

  it("after a test, closes its pages, removes its faults, and fails on an uncaught error in its pages", async () => {
    const stack = new UiStack({ failOnPageErrors: true });
    try {
      await stack.start();
      const page = await stack.page("/");
      const fault = stack.fault({ kind: "channel_stop", channel: stack.emulator.catalog.channels[0]!.name, params: {} });
      expect(stack.emulator.faults.get(fault)).toBeDefined();
      await Promise.all([page.waitForEvent("pageerror"), page.evaluate(() => {
          setTimeout(() => {
            throw new Error("boom in the page");
          }, 0);
        })]);
      await expect(stack.endTest()).rejects.toThrow(/boom in the page/);
      expect(page.isClosed()).toBe(true);
      expect(stack.emulator.faults.get(fault)).toBeUndefined();
      // The errors belonged to that test: the next one starts clean.
      await stack.endTest();
    } finally {
      await stack.close();
    }
  }, 60_000);
});
