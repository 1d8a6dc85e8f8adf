/**
 * Names from pasted text or a .txt file: one per line as PSI's tools write them, `#`
 * comments, and also commas/whitespace between names (lists copied from mails and scripts).
 * Numeric fields after a name (modulo, offset in PSI's files) are dropped, as the server's import does.
 */

/** The server's channel name rule (src/server/channel-set-format.ts). */
export const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_:.\-+/[\]]*$/;

export interface ParsedNames {
  names: string[];
  /** Tokens that cannot be channel names, with their line. */
  invalid: Array<{ line: number; text: string }>;
  /** Repeated within the text itself. */
  repeated: number;
}

/** Tokens of one line: PSI's file format (`perLine`: the name, then numbers only), or anything separated. */
function tokens(line: string, perLine: boolean): string[] | null {
  if (!perLine) return line.split(/[\s,;]+/);
  const [name, ...rest] = line.trim().split(/\s+/);
  if (name === undefined || name === "") return [];
  return rest.every((f) => /^\d+$/.test(f)) ? [name] : null;
}

/** `perLine`: a file in PSI's format, where a line that is not a name (plus numbers) is an error. */
export function parseNames(text: string, perLine = false): ParsedNames {
  const names: string[] = [];
  const invalid: ParsedNames["invalid"] = [];
  const seen = new Set<string>();
  let repeated = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "");
    const parts = tokens(line, perLine);
    if (parts === null) {
      invalid.push({ line: i + 1, text: line.trim().slice(0, 80) });
      return;
    }
    for (const token of parts) {
      const t = token.trim().replace(/^["']|["']$/g, "");
      if (t === "" || /^\d+$/.test(t)) continue;
      if (t.length > 200 || !CHANNEL_NAME.test(t)) {
        invalid.push({ line: i + 1, text: t.slice(0, 80) });
        continue;
      }
      if (seen.has(t)) {
        repeated++;
        continue;
      }
      seen.add(t);
      names.push(t);
    }
  });
  return { names, invalid, repeated };
}
