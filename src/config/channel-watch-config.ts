/**
 * The server's configuration (DESIGN.md §5 Configuration) and its defaults. The monitor's
 * own defaults stay in src/monitor/defaults.ts, the store's in src/store/open-store.ts and
 * the live push's in src/server/live-hub.ts; this file only names them, it never repeats a
 * number.
 */
import type { ChannelThresholds, MonitorTiming } from "../monitor/defaults.js";
import type { Token } from "../server/auth.js";
import { DEFAULT_LIVE_OPTIONS } from "../server/live-hub.js";
import { DEFAULT_DATABASE_URL } from "../store/open-store.js";
import { DEFAULT_HOST, DEFAULT_PORT } from "./network-defaults.js";

export const LOG_LEVELS = ["silent", "error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ChannelWatchConfig {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Address to listen on. */
  host: string;
  /** Dispatcher backend base URLs (`…/sf-databuffer`). */
  dispatchers: string[];
  /** Direct bsread sources, `tcp://host:port[?mode=pull]`. */
  sources: string[];
  /** `sqlite:PATH` or `postgres://…`. */
  database: string;
  /** With any token, every write needs `Authorization: Bearer <token>`. */
  tokens: Token[];
  /** Overrides of the monitor's timing (src/monitor/defaults.ts). */
  timing: Partial<MonitorTiming>;
  /** Overrides of the per-channel thresholds every set starts from. */
  thresholds: Partial<ChannelThresholds>;
  /** Live push: deltas to WebSocket clients at most this often per second. */
  pushHz: number;
  /** Request log of the HTTP server (to stdout); `silent` logs nothing. */
  logLevel: LogLevel;
}

/** SwissFEL's real dispatching layer: what `serve` watches unless told otherwise. */
export const SWISSFEL_DISPATCHERS: readonly string[] = Object.freeze([
  "https://dispatcher-api.psi.ch/sf-databuffer",
  "https://dispatcher-api.psi.ch/sf-imagebuffer",
]);

export const DEFAULT_CONFIG: Readonly<ChannelWatchConfig> = Object.freeze({
  port: DEFAULT_PORT,
  host: DEFAULT_HOST,
  dispatchers: [...SWISSFEL_DISPATCHERS],
  sources: [],
  database: DEFAULT_DATABASE_URL,
  tokens: [],
  timing: {},
  thresholds: {},
  pushHz: DEFAULT_LIVE_OPTIONS.pushHz,
  logLevel: "warn",
});
