/**
 * A set file read in the browser: the JSON export (GET /sets/{name}/export?format=json) or
 * PSI's text list. The content goes into the editor, to be reviewed and saved like any edit.
 */
import { parseNames } from "./parse-names.js";
import type { ChannelSpec } from "./set-model.js";

export interface ImportedSet {
  name?: string;
  description?: string;
  owner?: string;
  tags?: string[];
  channels: ChannelSpec[];
  /** Lines or entries that could not be read. */
  problems: string[];
}

function fromJson(text: string): ImportedSet {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { channels?: unknown } | null)?.channels;
  if (!Array.isArray(list)) throw new Error("a JSON set file is an export of a set: an object with a channels list");
  const obj = (Array.isArray(data) ? {} : data) as { name?: unknown; description?: unknown; owner?: unknown; tags?: unknown };
  const problems: string[] = [];
  const seen = new Set<string>();
  const channels: ChannelSpec[] = [];
  list.forEach((c: unknown, i) => {
    const spec = typeof c === "string" ? { name: c } : typeof c === "object" && c !== null && typeof (c as { name?: unknown }).name === "string" ? (c as ChannelSpec) : null;
    if (!spec) return problems.push(`channels[${i}] is neither a name nor an object with a name`);
    if (seen.has(spec.name)) return problems.push(`${spec.name} is listed twice`);
    seen.add(spec.name);
    channels.push({ name: spec.name, ...(spec.type && { type: spec.type }), ...(spec.shape && { shape: spec.shape }), ...(spec.thresholds && { thresholds: spec.thresholds }) });
  });
  return {
    ...(typeof obj.name === "string" && { name: obj.name }),
    ...(typeof obj.description === "string" && { description: obj.description }),
    ...(typeof obj.owner === "string" && { owner: obj.owner }),
    ...(Array.isArray(obj.tags) && { tags: obj.tags.filter((t): t is string => typeof t === "string") }),
    channels,
    problems,
  };
}

export function readSetFile(fileName: string, text: string): ImportedSet {
  if (/\.json$/i.test(fileName) || /^\s*[[{]/.test(text)) return fromJson(text);
  const parsed = parseNames(text, true);
  return { channels: parsed.names.map((name) => ({ name })), problems: parsed.invalid.map((b) => `line ${b.line}: "${b.text}" is not a channel name`) };
}
