/** "gap 12:03:01.2 → 12:03:13.5, 1235 pulses missing (pulse 100 – 1334)". */
import { formatTime } from "../format.js";
import type { AlertGap } from "../types.js";

export function gapText(gap: AlertGap | undefined, ongoing: boolean): string {
  if (!gap) return ongoing ? "gap ongoing" : "";
  const end = ongoing ? "now" : formatTime(gap.lastTime);
  const missing = gap.missing === null ? "pulses missing: not known" : `${gap.missing.toLocaleString("en-US")} pulse${gap.missing === 1 ? "" : "s"} missing`;
  const pulses = gap.firstPulse !== null ? ` (pulse ${gap.firstPulse}${gap.lastPulse !== null && gap.lastPulse !== gap.firstPulse ? ` – ${gap.lastPulse}` : ""})` : "";
  return `gap ${formatTime(gap.firstTime)} → ${end}, ${missing}${pulses}`;
}
