/**
 * The tiles, sized to fill the screen. Re-renders on structure changes only (a tile's
 * level or alert changed, the link went up or down); tiles update themselves otherwise.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useSignal } from "../hooks.js";
import type { ChannelStore } from "../live/channel-store.js";
import { fitTiles, nameFit } from "./fit-tiles.js";
import { orderTiles, type SortMode } from "./order.js";
import { Tile } from "./tile.js";

export interface TileGridProps {
  store: ChannelStore;
  sort: SortMode;
  bySource: boolean;
  kiosk: boolean;
  onOpen(name: string): void;
  onAck(name: string): void;
}

const GAP = 8;
const GROUP_HEADER = 40;

export function TileGrid({ store, sort, bySource, kiosk, onOpen, onAck }: TileGridProps) {
  useSignal(store.structure);
  const box = useRef<HTMLDivElement>(null);
  const [area, setArea] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setArea({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const groups = orderTiles(store, sort, bySource);
  const count = store.names.length;
  const tile = useMemo(
    () => fitTiles(count, area.width - 2 * GAP, area.height - 2 * GAP - (bySource ? groups.length * GROUP_HEADER : 0), GAP),
    [count, area.width, area.height, bySource, groups.length],
  );
  const fit = nameFit(tile);
  const style = { "--tile-w": `${tile.width}px`, "--tile-h": `${tile.height}px`, "--gap": `${GAP}px`, "--device-px": `${fit.devicePx}px`, "--signal-px": `${fit.signalPx}px` };

  return (
    <div class="grid-area" ref={box} style={style}>
      {groups.map((g) => (
        <section class="tile-group" key={g.source ?? "*"} aria-label={g.source ?? "channels"}>
          {g.source !== null && <h2 class="group-title">{g.source}</h2>}
          <div class="tile-grid">
            {g.names.map((n) => (
              <Tile key={n} store={store} name={n} deviceChars={fit.deviceChars} signalChars={fit.signalChars} kiosk={kiosk} onOpen={onOpen} onAck={onAck} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
