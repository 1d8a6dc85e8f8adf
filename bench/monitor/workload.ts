/**
 * A realistic monitor workload without a network: N channels of the emulator's catalog
 * (names, types, shapes, rates and sources as the dispatcher lists them), one bsread
 * message per pulse as a dispatcher stream with fill-null sends it, and a plan of faults
 * so that every kind of rule has something to find.
 *
 * Value frames are encoded once from the emulator's value generator and reused every
 * pulse: the monitor reads values of a channel about once per second, so only their bytes
 * (not their changing) matter here. Per pulse only the main header and the choice of
 * which frames are empty are new.
 */
import { EncodedValue, MessageEncoder, type PreparedLayout, type ValueToSend } from "../../src/bsread/index.js";
import type { CatalogChannel, RecordedState } from "../../src/dispatcher/dispatcher-client.js";
import type { WatchSpec } from "../../src/monitor/monitor.js";
import { buildCatalog } from "../../src/simulator/catalog.js";
import { mix32 } from "../../src/simulator/emission.js";
import { pulseIdAt, pulseTimeMs, pulseTimestamp } from "../../src/simulator/pulse-clock.js";
import { clearValueCache, valueAt } from "../../src/simulator/value-generator.js";

export const BACKEND = "sf-databuffer";
/** A fixed start, so every run sees the same pulse ids. */
const START_MS = Date.UTC(2026, 10, 21, 12, 0, 0);
/** Messages arrive this long after their pulse's slot starts. */
const LATENCY_MS = 2;
/** Stopping channels fall silent this long after the start. */
const STOP_AFTER_PULSES = 500;
/** Flapping channels alternate this many pulses of values and of silence. */
const FLAP_PULSES = 300;

/** What the plan does to a channel; "ok" channels are healthy. */
export const ROLES = ["ok", "stops", "sourceDown", "missing5", "missing20", "notRecording", "notInCatalog", "typePinned", "flapping"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Per mille of the channels per fault. The result: about 1.7 % of the channels in error
 * (no_data, not_recording, not_configured) plus one whole source down (5-20 channels,
 * source_down), 1.7 % warnings (missing_values, rate_low, type_changed), and 0.1 %
 * flapping between ok and error every 3 s (so alerts are raised and recover all along).
 */
const PER_MILLE: ReadonlyArray<readonly [Role, number]> = [
  ["stops", 10],
  ["missing5", 10],
  ["missing20", 5],
  ["notRecording", 5],
  ["notInCatalog", 2],
  ["typePinned", 2],
  ["flapping", 1],
];

const EMPTY_FRACTION: Partial<Record<Role, number>> = { missing5: 0.05, missing20: 0.2 };

/** A permutation of each run of 1,000 channels, so the shares are exact and faults spread out. */
function roleOf(index: number, seed: number): Role {
  let draw = (index * 7919 + seed) % 1000;
  for (const [role, share] of PER_MILLE) {
    if (draw < share) return role;
    draw -= share;
  }
  return "ok";
}

export class Workload {
  readonly startPulse: number;
  /** The dispatcher's catalog as the monitor gets it (without the notInCatalog channels). */
  readonly catalog: CatalogChannel[];
  readonly watchSpecs: WatchSpec[];
  readonly names: string[];
  readonly roles: Role[];
  private readonly roleIndex: Uint8Array;
  private readonly modulo: Int32Array;
  private readonly offset: Int32Array;
  private readonly layout: PreparedLayout;
  private readonly encoded: EncodedValue[];
  private readonly values: ValueToSend[];
  private readonly encoder = new MessageEncoder();
  private readonly recorded = new Map<string, RecordedState>();

  constructor(readonly channels: number, seed = 1) {
    this.startPulse = pulseIdAt(START_MS);
    // Images live on the image buffer, a stream of their own: a databuffer stream has none.
    const all = buildCatalog({ channels: Math.ceil(channels * 1.05) + 100, seed }).channels.filter((c) => c.backend === BACKEND);
    if (all.length < channels) throw new Error(`catalog too small: ${all.length} databuffer channels for ${channels}`);
    const chosen = all.slice(0, channels);
    this.names = chosen.map((c) => c.name);
    this.roles = chosen.map((_, i) => roleOf(i, seed));
    // One whole source silent: its channels become one source_down. A 100 Hz source, so
    // that all of its channels are overdue within the run (a 1 Hz one takes 20 s).
    const perSource = new Map<string, { count: number; slowest: number }>();
    for (const c of chosen) {
      const s = perSource.get(c.source) ?? { count: 0, slowest: 1 };
      perSource.set(c.source, { count: s.count + 1, slowest: Math.max(s.slowest, c.modulo) });
    }
    const fits = (source: string): boolean => {
      const s = perSource.get(source)!;
      return s.count >= 5 && s.count <= 20 && s.slowest === 1;
    };
    const downSource = chosen.find((c, i) => i >= channels / 2 && fits(c.source))?.source;
    chosen.forEach((c, i) => {
      if (c.source === downSource) this.roles[i] = "sourceDown";
    });
    this.roleIndex = Uint8Array.from(this.roles, (r) => ROLES.indexOf(r));
    this.modulo = Int32Array.from(chosen, (c) => c.modulo);
    this.offset = Int32Array.from(chosen, (c) => c.offset);
    this.catalog = chosen
      .filter((_, i) => this.roles[i] !== "notInCatalog")
      .map((c) => ({ name: c.name, backend: BACKEND, type: c.type, shape: [...c.shape], modulo: c.modulo, offset: c.offset, source: c.source }));
    this.watchSpecs = chosen.map((c, i) =>
      this.roles[i] === "typePinned" ? { name: c.name, type: c.type === "float64" ? "float32" : "float64" } : { name: c.name },
    );
    this.layout = this.encoder.prepare(
      chosen.map((c) => ({ name: c.name, type: c.type, shape: c.shape, encoding: "little" as const, compression: "none" as const, modulo: c.modulo, offset: c.offset })),
    );
    const first = this.encoder.encodeValues(this.layout, this.startPulse, pulseTimestamp(this.startPulse), chosen.map((c) => valueAt(c, this.startPulse)));
    this.encoded = chosen.map((_, i) => new EncodedValue(first[2 + 2 * i]!));
    // The frames above hold copies: the generator's cache of array values can go.
    clearValueCache();
    this.values = new Array<ValueToSend>(channels).fill(null);
    chosen.forEach((c, i) => {
      const state: RecordedState = { configured: true, connected: true, recording: this.roles[i] !== "notRecording", latestEventDate: undefined, latestEventMs: undefined };
      this.recorded.set(c.name, state);
    });
  }

  /** When a message of this pulse arrives (ms since the epoch). */
  arrival(pulseId: number): number {
    return pulseTimeMs(pulseId) + LATENCY_MS;
  }

  /** The stream's message for a pulse: a value for every channel that is due and not silenced by its fault. */
  frames(pulseId: number): Uint8Array[] {
    const since = pulseId - this.startPulse;
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const modulo = this.modulo[i]!;
      const due = modulo <= 1 || (pulseId - this.offset[i]!) % modulo === 0;
      values[i] = due && this.sends(i, pulseId, since) ? this.encoded[i]! : null;
    }
    return this.encoder.encodeValues(this.layout, pulseId, pulseTimestamp(pulseId), values);
  }

  private sends(i: number, pulseId: number, since: number): boolean {
    const role = ROLES[this.roleIndex[i]!]!;
    switch (role) {
      case "stops":
      case "sourceDown":
        return since < STOP_AFTER_PULSES;
      case "flapping":
        return Math.floor(since / FLAP_PULSES) % 2 === 0;
      case "missing5":
      case "missing20":
        return mix32(i, pulseId) / 4294967296 >= EMPTY_FRACTION[role]!;
      default:
        return true;
    }
  }

  /** The dispatcher's answer to a recorded-state poll at `now`: recording channels have an event just now. */
  recordedStates(now: number): Map<string, RecordedState> {
    for (const state of this.recorded.values()) if (state.recording) state.latestEventMs = now - 50;
    return this.recorded;
  }

  /** How many channels each role has. */
  roleCounts(): Record<Role, number> {
    const counts = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
    for (const r of this.roles) counts[r]++;
    return counts;
  }
}
