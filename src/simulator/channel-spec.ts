/** What the emulator knows about one simulated channel and source. */
import type { BsreadType } from "../bsread/index.js";

export const BACKENDS = ["sf-databuffer", "sf-imagebuffer"] as const;
export type Backend = (typeof BACKENDS)[number];

/** How a channel's values evolve from pulse to pulse. */
export type SignalKind =
  | "noise" // a level with gaussian-like noise (intensities, positions, charges)
  | "ramp" // slow drift or sine (temperatures, photon energy)
  | "counter" // increments per sent value (event counters, pulse id echoes)
  | "status" // small integer that rarely changes (enums, status words)
  | "flag" // bool, mostly stable
  | "waveform" // 1-D array with a moving shape (RF, diode traces)
  | "spectrum" // 1-D array, a peak with noise (spectrometers)
  | "image" // 2-D camera image [width, height]
  | "text"; // string (messages, states)

export interface SimChannel {
  readonly name: string;
  readonly backend: Backend;
  readonly type: BsreadType;
  /** Fastest dimension first: [n] for waveforms, [width, height] for images. */
  readonly shape: readonly number[];
  readonly modulo: number;
  readonly offset: number;
  /** The source IOC / camera server, `tcp://HOST:PORT`. */
  readonly source: string;
  readonly kind: SignalKind;
  /** Per-channel seed so values differ between channels but repeat for a given catalog seed. */
  readonly seed: number;
}

export interface SimSource {
  readonly address: string;
  readonly backend: Backend;
  readonly channels: readonly string[];
}

export interface Catalog {
  readonly channels: readonly SimChannel[];
  readonly byName: ReadonlyMap<string, SimChannel>;
  readonly sources: readonly SimSource[];
}

export interface CatalogOptions {
  /** Total number of channels; default about 2,000. */
  channels?: number;
  seed?: number;
}
