/**
 * JSON shapes of the API that several views read. The catalog shapes come from the server's
 * own declaration (types only: nothing of the server reaches the browser bundle).
 */
export type { CatalogRow as CatalogEntry, CompactCatalog } from "../../src/server/catalog-shape.js";

/** One row of GET /api/v1/sets. */
export interface SetListEntry {
  name: string;
  description: string;
  owner: string;
  tags: string[];
  version: number;
  channelCount: number;
  updatedAt: string | null;
  watched: boolean;
}
