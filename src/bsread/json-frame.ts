/** JSON frames: parsing that never throws anything but a typed error, and Python-style output. */

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a frame as a JSON object; returns an error message instead of throwing. */
export function parseJsonObject(frame: Uint8Array): Record<string, unknown> | string {
  let text: string;
  try {
    text = utf8.decode(frame);
  } catch {
    return "is not valid UTF-8";
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return `is not valid JSON (${(err as Error).message})`;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "is not a JSON object";
  return parsed as Record<string, unknown>;
}

/**
 * Serializes like Python's json.dumps with default settings (", " and ": " separators,
 * non-ASCII escaped), so headers are byte-identical to the reference sender's.
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(", ")}}`;
}
