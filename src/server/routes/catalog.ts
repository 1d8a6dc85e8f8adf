/**
 * The whole channel catalog in one compact answer, for the set editor's instant search and
 * name check in the browser (20,000 names: one request, then every keystroke is local).
 * Columnar with dictionaries, so repeated backends, types, shapes and sources cost an index.
 * An ETag lets a client that already has this catalog get a 304.
 */
import { createHash } from "node:crypto";
import type { Api, RouteContext } from "./context.js";

/** Index of `value` in `dict`, adding it on first sight; -1 for "not known" (null/undefined). */
function indexer<T>(): { dict: T[]; index: (value: T | null | undefined, key?: string) => number } {
  const dict: T[] = [];
  const seen = new Map<string, number>();
  return {
    dict,
    index(value, key) {
      if (value === null || value === undefined) return -1;
      const k = key ?? String(value);
      let i = seen.get(k);
      if (i === undefined) {
        i = dict.length;
        dict.push(value);
        seen.set(k, i);
      }
      return i;
    },
  };
}

export interface CompactCatalog {
  /** Every dispatcher backend's catalog has arrived: a name missing here is really unknown. */
  complete: boolean;
  total: number;
  backends: string[];
  types: string[];
  shapes: number[][];
  sources: string[];
  /** Per channel, same index in every column; -1/null: not known (direct sources announce names only). */
  names: string[];
  backend: number[];
  type: number[];
  shape: number[];
  modulo: Array<number | null>;
  offset: Array<number | null>;
  source: number[];
}

export function compactCatalog(service: RouteContext["service"]): CompactCatalog {
  const backends = indexer<string>();
  const types = indexer<string>();
  const shapes = indexer<number[]>();
  const sources = indexer<string>();
  const out: CompactCatalog = {
    complete: service.monitor.catalogComplete(),
    total: 0,
    backends: backends.dict,
    types: types.dict,
    shapes: shapes.dict,
    sources: sources.dict,
    names: [],
    backend: [],
    type: [],
    shape: [],
    modulo: [],
    offset: [],
    source: [],
  };
  const seen = new Set<string>();
  const add = (name: string, backend: string | null, type: string | null, shape: number[] | null, modulo: number | null, offset: number | null, source: string | null) => {
    if (seen.has(name)) return;
    seen.add(name);
    out.names.push(name);
    out.backend.push(backends.index(backend));
    out.type.push(types.index(type));
    out.shape.push(shapes.index(shape, shape?.join("x")));
    out.modulo.push(modulo);
    out.offset.push(offset);
    out.source.push(sources.index(source));
  };
  for (const c of service.monitor.catalogChannels()) add(c.name, c.backend, c.type, c.shape, c.modulo, c.offset, c.source ?? null);
  for (const c of service.monitor.directChannels()) add(c.name, null, null, null, null, null, c.source);
  out.total = out.names.length;
  return out;
}

export function registerCatalogRoutes(app: Api, { service }: RouteContext): void {
  app.get(
    "/catalog",
    {
      schema: {
        tags: ["channels"],
        summary: "The whole catalog, compact (columns with dictionaries) for client-side search; ETag / If-None-Match",
      },
    },
    async (req, reply) => {
      const body = JSON.stringify(compactCatalog(service));
      const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
      reply.header("etag", etag).header("cache-control", "no-cache");
      if (req.headers["if-none-match"] === etag) return reply.code(304).send();
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );
}
