/** Jobs over animation frames under a time budget (runs in node, frames and clock stubbed). */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FrameQueue } from "./frame-queue.js";

let frames: Array<() => void> = [];
let clock = 0;

beforeEach(() => {
  frames = [];
  clock = 0;
  vi.stubGlobal("requestAnimationFrame", (f: () => void) => frames.push(f));
  vi.spyOn(performance, "now").mockImplementation(() => clock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function nextFrame(): void {
  const due = frames;
  frames = [];
  for (const f of due) f();
}

describe("FrameQueue with a time budget", () => {
  it("stops a frame once the budget is spent, always runs one job, and asks for one frame at a time", () => {
    const queue = new FrameQueue((_done, elapsedMs) => elapsedMs <= 8);
    const ran: number[] = [];
    // Each job takes 3 ms; the third starts at 6 ms (within 8), the fourth would start at 9 ms.
    for (let i = 0; i < 7; i++) queue.add({}, () => ((clock += 3), ran.push(i)));
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(ran).toEqual([0, 1, 2]);
    // A key added later waits its turn; a job started within the budget runs even if it overruns it.
    queue.add({}, () => ((clock += 50), ran.push(99)));
    nextFrame();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5]);
    nextFrame();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 99]);
    expect(frames).toHaveLength(0);
  });
});
