/** Pulse arithmetic shared by ingest, rules and runs: which pulses a channel is due at. */

/** Channel sent when (pulseId - offset) % modulo == 0. */
export function isDue(pulseId: number, modulo: number, offset: number): boolean {
  return modulo <= 1 || (pulseId - offset) % modulo === 0;
}

/** Number of due pulses in [first, last] (inclusive); 0 for an empty range. */
export function countDue(first: number, last: number, modulo: number, offset: number): number {
  if (last < first) return 0;
  if (modulo <= 1) return last - first + 1;
  const upTo = (p: number): number => Math.floor((p - offset) / modulo);
  return upTo(last) - upTo(first - 1);
}

/** Pulse-second a pulse belongs to (100 pulses each). */
export function pulseSecond(pulseId: number): number {
  return Math.floor(pulseId / 100);
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

/** Smallest due pulse >= p. */
export function dueAtOrAfter(p: number, modulo: number, offset: number): number {
  return modulo <= 1 ? p : p + mod(offset - p, modulo);
}

/** Largest due pulse <= p. */
export function dueAtOrBefore(p: number, modulo: number, offset: number): number {
  return modulo <= 1 ? p : p - mod(p - offset, modulo);
}
