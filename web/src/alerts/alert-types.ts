/** GET /alerts and GET /events as the alerts page reads them (src/server/routes/alerts.ts, events.ts). */
import type { Alert, Level } from "../types.js";

export interface AlertRow extends Alert {
  channel: string;
  /** The channel's level now. */
  status: Level;
  raisedPulse?: number | null;
}

export interface EventRow {
  id: number | null;
  kind: string;
  channel: string;
  from: Level;
  to: Level;
  reasons: Array<{ code: string; message: string }>;
  pulseId: number | null;
  time: string | null;
  actor?: string;
  note?: string;
  gap?: { firstPulse: number | null; lastPulse: number | null; firstTime: string | null; lastTime: string | null; missing: number | null };
}
