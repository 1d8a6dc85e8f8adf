/**
 * Jobs spread over animation frames, so work for hundreds of tiles never becomes one long
 * task. Each frame runs queued jobs, oldest first, while `more(done, elapsedMs)` allows (the
 * first job of a frame always runs). A key queued again keeps its place and runs only its
 * latest job.
 */
export class FrameQueue {
  private readonly jobs = new Map<object, () => void>();
  private frame = 0;

  constructor(private readonly more: (done: number, elapsedMs: number) => boolean) {}

  add(key: object, job: () => void): void {
    this.jobs.set(key, job);
    if (this.frame === 0) this.frame = requestAnimationFrame(this.run);
  }

  remove(key: object): void {
    this.jobs.delete(key);
  }

  private readonly run = (): void => {
    this.frame = 0;
    const start = performance.now();
    let done = 0;
    for (const [key, job] of this.jobs) {
      if (done > 0 && !this.more(done, performance.now() - start)) break;
      this.jobs.delete(key);
      job();
      done++;
    }
    if (this.jobs.size > 0) this.frame = requestAnimationFrame(this.run);
  };
}
