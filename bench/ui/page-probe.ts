/**
 * What bench/ui measures inside the page, installed before the page's own scripts
 * (page.addInitScript): long tasks (PerformanceObserver 'longtask'), frames
 * (requestAnimationFrame: count and the gaps between them) and the live WebSocket's
 * messages and bytes as the page receives them. The bench takes a window's figures with
 * takeWindow(), which also starts the next window.
 */
import type { Page } from "playwright-core";

export interface ProbeWindow {
  /** performance.now() at the window's start and end (ms). */
  from: number;
  to: number;
  longTasks: Array<{ start: number; duration: number }>;
  frames: number;
  /** Gaps between consecutive animation frames (ms). */
  frameGaps: number[];
  wsMessages: number;
  wsChars: number;
}

/**
 * Runs in the page before its own scripts. Plain JavaScript in a string: this project's
 * bench code is typed for Node, without the DOM.
 */
const PROBE_SCRIPT = `(() => {
  const fresh = (from) => ({ from, to: from, longTasks: [], frames: 0, frameGaps: [], wsMessages: 0, wsChars: 0 });
  const state = { window: fresh(performance.now()), fresh };
  window.__benchProbe = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.window.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  let last;
  const frame = (t) => {
    if (last !== undefined) {
      state.window.frames++;
      state.window.frameGaps.push(t - last);
    }
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // Counting only (no parsing): the page's own work is what is measured.
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener("message", (e) => {
        state.window.wsMessages++;
        state.window.wsChars += typeof e.data === "string" ? e.data.length : 0;
      });
    }
  };
})();`;

const TAKE_WINDOW = `(() => {
  const state = window.__benchProbe;
  const now = performance.now();
  const w = { ...state.window, to: now };
  state.window = state.fresh(now);
  return w;
})()`;

export async function addProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: PROBE_SCRIPT });
}

/** The figures since the last call (or page start); the next window starts now. */
export function takeWindow(page: Page): Promise<ProbeWindow> {
  return page.evaluate<ProbeWindow>(TAKE_WINDOW);
}
