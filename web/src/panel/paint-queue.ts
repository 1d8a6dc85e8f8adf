/**
 * Canvas work of many sparklines, spread over animation frames: each frame runs queued jobs
 * for at most BUDGET_MS, so a history refresh of hundreds of tiles (or creating them) never
 * becomes one long task. A job queued again before it ran replaces itself (latest wins).
 */
const BUDGET_MS = 8;

const jobs = new Map<object, () => void>();
let frame = 0;

function run(): void {
  frame = 0;
  const start = performance.now();
  for (const [key, job] of jobs) {
    jobs.delete(key);
    job();
    if (performance.now() - start > BUDGET_MS) break;
  }
  if (jobs.size > 0) frame = requestAnimationFrame(run);
}

export function queuePaint(key: object, job: () => void): void {
  jobs.set(key, job);
  if (frame === 0) frame = requestAnimationFrame(run);
}

export function cancelPaint(key: object): void {
  jobs.delete(key);
}
