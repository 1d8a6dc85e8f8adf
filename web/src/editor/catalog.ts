/**
 * The channel catalog in the browser (GET /api/v1/catalog, fetched once): every keystroke of
 * the search is a local regex over the names, and names are checked against it before saving.
 */
import { RequestError } from "../api.js";

interface CompactCatalog {
  complete: boolean;
  total: number;
  backends: string[];
  types: string[];
  shapes: number[][];
  sources: string[];
  names: string[];
  backend: number[];
  type: number[];
  shape: number[];
  modulo: Array<number | null>;
  offset: Array<number | null>;
  source: number[];
}

export interface CatalogEntry {
  name: string;
  backend: string | null;
  type: string | null;
  shape: number[] | null;
  modulo: number | null;
  offset: number | null;
  source: string | null;
}

export interface SearchHit {
  entry: CatalogEntry;
  /** Where the pattern matched in the name (for highlighting). */
  at: number;
  length: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** Every matching name, up to `cap` (for "add all"). */
  names: string[];
}

/** Same guard as the server's /channels: a nested quantifier such as (a+)+ can freeze the page. */
const NESTED_QUANTIFIER = /\([^)]*[+*}][^)]*\)\s*[+*{]/;

/** A case-insensitive regex from what the user typed, or the reason it is not one. */
export function compilePattern(text: string): RegExp | string {
  if (NESTED_QUANTIFIER.test(text)) return "a nested quantifier such as (a+)+ is too costly to match: simplify it";
  try {
    return new RegExp(text, "i");
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
}

export class Catalog {
  private readonly index = new Map<string, number>();
  /** Catalog positions in name order, so results read alphabetically. */
  private readonly order: number[];

  constructor(private readonly data: CompactCatalog) {
    data.names.forEach((n, i) => this.index.set(n, i));
    this.order = data.names.map((_, i) => i).sort((a, b) => (data.names[a]! < data.names[b]! ? -1 : 1));
  }

  /** Every backend's catalog is in: a name missing from it is really unknown. */
  get complete(): boolean {
    return this.data.complete;
  }

  get size(): number {
    return this.data.total;
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  entry(name: string): CatalogEntry | undefined {
    const i = this.index.get(name);
    return i === undefined ? undefined : this.at(i);
  }

  private at(i: number): CatalogEntry {
    const d = this.data;
    return {
      name: d.names[i]!,
      backend: d.backends[d.backend[i]!] ?? null,
      type: d.types[d.type[i]!] ?? null,
      shape: d.shapes[d.shape[i]!] ?? null,
      modulo: d.modulo[i] ?? null,
      offset: d.offset[i] ?? null,
      source: d.sources[d.source[i]!] ?? null,
    };
  }

  /** The first `limit` matches with positions, the total, and up to `cap` matching names. */
  search(pattern: RegExp, limit: number, cap: number): SearchResult {
    const hits: SearchHit[] = [];
    const names: string[] = [];
    let total = 0;
    for (const i of this.order) {
      const name = this.data.names[i]!;
      const m = pattern.exec(name);
      if (!m) continue;
      total++;
      if (names.length < cap) names.push(name);
      if (hits.length < limit) hits.push({ entry: this.at(i), at: m.index, length: m[0].length });
    }
    return { total, hits, names };
  }
}

export async function fetchCatalog(): Promise<Catalog> {
  const res = await fetch("/api/v1/catalog");
  const body = (await res.json().catch(() => ({}))) as CompactCatalog & { error?: { code: string; message: string } };
  if (!res.ok) throw new RequestError(res.status, body.error?.code ?? "HTTP_ERROR", body.error?.message ?? `catalog: HTTP ${res.status}`);
  return new Catalog(body);
}

/** One line for a catalog entry: backend · type · shape · every Nth pulse · source. */
export function describeEntry(e: CatalogEntry): string {
  const parts: string[] = [];
  if (e.type) parts.push(e.type);
  if (e.shape) parts.push(e.shape.length === 1 && e.shape[0] === 1 ? "scalar" : `[${e.shape.join("×")}]`);
  if (e.modulo !== null && e.modulo > 1) parts.push(`every ${e.modulo}th pulse${e.offset ? ` +${e.offset}` : ""}`);
  if (e.backend) parts.push(e.backend);
  if (e.source) parts.push(e.source);
  return parts.join(" · ");
}
