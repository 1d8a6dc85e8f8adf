/**
 * The monitor's event sink in the server: events queue in memory as the rules produce them
 * and are written to the store in batches; anything a client is told about is flushed
 * first (see ChannelWatchService), so an acknowledged action is never lost.
 */
import type { EventQuery, EventSink, MonitorEvent } from "../monitor/events.js";
import type { Store } from "../store/store.js";

/** Events queued beyond this many are dropped oldest-first if the store is down; counted. */
const MAX_QUEUED = 100_000;

export class DurableEventQueue implements EventSink {
  private queue: MonitorEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  dropped = 0;
  lastError: string | undefined;

  constructor(private readonly store: Store) {}

  append(event: MonitorEvent): MonitorEvent {
    if (this.queue.length >= MAX_QUEUED) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push(event);
    return event;
  }

  /** The monitor never reads back through this sink; queries go to the store. */
  query(_query: EventQuery): MonitorEvent[] {
    return [];
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything queued so far; concurrent calls wait for each other. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.queue.length === 0) return;
      const batch = this.queue;
      this.queue = [];
      try {
        await this.store.appendEvents(batch);
        this.lastError = undefined;
      } catch (err) {
        this.queue = batch.concat(this.queue);
        this.lastError = (err as Error).message;
        throw err;
      }
    });
    return this.flushing;
  }
}
