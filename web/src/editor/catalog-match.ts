/** The regex match over the catalog's names, as the search worker runs it (kept apart so it is testable without a worker). */

export interface MatchHit {
  /** Catalog index of the name. */
  index: number;
  /** Where the pattern matched in the name (for highlighting). */
  at: number;
  length: number;
}

export interface MatchResult {
  total: number;
  /** The first `limit` matches in name order, with positions. */
  hits: MatchHit[];
  /** Catalog indices of the first `cap` matches in name order (for "add all"). */
  indices: number[];
}

/** Catalog positions in name order, so results read alphabetically. */
export function nameOrder(names: readonly string[]): number[] {
  return names.map((_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
}

export function matchNames(names: readonly string[], order: readonly number[], pattern: RegExp, limit: number, cap: number): MatchResult {
  const hits: MatchHit[] = [];
  const indices: number[] = [];
  let total = 0;
  for (const i of order) {
    pattern.lastIndex = 0;
    const m = pattern.exec(names[i]!);
    if (!m) continue;
    total++;
    if (indices.length < cap) indices.push(i);
    if (hits.length < limit) hits.push({ index: i, at: m.index, length: m[0].length });
  }
  return { total, hits, indices };
}
