/**
 * What the panel says out loud, as pure functions of the channels (no audio, no timers):
 * which alerts are new, how a flood of them collapses into one sentence grouped by the
 * names' common prefix ("12 channels of SARFE10 failed"), and the reminder while alerts
 * wait to be acknowledged. alert-announcer.ts plays the result.
 */
import type { Channel } from "../types.js";

export type AlarmLevel = "error" | "warning";

export interface NewAlert {
  name: string;
  level: AlarmLevel;
}

export interface Announcement {
  level: AlarmLevel;
  /** For the screen: channel names as they are written. */
  text: string;
  /** For speech: names with their separators as spaces, so a voice reads them as words. */
  speech: string;
}

/** More groups than this in one flood: the rest are counted, not named. */
const MAX_GROUPS = 3;
const SEPARATORS = /[-:._/]+/;

/** "SARFE10-PBPG050:PHOTON-ENERGY" -> "SARFE10 PBPG050 PHOTON ENERGY". */
export function readableName(name: string): string {
  return name.split(SEPARATORS).filter((s) => s !== "").join(" ");
}

/** Alert levels that sound; an alert without a level (or unknown) is treated as an error. */
function alarmLevelOf(c: Channel): AlarmLevel {
  return c.alert.level === "warning" ? "warning" : "error";
}

/** An alert somebody still has to acknowledge and that is not silenced (shelved). */
export function waitsForAck(c: Channel): boolean {
  return c.alert.state !== "none" && !c.alert.acknowledged && !c.alert.silenced;
}

/** One raised alert's identity: the same alert seen again (a reconnect's snapshot) is not new. */
function alertKey(c: Channel): string {
  return `${c.name}|${alarmLevelOf(c)}|${c.alert.raisedAt ?? ""}`;
}

/**
 * The active, unacknowledged alerts not in `seen`; `seen` becomes the keys of all active
 * alerts now (so an acknowledged-then-raised-again alert is new again).
 */
export function freshAlerts(channels: readonly Channel[], seen: Set<string>): NewAlert[] {
  const fresh: NewAlert[] = [];
  const now = new Set<string>();
  for (const c of channels) {
    if (c.alert.state !== "active") continue;
    const key = alertKey(c);
    now.add(key);
    if (!c.alert.acknowledged && !c.alert.silenced && !seen.has(key)) fresh.push({ name: c.name, level: alarmLevelOf(c) });
  }
  seen.clear();
  for (const k of now) seen.add(k);
  return fresh;
}

/** The worst level among alerts waiting for acknowledgement (null: none). */
export function nagLevel(channels: readonly Channel[]): AlarmLevel | null {
  let level: AlarmLevel | null = null;
  for (const c of channels) {
    if (!waitsForAck(c)) continue;
    if (alarmLevelOf(c) === "error") return "error";
    level = "warning";
  }
  return level;
}

function segments(name: string): string[] {
  return name.split(SEPARATORS).filter((s) => s !== "");
}

/** The device part of a name ("SARFE10-PBPG050" of "SARFE10-PBPG050:ENERGY"): a group is never named finer. */
function deviceSegments(name: string): string[] {
  const colon = name.indexOf(":");
  return segments(colon > 0 ? name.slice(0, colon) : name);
}

/** The longest run of leading device segments all names share (at least the first segment). */
function commonPrefix(names: readonly string[]): string[] {
  const first = deviceSegments(names[0]!);
  let n = first.length;
  for (const name of names.slice(1)) {
    const s = deviceSegments(name);
    let i = 0;
    while (i < n && i < s.length && s[i] === first[i]) i++;
    n = i;
  }
  // A group always shares the first segment (that is how it was formed).
  return first.slice(0, Math.max(1, n));
}

/** The written prefix: the name as typed, up to the end of its first `shared` segments. */
function writtenPrefix(example: string, shared: number): string {
  let end = 0;
  let n = 0;
  for (const m of example.matchAll(/[^-:._/]+/g)) {
    if (n++ === shared) break;
    end = m.index + m[0].length;
  }
  return example.slice(0, end);
}

const verb = (level: AlarmLevel): string => (level === "error" ? "failed" : "in warning");

interface Group {
  level: AlarmLevel;
  names: string[];
}

/** Alerts grouped by level and first name segment (the machine section, e.g. SARFE10), biggest first. */
function groups(alerts: readonly NewAlert[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const a of alerts) {
    const key = `${a.level}|${segments(a.name)[0] ?? a.name}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { level: a.level, names: [] }));
    g.names.push(a.name);
  }
  // Errors before warnings, then the biggest group first.
  return [...byKey.values()].sort((a, b) => (a.level === b.level ? b.names.length - a.names.length : a.level === "error" ? -1 : 1));
}

function phrase(g: Group): { text: string; speech: string } {
  if (g.names.length === 1) {
    const name = g.names[0]!;
    return { text: `${g.level}: ${name}`, speech: `${g.level}: ${readableName(name)}` };
  }
  const shared = commonPrefix(g.names);
  const written = writtenPrefix(g.names[0]!, shared.length);
  const count = `${g.names.length} channels of`;
  return { text: `${count} ${written} ${verb(g.level)}`, speech: `${count} ${shared.join(" ")} ${verb(g.level)}` };
}

/**
 * One announcement for alerts that arrived together: a single alert names its channel and
 * level; several are counted per group, at most MAX_GROUPS groups named, the rest counted.
 */
export function summarize(alerts: readonly NewAlert[]): Announcement | null {
  if (alerts.length === 0) return null;
  const all = groups(alerts);
  const named = all.slice(0, MAX_GROUPS).map(phrase);
  const rest = all.slice(MAX_GROUPS).reduce((n, g) => n + g.names.length, 0);
  const tail = rest > 0 ? [`and ${rest} more ${rest === 1 ? "channel" : "channels"}`] : [];
  return {
    level: all.some((g) => g.level === "error") ? "error" : "warning",
    text: [...named.map((p) => p.text), ...tail].join("; "),
    speech: [...named.map((p) => p.speech), ...tail].join("; "),
  };
}

/** The reminder while alerts wait for acknowledgement (null: none wait). */
export function nagAnnouncement(channels: readonly Channel[]): Announcement | null {
  const waiting = channels.filter(waitsForAck);
  const level = nagLevel(waiting);
  if (!level) return null;
  if (waiting.length === 1) {
    const name = waiting[0]!.name;
    return { level, text: `not acknowledged: ${name}`, speech: `not acknowledged: ${readableName(name)}` };
  }
  const text = `${waiting.length} alerts not acknowledged`;
  return { level, text, speech: text };
}

/**
 * Collects new alerts for a short window from the first one, so that a flood (a source
 * going down takes all its channels with it, over a few push ticks) is announced once.
 */
export class FloodWindow {
  /** By channel: the same channel twice in one window (warning, then error) counts once, at its latest level. */
  private readonly pending = new Map<string, AlarmLevel>();
  private openedAt: number | null = null;

  constructor(readonly windowMs: number) {}

  add(alerts: readonly NewAlert[], now: number): void {
    if (alerts.length === 0) return;
    this.openedAt ??= now;
    for (const a of alerts) {
      this.pending.delete(a.name);
      this.pending.set(a.name, a.level);
    }
  }

  /** When the window closes (null: nothing pending). */
  get dueAt(): number | null {
    return this.openedAt === null ? null : this.openedAt + this.windowMs;
  }

  /** The collected alerts once the window has closed (and a new window starts), else []. */
  take(now: number): NewAlert[] {
    if (this.openedAt === null || now < this.openedAt + this.windowMs) return [];
    const out = [...this.pending].map(([name, level]) => ({ name, level }));
    this.pending.clear();
    this.openedAt = null;
    return out;
  }

  /** Alerts acknowledged before their window closed need no announcement. */
  drop(stillWaiting: (name: string) => boolean): void {
    for (const name of this.pending.keys()) if (!stillWaiting(name)) this.pending.delete(name);
    if (this.pending.size === 0) this.openedAt = null;
  }
}
