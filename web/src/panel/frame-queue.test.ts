/** Jobs over animation frames: by time budget (sparkline paints) and by count (paced tile renders); runs in node, frames and clock stubbed. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FrameQueue } from "./frame-queue.js";
import { pace, unpace } from "./render-pacer.js";

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

describe("pace", () => {
  it("runs at most 24 jobs a frame, the rest in the frames after, first asked first run", () => {
    const ran: number[] = [];
    const keys = Array.from({ length: 30 }, () => ({}));
    keys.forEach((k, i) => pace(k, () => ran.push(i)));
    expect(ran).toEqual([]);
    nextFrame();
    expect(ran).toEqual(Array.from({ length: 24 }, (_, i) => i));
    nextFrame();
    expect(ran).toHaveLength(30);
    expect(ran.slice(24)).toEqual([24, 25, 26, 27, 28, 29]);
    nextFrame();
    expect(frames).toHaveLength(0);
  });

  it("a key asked again runs once, its latest job; a withdrawn key does not run", () => {
    const ran: string[] = [];
    const a = {};
    const b = {};
    pace(a, () => ran.push("a1"));
    pace(b, () => ran.push("b"));
    pace(a, () => ran.push("a2"));
    unpace(b);
    nextFrame();
    expect(ran).toEqual(["a2"]);
  });
});
