/** An optional pulse id typed by a person: empty, or a whole number the API can take exactly. */
export function parsePulseId(text: string): { pulseId: number | undefined } | { error: string } {
  const t = text.trim().replace(/[_\s']/g, "");
  if (t === "") return { pulseId: undefined };
  if (!/^\d+$/.test(t)) return { error: `"${text.trim()}" is not a pulse id (a whole number ≥ 0)` };
  const n = Number(t);
  if (!Number.isSafeInteger(n)) return { error: `pulse id ${t} is too large (at most ${Number.MAX_SAFE_INTEGER})` };
  return { pulseId: n };
}
