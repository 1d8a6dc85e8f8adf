/**
 * Canvas work of many sparklines, spread over animation frames: each frame runs queued jobs
 * for at most BUDGET_MS, so a history refresh of hundreds of tiles (or creating them) never
 * becomes one long task. A job queued again before it ran replaces itself (latest wins).
 */
import { FrameQueue } from "./frame-queue.js";

const BUDGET_MS = 8;

const paints = new FrameQueue((_done, elapsedMs) => elapsedMs <= BUDGET_MS);

export function queuePaint(key: object, job: () => void): void {
  paints.add(key, job);
}

export function cancelPaint(key: object): void {
  paints.remove(key);
}
