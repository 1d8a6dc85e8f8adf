/** Text for the wall: short, fixed-width-ish, readable from across the room. */

/**
 * SwissFEL names are DEVICE:SIGNAL ("SARFE10-PBPG050:PHOTON-ENERGY-PER-PULSE-AVG"). The tile
 * shows the two parts on two lines; a part too long for the tile keeps its start and its end
 * (where "-AVG" and "-RMS" differ) and loses the middle.
 */
export function splitName(name: string, deviceMax = 26, signalMax = 26): { device: string; signal: string } {
  const colon = name.indexOf(":");
  const device = colon < 0 ? "" : name.slice(0, colon);
  const signal = colon < 0 ? name : name.slice(colon + 1);
  return { device: middleEllipsis(device, deviceMax), signal: middleEllipsis(signal, signalMax) };
}

export function middleEllipsis(text: string, max: number): string {
  if (text.length <= max || max < 4) return text;
  const tail = Math.ceil((max - 1) * 0.45);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/** 0.3 s, 12 s, 4 min, 2 h. */
export function formatAge(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** Countdown for a shelve: 1:05:09 or 4:07. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export function formatHz(hz: number | null): string {
  if (hz === null) return "—";
  return hz >= 10 ? hz.toFixed(0) : hz.toFixed(1);
}

/** One formatter for every call: toLocaleTimeString builds a new one each time (~50 µs, measured). */
const CLOCK = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

/** 12:03:01 local time. */
export function formatClock(ms: number): string {
  return CLOCK.format(ms);
}

/** 12:03:01.2 local time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return `${CLOCK.format(d)}.${Math.floor(d.getMilliseconds() / 100)}`;
}
