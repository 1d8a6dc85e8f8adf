/**
 * One channel: level as colour, shape and word; its name (shortened: what differs from the
 * other tiles; full on hover and focus), top reason, rate vs expected, age of the last
 * value, its alert (latched, acknowledged, shelved with a countdown) and, when the tile is
 * big enough to read it, a sparkline of the last hour. Re-renders only when its own channel
 * changes (or the link goes up/down): a level change at once, its text paced over frames
 * (render-pacer.ts).
 */
import { memo } from "preact/compat";
import { formatAge, formatCountdown, formatHz, formatTime, splitName } from "../format.js";
import { needsAck, type ChannelStore } from "../live/channel-store.js";
import { LEVEL_LOOK } from "../status-style.js";
import type { Alert } from "../types.js";
import type { HistoryStore } from "./history-store.js";
import { usePacedChannel, usePacedSecond } from "./render-pacer.js";
import { Sparkline } from "./sparkline.js";

export interface TileProps {
  store: ChannelStore;
  name: string;
  /** The name as the tile shows it (the set's or group's shared start left off). */
  short: string;
  /** How many characters of each name line fit (the middle of a longer one is elided). */
  deviceChars: number;
  signalChars: number;
  kiosk: boolean;
  history: HistoryStore;
  /** Sparkline size in px; null: the tile is too small to read one. */
  sparkWidth: number | null;
  sparkHeight: number;
  onOpen(name: string): void;
  onAck(name: string): void;
}

function latchText(alert: Alert): string {
  const g = alert.gap;
  if (!g?.lastTime) return "RECOVERED";
  if (!g.firstTime) return `RECOVERED ${formatTime(g.lastTime)}`;
  const missing = g.missing === null ? "" : `, ${g.missing} pulses missing`;
  return `RECOVERED · gap ${formatTime(g.firstTime)} → ${formatTime(g.lastTime)}${missing}`;
}

function TileView({ store, name, short, deviceChars, signalChars, kiosk, history, sparkWidth, sparkHeight, onOpen, onAck }: TileProps) {
  const entry = usePacedChannel(store, name);
  const level = store.level(name);
  const c = entry?.channel;
  const shelved = c?.alert.shelved;
  // Calm tiles do not tick; abnormal and shelved ones count their age / countdown on.
  const now = usePacedSecond(store.live && (level !== "ok" || shelved !== undefined));
  const { device, signal } = splitName(short, deviceChars, signalChars);
  const look = LEVEL_LOOK[level];
  const elapsed = entry ? now - entry.receivedAt : 0;
  const alert = c?.alert;
  const open = c !== undefined && needsAck(c);
  const blink = store.live && open && alert?.state === "active" && !alert.silenced;
  const classes = ["tile", `tile-${level}`, blink && "tile-blink", alert?.state === "recovered" && "tile-latched", shelved && "tile-shelved", alert?.acknowledged && alert.state === "active" && "tile-acked", sparkWidth !== null && "tile-with-spark"];
  const reason = !store.live ? "status not live" : c?.reasons[0]?.message;
  const age = c?.metrics.lastValueAgeMs == null ? null : c.metrics.lastValueAgeMs + elapsed;

  return (
    <div
      class={classes.filter(Boolean).join(" ")}
      data-channel={name}
      data-status={level}
      title={name}
      role="group"
      aria-label={`${name}: ${look.word}${reason ? `, ${reason}` : ""}`}
      tabIndex={kiosk ? undefined : 0}
      onClick={kiosk ? undefined : () => onOpen(name)}
      onKeyDown={kiosk ? undefined : (e) => e.key === "Enter" && e.target === e.currentTarget && onOpen(name)}
    >
      <div class="tile-head">
        <span class="tile-icon" aria-hidden="true">{look.icon}</span>
        <span class="tile-word">{look.word}</span>
        {alert?.acknowledged && alert.state === "active" && <span class="tile-badge">ACK</span>}
        {!kiosk && open && (
          <button
            type="button"
            class="tile-ack"
            onClick={(e) => {
              e.stopPropagation();
              onAck(name);
            }}
          >
            Ack
          </button>
        )}
      </div>
      <div class="tile-name">
        {device && <span class="tile-device">{device}</span>}
        <span class="tile-signal">{signal}</span>
        <span class="tile-full">{name}</span>
      </div>
      {reason && level !== "ok" && <div class="tile-reason">{reason}</div>}
      {c && (
        <div class="tile-metrics">
          <span>
            {formatHz(c.metrics.rateHz)}/{formatHz(c.metrics.expectedHz)} Hz
          </span>
          <span>age {formatAge(age)}</span>
        </div>
      )}
      {sparkWidth !== null && <Sparkline history={history} name={name} level={level} width={sparkWidth} height={sparkHeight} rateHz={store.live ? (c?.metrics.rateHz ?? null) : null} />}
      {alert?.state === "recovered" && <div class="tile-note">{latchText(alert)}</div>}
      {shelved && (
        <div class="tile-note">
          SHELVED {formatCountdown(shelved.remainingMs - elapsed)} · {shelved.reason}
        </div>
      )}
    </div>
  );
}

/** Props are stable (store, name, callbacks): the grid can re-order without redrawing tiles. */
export const Tile = memo(TileView);
