/**
 * The wall panel of one set (`/panel/{set}`, `?kiosk=1` for a screen nobody touches):
 * name, summary banner, tiles, clock; fed by one live link; loud when the link is lost.
 */
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { api } from "../api.js";
import { ChannelDetail } from "../channel/channel-detail.js";
import { ChannelStore } from "../live/channel-store.js";
import { LiveLink, type LinkState } from "../live/live-link.js";
import { AlarmSound } from "../sound/alarm-sound.js";
import { SoundControl } from "../sound/sound-control.js";
import { applyTheme, initialTheme, type Theme } from "../theme.js";
import { Clock } from "./clock.js";
import { HistoryStore } from "./history-store.js";
import { NamePrefix } from "./name-prefix.js";
import { NotLiveOverlay } from "./not-live-overlay.js";
import type { SortMode } from "./order.js";
import { PanelControls } from "./panel-controls.js";
import { SummaryBanner } from "./summary-banner.js";
import { TileGrid } from "./tile-grid.js";

const liveUrl = (): string => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/live`;

export function PanelView({ set, params }: { set: string; params: URLSearchParams }) {
  const kiosk = params.get("kiosk") === "1";
  const [sort, setSort] = useState<SortMode>(params.get("sort") === "set" ? "set" : "worst");
  const [bySource, setBySource] = useState(params.get("group") === "source");
  const [theme, setTheme] = useState<Theme>(() => initialTheme(params.get("theme")));
  const [detail, setDetail] = useState<string | null>(params.get("channel"));
  const [link, setLink] = useState<LinkState>("connecting");
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const store = useMemo(() => new ChannelStore(set), [set]);
  const hour = useMemo(() => new HistoryStore(set), [set]);
  useEffect(() => () => hour.stop(), [hour]);
  const sound = useMemo(() => new AlarmSound(), []);

  useEffect(() => {
    const live = new LiveLink(liveUrl(), [set], {
      snapshot: (m) => {
        setProblem(null);
        store.applySnapshot(m);
      },
      delta: (m) => store.applyDelta(m),
      heartbeat: () => store.touch(),
      error: (e) => setProblem(e.code === "SET_NOT_FOUND" ? `NO SET "${set}"` : e.message),
      state: (s) => {
        setLink(s);
        store.setLive(s === "live");
      },
    });
    live.start();
    return () => live.stop();
  }, [set, store]);

  // Any first click or key arms the sound: a kiosk screen has no button for it.
  useEffect(() => {
    const arm = () => void sound.arm();
    window.addEventListener("pointerdown", arm, { once: true });
    window.addEventListener("keydown", arm, { once: true });
    return () => {
      window.removeEventListener("pointerdown", arm);
      window.removeEventListener("keydown", arm);
      sound.dispose();
    };
  }, [sound]);

  useEffect(() => applyTheme(theme, !params.has("theme")), [theme, params]);

  // Shareable URL: the view's options live in the query string.
  useEffect(() => {
    const q = new URLSearchParams(params);
    const put = (key: string, value: string | null) => (value === null ? q.delete(key) : q.set(key, value));
    put("sort", sort === "set" ? "set" : null);
    put("group", bySource ? "source" : null);
    put("channel", detail);
    const query = q.toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}`);
  }, [sort, bySource, detail, params]);

  const onOpen = useCallback((name: string) => setDetail(name), []);
  const onAck = useCallback((name: string) => {
    api.ack(name).then(
      () => setNotice(null),
      (e: Error) => setNotice(`acknowledge ${name} failed: ${e.message}`),
    );
  }, []);
  const onClose = useCallback(() => setDetail(null), []);

  return (
    <div class={kiosk ? "panel kiosk" : "panel"}>
      <header class="panel-head">
        <h1 class="panel-title">{set}</h1>
        <NamePrefix store={store} />
        {!kiosk && <PanelControls sort={sort} bySource={bySource} theme={theme} onSort={setSort} onGroup={setBySource} onTheme={setTheme} />}
        {notice && <div class="notice" role="alert">{notice}</div>}
        <SoundControl store={store} sound={sound} kiosk={kiosk} />
        <Clock store={store} />
      </header>
      <SummaryBanner store={store} link={link} problem={problem} />
      <TileGrid store={store} sort={sort} bySource={bySource} kiosk={kiosk} history={hour} onOpen={onOpen} onAck={onAck} />
      {link === "down" && <NotLiveOverlay lastUpdateAt={store.lastUpdateAt} />}
      {detail && !kiosk && <ChannelDetail name={detail} kiosk={kiosk} onClose={onClose} onAck={onAck} />}
    </div>
  );
}
