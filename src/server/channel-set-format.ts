/**
 * Channel sets as text and JSON: the text format PSI's tools use (one channel per line,
 * `#` comments) and ChannelWatch's JSON export. Parsing names the line that is wrong.
 */
import type { ChannelSet, ChannelSpec, SetInput } from "../store/store.js";
import { ApiError } from "./api-error.js";

const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_:.\-+/\[\]]*$/;
export const MAX_CHANNELS_PER_SET = 20_000;

export function checkChannelName(name: string, where: string): void {
  if (name.length > 200 || !CHANNEL_NAME.test(name)) {
    throw new ApiError(400, "SET_INVALID", `${where}: "${name.slice(0, 80)}" is not a channel name`);
  }
}

/** Validates a set's channels: names, no duplicates, size. */
export function checkChannels(channels: readonly ChannelSpec[], where = "channels"): void {
  if (channels.length > MAX_CHANNELS_PER_SET) throw new ApiError(400, "SET_INVALID", `${where}: at most ${MAX_CHANNELS_PER_SET} channels per set`);
  const seen = new Set<string>();
  channels.forEach((c, i) => {
    checkChannelName(c.name, `${where}[${i}].name`);
    if (seen.has(c.name)) throw new ApiError(400, "SET_INVALID", `${where}[${i}]: channel ${c.name} is listed twice`);
    seen.add(c.name);
  });
}

/** One channel per line; `#` starts a comment; blank lines ignored; numeric fields after the name (modulo, offset) are ignored. */
export function parseChannelList(text: string): ChannelSpec[] {
  const channels: ChannelSpec[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") return;
    const [name, ...rest] = line.split(/\s+/) as [string, ...string[]];
    if (!CHANNEL_NAME.test(name) || name.length > 200 || rest.some((f) => !/^\d+$/.test(f))) {
      throw new ApiError(400, "IMPORT_INVALID", `line ${i + 1}: "${line.slice(0, 80)}" is not a channel name`);
    }
    if (seen.has(name)) return;
    seen.add(name);
    channels.push({ name });
  });
  if (channels.length > MAX_CHANNELS_PER_SET) throw new ApiError(400, "IMPORT_INVALID", `at most ${MAX_CHANNELS_PER_SET} channels per set`);
  return channels;
}

export function formatChannelList(set: ChannelSet): string {
  const header = [`# ChannelWatch set ${set.name} (version ${set.version})`];
  if (set.description) header.push(`# ${set.description.replace(/\r?\n/g, " ")}`);
  return `${[...header, ...set.channels.map((c) => c.name)].join("\n")}\n`;
}

/** The JSON export, importable again. */
export function exportJson(set: ChannelSet): SetInput & { version: number } {
  return { name: set.name, description: set.description, owner: set.owner, tags: set.tags, version: set.version, channels: set.channels };
}
