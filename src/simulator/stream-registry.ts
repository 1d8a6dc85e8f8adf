/** The output streams a backend serves: creation, lookup, idle cleanup and kill. */
import type { Backend, Catalog } from "./channel-spec.js";
import type { FaultRegistry } from "./fault-registry.js";
import { OutputStream, type StreamRequest } from "./output-stream.js";

export class StreamRegistry {
  private readonly streams = new Map<string, OutputStream>();

  constructor(
    private readonly catalog: Catalog,
    private readonly faults: FaultRegistry,
    /** A stream nobody has been connected to for this long is removed, as the dispatcher does. */
    private readonly idleTimeoutMs: number,
  ) {}

  async create(backend: Backend, request: StreamRequest, now: number): Promise<OutputStream> {
    const stream = new OutputStream(backend, request, this.catalog, this.faults, now);
    try {
      await stream.open();
    } catch (err) {
      stream.close();
      throw err;
    }
    this.streams.set(stream.address, stream);
    return stream;
  }

  list(backend?: Backend): OutputStream[] {
    return [...this.streams.values()].filter((s) => backend === undefined || s.backend === backend);
  }

  get(address: string): OutputStream | undefined {
    return this.streams.get(address);
  }

  delete(address: string): boolean {
    const stream = this.streams.get(address);
    if (!stream) return false;
    stream.close();
    this.streams.delete(address);
    return true;
  }

  /** Closes every stream of a backend (stream_kill). */
  kill(backend?: Backend): number {
    const victims = this.list(backend);
    for (const s of victims) this.delete(s.address);
    return victims.length;
  }

  emit(pulseId: number): void {
    for (const s of this.streams.values()) s.emit(pulseId);
  }

  removeIdle(now: number): string[] {
    const removed: string[] = [];
    for (const s of [...this.streams.values()]) {
      const since = s.unattendedSince();
      if (since !== undefined && now - since > this.idleTimeoutMs) {
        this.delete(s.address);
        removed.push(s.address);
      }
    }
    return removed;
  }

  closeAll(): void {
    this.kill();
  }
}
