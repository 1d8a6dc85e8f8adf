/** A tiny change notifier: components subscribe to exactly what they draw, nothing more. */
export type Listener = () => void;

export class Signal {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const l of this.listeners) l();
  }
}
