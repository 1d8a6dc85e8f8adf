/**
 * The UI's load: a rolling set of stopped channels. `count` channels are stopped at any
 * time; every `everyMs` the `step` longest-stopped ones come back and as many others stop.
 * Stopped channels are in every delta (their "no value for 3.2 s" moves on each push
 * tick); those that stop or come back change level (error, then rate_low warning for the
 * 10 s rate window, then ok), which reorders a worst-first grid and latches alerts.
 */
import { clearFault, injectFault } from "../server/faults.js";

const BATCH = 10;

export class FaultRotation {
  private readonly stopped: Array<{ channel: string; id: string }> = [];
  private next = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;
  rotations = 0;
  readonly errors: string[] = [];

  constructor(
    private readonly emulator: string,
    /** The channels to take turns, in the order they stop. */
    private readonly pool: readonly string[],
    private readonly count: number,
    private readonly step: number,
    private readonly everyMs: number,
  ) {
    if (count + step > pool.length) throw new Error(`fault rotation: ${count} stopped + ${step} per step needs more than ${pool.length} channels`);
  }

  async start(): Promise<void> {
    await this.stop(this.count);
    this.timer = setInterval(() => void this.rotate(), this.everyMs);
  }

  async end(): Promise<void> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 50));
    const all = this.stopped.splice(0);
    for (let i = 0; i < all.length; i += BATCH) await Promise.all(all.slice(i, i + BATCH).map((s) => clearFault(this.emulator, s.id)));
  }

  private async rotate(): Promise<void> {
    if (this.busy) return; // a slow round: skip a beat rather than pile up requests
    this.busy = true;
    try {
      const back = this.stopped.splice(0, this.step);
      for (let i = 0; i < back.length; i += BATCH) await Promise.all(back.slice(i, i + BATCH).map((s) => clearFault(this.emulator, s.id)));
      await this.stop(this.step);
      this.rotations++;
    } catch (err) {
      this.errors.push((err as Error).message);
    } finally {
      this.busy = false;
    }
  }

  private async stop(n: number): Promise<void> {
    const batch: string[] = [];
    while (batch.length < n) {
      const channel = this.pool[this.next++ % this.pool.length]!;
      if (!this.stopped.some((s) => s.channel === channel)) batch.push(channel);
    }
    // A few requests at a time: the emulator shares its core with the server.
    for (let i = 0; i < batch.length; i += BATCH) {
      const part = batch.slice(i, i + BATCH);
      const ids = await Promise.all(part.map((channel) => injectFault(this.emulator, { kind: "channel_stop", channel })));
      part.forEach((channel, j) => this.stopped.push({ channel, id: ids[j]! }));
    }
  }
}
