/**
 * The channel catalog in the browser (GET /api/v1/catalog, fetched once): names are checked
 * against it before saving, and the search runs a regex over its names on a worker
 * (catalog-searcher.ts) so that no pattern can freeze the page.
 */
import { RequestError } from "../api.js";
import type { CatalogEntry, CompactCatalog } from "../api-types.js";
import type { MatchHit } from "./catalog-match.js";
import { CatalogSearcher, type SearchOutcome } from "./catalog-searcher.js";

export type { CatalogEntry } from "../api-types.js";

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

/** What a search came to; "cancelled" means a newer search replaced it. */
export type SearchAnswer = Exclude<SearchOutcome, { kind: "done" }> | { kind: "done"; result: SearchResult };

/** A case-insensitive regex from what the user typed, or the reason it is not one. */
export function compilePattern(text: string): RegExp | string {
  try {
    return new RegExp(text, "i");
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
}

export class Catalog {
  private readonly index = new Map<string, number>();
  private searcher: CatalogSearcher | null = null;

  constructor(private readonly data: CompactCatalog) {
    data.names.forEach((n, i) => this.index.set(n, i));
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

  /**
   * The first `limit` matches with positions, the total, and up to `cap` matching names, in
   * name order. A newer search cancels this one; one running past the deadline is "too-costly".
   */
  async search(pattern: RegExp, limit: number, cap: number): Promise<SearchAnswer> {
    this.searcher ??= new CatalogSearcher(this.data.names);
    const outcome = await this.searcher.search(pattern.source, pattern.flags, limit, cap);
    if (outcome.kind !== "done") return outcome;
    const r = outcome.result;
    return {
      kind: "done",
      result: { total: r.total, hits: r.hits.map((h: MatchHit) => ({ entry: this.at(h.index), at: h.at, length: h.length })), names: r.indices.map((i) => this.data.names[i]!) },
    };
  }

  /** Ends the search worker (the editor is closed). */
  dispose(): void {
    this.searcher?.dispose();
    this.searcher = null;
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
