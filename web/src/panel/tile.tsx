/**
 * One channel: level as colour, shape and word; its name, top reason, rate vs expected,
 * age of the last value, and its alert (latched, acknowledged, shelved with a countdown).
 * Re-renders only when its own channel changes (or the link goes up/down).
 */
import { memo } from "preact/compat";
import { formatAge, formatCountdown, formatHz, formatTime, splitName } from "../format.js";
import { useChannel, useNow } from "../hooks.js";
import { needsAck, type ChannelStore } from "../live/channel-store.js";
import { LEVEL_LOOK } from "../status-style.js";
import type { Alert } from "../types.js";

export interface TileProps {
  store: ChannelStore;
  name: string;
  /** How many characters of each name line fit (the middle of a longer one is elided). */
  deviceChars: number;
  signalChars: number;
  kiosk: boolean;
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

function TileView({ store, name, deviceChars, signalChars, kiosk, onOpen, onAck }: TileProps) {
  const entry = useChannel(store, name);
  const level = store.level(name);
  const c = entry?.channel;
  const shelved = c?.alert.shelved;
  // Calm tiles do not tick; abnormal and shelved ones count their age / countdown on.
  const now = useNow(1000, store.live && (level !== "ok" || shelved !== undefined));
  const { device, signal } = splitName(name, deviceChars, signalChars);
  const look = LEVEL_LOOK[level];
  const elapsed = entry ? now - entry.receivedAt : 0;
  const alert = c?.alert;
  const open = c !== undefined && needsAck(c);
  const blink = store.live && open && alert?.state === "active" && !alert.silenced;
  const classes = ["tile", `tile-${level}`, blink && "tile-blink", alert?.state === "recovered" && "tile-latched", shelved && "tile-shelved", alert?.acknowledged && alert.state === "active" && "tile-acked"];
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
