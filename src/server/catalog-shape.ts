/**
 * The JSON shapes of the catalog answers (GET /api/v1/channels rows and GET /api/v1/catalog).
 * Types only and no imports, so the browser UI can `import type` them without pulling server code.
 */

/** One catalog channel: the dispatcher's facts; null where not known (direct sources announce names only). */
export interface CatalogRow {
  name: string;
  backend: string | null;
  type: string | null;
  shape: number[] | null;
  modulo: number | null;
  offset: number | null;
  source: string | null;
}

/** The whole catalog, columnar with dictionaries so repeated backends, types, shapes and sources cost an index. */
export interface CompactCatalog {
  /** Every dispatcher backend's catalog has arrived: a name missing here is really unknown. */
  complete: boolean;
  total: number;
  backends: string[];
  types: string[];
  shapes: number[][];
  sources: string[];
  /** Per channel, same index in every column; -1/null: not known. */
  names: string[];
  backend: number[];
  type: number[];
  shape: number[];
  modulo: Array<number | null>;
  offset: Array<number | null>;
  source: number[];
}
