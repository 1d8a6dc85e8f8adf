/**
 * The channel catalog: GET /channels searches it by regex (on a worker thread with a deadline,
 * so no pattern can stall the server), and GET /catalog gives all of it in one compact answer
 * for the set editor's instant search and name check in the browser (20,000 names: one
 * request, then every keystroke is local). Columnar with dictionaries, so repeated backends,
 * types, shapes and sources cost an index. An ETag lets a client that already has this
 * catalog get a 304.
 */
import { createHash } from "node:crypto";
import { ApiError } from "../api-error.js";
import type { CatalogRow, CompactCatalog } from "../catalog-shape.js";
import { RegexSearch, RegexSearchError } from "../regex-search.js";
import { ChannelSearchAnswer, CompactCatalogText, NoBody, errorAnswer } from "../response-schemas.js";
import { ChannelsQuery } from "../schemas.js";
import type { Api, RouteContext } from "./context.js";

export type { CatalogRow, CompactCatalog } from "../catalog-shape.js";

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

/** Every catalog channel once: the dispatchers' catalogs, then names only direct sources announce. */
export function catalogRows(service: RouteContext["service"]): CatalogRow[] {
  const rows: CatalogRow[] = [];
  const seen = new Set<string>();
  for (const c of service.monitor.catalogChannels()) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    rows.push({ name: c.name, backend: c.backend, type: c.type, shape: c.shape, modulo: c.modulo, offset: c.offset, source: c.source ?? null });
  }
  for (const c of service.monitor.directChannels()) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    rows.push({ name: c.name, backend: null, type: null, shape: null, modulo: null, offset: null, source: c.source });
  }
  return rows;
}

export function compactCatalog(service: RouteContext["service"]): CompactCatalog {
  const backends = indexer<string>();
  const types = indexer<string>();
  const shapes = indexer<number[]>();
  const sources = indexer<string>();
  const rows = catalogRows(service);
  return {
    complete: service.monitor.catalogComplete(),
    total: rows.length,
    names: rows.map((r) => r.name),
    backend: rows.map((r) => backends.index(r.backend)),
    type: rows.map((r) => types.index(r.type)),
    shape: rows.map((r) => shapes.index(r.shape, r.shape?.join("x"))),
    modulo: rows.map((r) => r.modulo),
    offset: rows.map((r) => r.offset),
    source: rows.map((r) => sources.index(r.source)),
    backends: backends.dict,
    types: types.dict,
    shapes: shapes.dict,
    sources: sources.dict,
  };
}

/** A search failure as the API answers it. */
function searchError(err: unknown): ApiError {
  if (!(err instanceof RegexSearchError)) throw err;
  switch (err.reason) {
    case "too-costly":
      return new ApiError(400, "REGEX_TOO_COSTLY", `q backtracks too much (${err.message}): simplify it, e.g. avoid nested or repeated .* quantifiers`);
    case "invalid":
      return new ApiError(400, "BAD_REGEX", `q is not a valid regular expression: ${err.message}`);
    case "busy":
      return new ApiError(503, "BUSY", `too many catalog searches at once (${err.message})`);
    default:
      return new ApiError(503, "BUSY", `the catalog search is not available: ${err.message}`);
  }
}

export function registerCatalogRoutes(app: Api, { service }: RouteContext): void {
  const search = new RegexSearch();
  app.addHook("onClose", async () => search.close());

  app.get("/channels", { schema: { tags: ["channels"], summary: "Search the catalog (case-insensitive regex on names)", querystring: ChannelsQuery, response: { 200: ChannelSearchAnswer, 400: errorAnswer("BAD_REGEX: q is not a valid regular expression; REGEX_TOO_COSTLY: q backtracks too much; VALIDATION_FAILED: a malformed or unknown query field"), 503: errorAnswer("BUSY: too many catalog searches at once, or the search worker is not available; try again") } } }, async (req) => {
    const q = req.query.q ?? "";
    try {
      // Parsing is cheap and cannot hang; only matching runs on the worker.
      new RegExp(q, "i");
    } catch (err) {
      throw new ApiError(400, "BAD_REGEX", `q is not a valid regular expression: ${(err as Error).message}`);
    }
    const rows = catalogRows(service);
    const limit = req.query.limit ?? 100;
    if (q === "") return { total: rows.length, channels: rows.slice(0, limit) };
    const names = rows.map((r) => r.name);
    const indices = await search.match(names, q, "i").catch((err: unknown) => {
      throw searchError(err);
    });
    return { total: indices.length, channels: indices.slice(0, limit).map((i) => rows[i]!) };
  });

  app.get(
    "/catalog",
    {
      schema: {
        tags: ["channels"],
        summary: "The whole catalog, compact (columns with dictionaries) for client-side search; ETag / If-None-Match",
        response: { 200: CompactCatalogText, 304: NoBody("If-None-Match named the current ETag: the client's copy is current") },
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
