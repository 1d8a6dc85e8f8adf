/**
 * Whether a channel carries a value at a pulse: its source rate (modulo/offset), the
 * stream's requested rate, and the faults in force. Pure and deterministic in the pulse id.
 */
import type { ChannelEffects } from "./fault-registry.js";

export const NOT_DUE = 0;
export const VALUE = 1;
/** Due, but the value is missing (stopped, rate dropped, empty, gap). */
export const MISSING = 2;
export type Emission = typeof NOT_DUE | typeof VALUE | typeof MISSING;

export function isDue(pulseId: number, modulo: number, offset: number): boolean {
  return modulo <= 1 ? pulseId >= offset : (pulseId - offset) % modulo === 0;
}

/** The latest pulse <= pulseId at which the channel is due. */
export function lastDuePulse(pulseId: number, modulo: number, offset: number): number {
  if (modulo <= 1) return pulseId;
  return pulseId - ((((pulseId - offset) % modulo) + modulo) % modulo);
}

/** 32-bit integer hash of two numbers, uniform enough to pick "which pulses" deterministically. */
export function mix32(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul((b | 0) ^ Math.floor(b / 4294967296), 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface EmissionInput {
  pulseId: number;
  /** Start of the pulse, ms since the epoch (compared with fault start times). */
  pulseTimeMs: number;
  modulo: number;
  offset: number;
  seed: number;
  effects: ChannelEffects;
}

export function emissionAt({ pulseId, pulseTimeMs, modulo, offset, seed, effects }: EmissionInput): Emission {
  if (!isDue(pulseId, modulo, offset)) return NOT_DUE;
  if (effects.silentSince !== undefined && pulseTimeMs >= effects.silentSince) return MISSING;
  if (effects.gaps && pulseId % effects.gaps.every < effects.gaps.length) return MISSING;
  if (effects.rateFactor < 1) {
    // Keep value k when k * factor crosses an integer: evenly spread, exactly `factor` of them.
    const k = Math.floor((pulseId - offset) / Math.max(1, modulo));
    if (Math.floor((k + 1) * effects.rateFactor) === Math.floor(k * effects.rateFactor)) return MISSING;
  }
  if (effects.emptyFraction > 0 && mix32(seed, pulseId) / 4294967296 < effects.emptyFraction) return MISSING;
  return VALUE;
}
