/** Paced tile renders: at most a frame's share per animation frame, in the order asked (runs in node, frames stubbed). */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pace, unpace } from "./render-pacer.js";

let frames: Array<() => void> = [];

beforeEach(() => {
  frames = [];
  vi.stubGlobal("requestAnimationFrame", (f: () => void) => frames.push(f));
});
afterEach(() => vi.unstubAllGlobals());

function nextFrame(): void {
  const due = frames;
  frames = [];
  for (const f of due) f();
}

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
