/** Tile order and grouping: worst first (then unacknowledged first, then set order) or set order. */
import { needsAck, type ChannelStore } from "../live/channel-store.js";
import { LEVEL_RANK } from "../types.js";

export type SortMode = "worst" | "set";

export interface TileGroup {
  /** null: one group of everything. */
  source: string | null;
  names: string[];
}

export function orderTiles(store: ChannelStore, sort: SortMode, bySource: boolean): TileGroup[] {
  const names = [...store.names];
  if (sort === "worst") {
    const index = new Map(names.map((n, i) => [n, i]));
    const rank = (n: string): number => {
      const c = store.get(n)!.channel;
      return LEVEL_RANK[store.level(n)] * 2 + (needsAck(c) ? 0 : 1);
    };
    names.sort((a, b) => rank(a) - rank(b) || index.get(a)! - index.get(b)!);
  }
  if (!bySource) return [{ source: null, names }];
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const source = store.get(n)!.channel.source ?? "unknown source";
    const list = groups.get(source);
    if (list) list.push(n);
    else groups.set(source, [n]);
  }
  // Groups keep the order of their first (worst, if sorted so) channel.
  return [...groups].map(([source, list]) => ({ source, names: list }));
}
