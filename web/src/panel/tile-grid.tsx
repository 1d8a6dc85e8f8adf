/**
 * The tiles, sized to fill the screen and placed at computed positions (wall-layout.ts): each
 * tile sits in a fixed-size, absolutely placed slot that is its own layout root, so a tile
 * whose text changes lays out only itself. Re-renders when the order changes (at most once a
 * second for level changes, use-tile-order.ts), on resize and on scroll; tiles update
 * themselves otherwise, and sparklines redraw themselves from the history store. Names lose
 * the start their set (or source group) shares; sparklines appear only where tiles are big
 * enough to read them. The slots are in visual order in the page, so keyboard focus follows
 * what the eye sees.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ChannelStore } from "../live/channel-store.js";
import { fitTiles, nameFit, sparkFit, tileContent } from "./fit-tiles.js";
import type { HistoryStore } from "./history-store.js";
import type { SortMode } from "./order.js";
import { shortNames, shortNamesOf } from "./short-names.js";
import { Tile } from "./tile.js";
import { useTileOrder } from "./use-tile-order.js";
import { layoutWall, tileBox, visibleTiles } from "./wall-layout.js";

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
/** From this many tiles the wall renders only what is on screen. */
const WINDOWED_FROM = 400;
/** Half a blink period: on for this long, then off. */
const BLINK_MS = 500;

export function TileGrid({ store, sort, bySource, kiosk, history, onOpen, onAck }: TileGridProps) {
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

  // Unacknowledged alerts blink: one class on the wall, toggled without a render.
  const wall = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    const timer = setInterval(() => wall.current?.classList.toggle("blink-off"), BLINK_MS);
    return () => clearInterval(timer);
  }, []);

  const groups = useTileOrder(store, sort, bySource);
  const count = store.names.length;
  const width = area.width - 2 * GAP;
  const headers = bySource ? GROUP_HEADER : 0;
  const tile = useMemo(() => fitTiles(count, width, area.height - 2 * GAP - groups.length * headers, GAP), [count, width, area.height, headers, groups.length]);
  const layout = useMemo(() => layoutWall(groups.map((g) => g.names.length), tile, width, GAP, headers), [groups, tile, width, headers]);
  const spark = sparkFit(tile, layout.columnWidth);
  const fit = nameFit(tile, spark !== null);
  // History is fetched only while sparklines are shown.
  useEffect(() => history.want(spark !== null && count > 0), [history, spark !== null, count]);
  // A big set (the dense wall, grouped or not): only the rows on screen are rendered. Smaller
  // sets keep every tile in the page (scripts and tests read them all).
  const windowed = count >= WINDOWED_FROM;
  // The view in wall coordinates: the wall starts below the area's top padding.
  const viewTop = scrollTop - GAP;
  // 1 % of a tile's content box, as the container query units cqw/cqh would give, set once for all tiles.
  const content = tileContent(tile, layout.columnWidth);
  const cqw = content.width / 100;
  const cqh = content.height / 100;
  const style = { "--cqw": `${cqw.toFixed(3)}px`, "--cqh": `${cqh.toFixed(3)}px`, "--tile-w": `${tile.width}px`, "--tile-h": `${tile.height}px`, "--gap": `${GAP}px`, "--device-px": `${fit.devicePx}px`, "--signal-px": `${fit.signalPx}px` };

  return (
    // data-channels: how many the set has (a dense wall renders only the tiles on screen).
    <div class="grid-area" ref={box} style={style} data-channels={count}>
      <div class="tile-wall" ref={wall} style={{ height: `${layout.height}px` }}>
        {groups.map((g, gi) => {
          // One group of all: the set's shared start (shown in the panel's head); else the group's own.
          const names = g.source === null ? shortNamesOf(store.names) : shortNames(g.names);
          const place = layout.groups[gi]!;
          const shown = windowed ? visibleTiles(layout, gi, viewTop, area.height) : { start: 0, end: g.names.length };
          return (
            <section class="tile-group" key={g.source ?? "*"} aria-label={g.source ?? "channels"}>
              {g.source !== null && place.headerTop !== null && (
                <h2 class="group-title" style={{ top: `${place.headerTop}px`, height: `${GROUP_HEADER}px` }}>
                  {g.source}
                  {names.prefix && <span class="group-prefix" title={`Every channel of this source starts with ${names.prefix}`}> · {names.prefix}…</span>}
                </h2>
              )}
              {g.names.slice(shown.start, shown.end).map((n, i) => {
                const b = tileBox(layout, gi, shown.start + i);
                return (
                  // Placed by a transform: a move lays out and repaints less than left/top.
                  <div class="tile-slot" key={n} style={{ transform: `translate(${b.left}px, ${b.top}px)`, width: `${b.width}px`, height: `${b.height}px` }}>
                    <Tile
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
                  </div>
                );
              })}
            </section>
          );
        })}
      </div>
    </div>
  );
}
