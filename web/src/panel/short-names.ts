/**
 * Tiles show what differs between channels: the start every name of a set (or of a source
 * group) shares is shown once, in the header, and left off the tiles. SwissFEL names are
 * SECTION-DEVICE:SIGNAL, so the shared start is cut only right after a separator ("-", ":",
 * ".", "_"): "S10CB02-RLLE-DSP:PHASE-VS" and "S10CB02-RKLY-DCP10:FOR-AMPLT" share "S10CB02-",
 * never "S10CB02-R". Pure functions (no DOM): unit-tested in node.
 */

const SEPARATORS = new Set(["-", ":", ".", "_"]);

export interface ShortNames {
  /** What every name starts with ("" when nothing worth dropping is shared). */
  prefix: string;
  /** The name as the tile shows it, without the prefix. */
  short(name: string): string;
}

/**
 * The longest start shared by all `names` that ends right after a separator and leaves every
 * name something to show. One name alone (or none) keeps its full name: nothing differs.
 */
export function commonPrefix(names: readonly string[]): string {
  if (names.length < 2) return "";
  let end = names[0]!.length;
  const first = names[0]!;
  for (let i = 1; i < names.length && end > 0; i++) {
    const n = names[i]!;
    let k = 0;
    const max = Math.min(end, n.length);
    while (k < max && n.charCodeAt(k) === first.charCodeAt(k)) k++;
    end = k;
  }
  // Back to just after the last separator inside the shared part...
  while (end > 0 && !SEPARATORS.has(first[end - 1]!)) end--;
  // ...and never the whole of a name (a name that is all prefix would show nothing).
  while (end > 0 && names.some((n) => n.length <= end)) {
    end--;
    while (end > 0 && !SEPARATORS.has(first[end - 1]!)) end--;
  }
  return first.slice(0, end);
}

export function shortNames(names: readonly string[]): ShortNames {
  const prefix = commonPrefix(names);
  return { prefix, short: (name) => (prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name) };
}

// Names arrays are replaced (never mutated) when the set changes: cache per array.
const cache = new WeakMap<readonly string[], ShortNames>();

/** shortNames, computed once per names array (a grid re-render must not redo 2,000 names). */
export function shortNamesOf(names: readonly string[]): ShortNames {
  let s = cache.get(names);
  if (!s) cache.set(names, (s = shortNames(names)));
  return s;
}
