/**
 * The tiles, sized to fill the screen. Re-renders on structure changes only (a tile's
 * level or alert changed, the link went up or down); tiles update themselves otherwise, and
 * sparklines redraw themselves from the history store. Names lose the start their set (or
 * source group) shares; sparklines appear only where tiles are big enough to read them.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useSignal } from "../hooks.js";
import type { ChannelStore } from "../live/channel-store.js";
import { fitTiles, nameFit, sparkFit } from "./fit-tiles.js";
import type { HistoryStore } from "./history-store.js";
import { orderTiles, type SortMode } from "./order.js";
import { shortNames, shortNamesOf } from "./short-names.js";
import { Tile } from "./tile.js";
import { visibleRows } from "./visible-rows.js";

export interface TileGridProps {
  store: ChannelStore;
  sort: SortMode;
  bySource: boolean;
  kiosk: boolean;
  history: HistoryStore;
  onOpen(name: string): void;
  onAck(name: string): void;
}

const GAP = 8;
const GROUP_HEADER = 40;
/** From this many tiles the grid renders only what is on screen. */
const WINDOWED_FROM = 400;

export function TileGrid({ store, sort, bySource, kiosk, history, onOpen, onAck }: TileGridProps) {
  useSignal(store.structure);
  const box = useRef<HTMLDivElement>(null);
  const [area, setArea] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setArea({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    // One update per frame however fast the wheel turns.
    let frame = 0;
    const onScroll = () => {
      if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), setScrollTop(el.scrollTop)));
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener("scroll", onScroll);
      cancelAnimationFrame(frame);
    };
  }, []);

  const groups = orderTiles(store, sort, bySource);
  const count = store.names.length;
  const tile = useMemo(
    () => fitTiles(count, area.width - 2 * GAP, area.height - 2 * GAP - (bySource ? groups.length * GROUP_HEADER : 0), GAP),
    [count, area.width, area.height, bySource, groups.length],
  );
  const spark = sparkFit(tile, area.width - 2 * GAP, GAP);
  const fit = nameFit(tile, spark !== null);
  // History is fetched only while sparklines are shown.
  useEffect(() => history.want(spark !== null && count > 0), [history, spark !== null, count]);
  // A big set, ungrouped (the dense wall): only the rows on screen are rendered. Smaller sets
  // keep every tile in the page (scripts and tests read them all); groups render whole.
  const rows = bySource || count < WINDOWED_FROM ? null : visibleRows(count, tile, area.width - 2 * GAP, GAP, scrollTop, area.height);
  const style = { "--tile-w": `${tile.width}px`, "--tile-h": `${tile.height}px`, "--gap": `${GAP}px`, "--device-px": `${fit.devicePx}px`, "--signal-px": `${fit.signalPx}px` };

  return (
    // data-channels: how many the set has (a dense wall renders only the tiles on screen).
    <div class="grid-area" ref={box} style={style} data-channels={count}>
      {groups.map((g) => {
        // One group of all: the set's shared start (shown in the header); else the group's own.
        const names = g.source === null ? shortNamesOf(store.names) : shortNames(g.names);
        return (
          <section class="tile-group" key={g.source ?? "*"} aria-label={g.source ?? "channels"}>
            {g.source !== null && (
              <h2 class="group-title">
                {g.source}
                {names.prefix && <span class="group-prefix" title={`Every channel of this source starts with ${names.prefix}`}> · {names.prefix}…</span>}
              </h2>
            )}
            <div
              class="tile-grid"
              style={
                rows
                  ? {
                      gridTemplateColumns: `repeat(${rows.columns}, minmax(0, 1fr))`,
                      paddingTop: `${rows.first * rows.pitch}px`,
                      paddingBottom: `${Math.max(0, rows.rows - 1 - rows.last) * rows.pitch}px`,
                    }
                  : undefined
              }
            >
              {(rows ? g.names.slice(rows.first * rows.columns, (rows.last + 1) * rows.columns) : g.names).map((n) => (
                <Tile
                  key={n}
                  store={store}
                  name={n}
                  short={names.short(n)}
                  deviceChars={fit.deviceChars}
                  signalChars={fit.signalChars}
                  kiosk={kiosk}
                  history={history}
                  sparkWidth={spark?.width ?? null}
                  sparkHeight={spark?.height ?? 0}
                  onOpen={onOpen}
                  onAck={onAck}
                />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
