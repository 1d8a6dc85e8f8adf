/** Why a dispatcher call failed, with stable codes the monitor turns into reasons. */

export type DispatcherErrorCode =
  /** No answer: connection refused, DNS, timeout. */
  | "UNREACHABLE"
  /** An answer, but an error status (5xx, unexpected 4xx). */
  | "HTTP_ERROR"
  /** A 2xx whose body is not what the API promises. */
  | "BAD_RESPONSE"
  /** POST /stream refused some channels; `refused` says which and why. */
  | "STREAM_REFUSED";

export class DispatcherError extends Error {
  override readonly name = "DispatcherError";
  constructor(
    readonly code: DispatcherErrorCode,
    message: string,
    readonly details: { status?: number; refused?: ReadonlyMap<string, string>; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

/**
 * Reads which channels a refusal names: the dispatcher's message lists "CH - reason"
 * pairs separated by ", ". Names are matched against what was requested, because reasons
 * may themselves contain commas.
 */
export function parseRefusedChannels(message: string, requested: readonly string[]): Map<string, string> {
  const hits: Array<{ name: string; at: number }> = [];
  for (const name of requested) {
    const at = message.indexOf(`${name} - `);
    if (at >= 0 && (at === 0 || /[\s:,]/.test(message[at - 1]!))) hits.push({ name, at });
  }
  hits.sort((a, b) => a.at - b.at);
  const refused = new Map<string, string>();
  hits.forEach((hit, i) => {
    const start = hit.at + hit.name.length + 3;
    const end = i + 1 < hits.length ? hits[i + 1]!.at : message.length;
    refused.set(hit.name, message.slice(start, end).replace(/[,\s]+$/, "").trim());
  });
  return refused;
}
