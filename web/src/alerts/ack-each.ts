/**
 * Acknowledges channels one after the other, stopping at the first answer that says the
 * rest would fail too: a refused token (401/403, after the one token prompt was cancelled or
 * the token is wrong) or no server at all. Without that, a cancelled prompt came back once
 * per channel.
 */
import { RequestError } from "../api.js";

export interface AckOutcome {
  acked: string[];
  /** Channels the server refused one by one (e.g. 404 no alert any more), with the reason. */
  failed: Array<{ channel: string; message: string }>;
  /** Channels not tried because the loop stopped. */
  notTried: string[];
  /** Why the loop stopped early, null when every channel was tried. */
  stoppedBy: string | null;
}

/** An error that every following channel would get as well. */
function stopsAll(err: unknown): boolean {
  return err instanceof RequestError && (err.status === 401 || err.status === 403 || err.status === 0);
}

export async function ackEach(channels: readonly string[], ack: (channel: string) => Promise<unknown>): Promise<AckOutcome> {
  const out: AckOutcome = { acked: [], failed: [], notTried: [], stoppedBy: null };
  for (let i = 0; i < channels.length; i++) {
    const channel = channels[i]!;
    try {
      await ack(channel);
      out.acked.push(channel);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (stopsAll(err)) {
        out.stoppedBy = err instanceof RequestError ? `${err.code}: ${message}` : message;
        out.notTried = channels.slice(i);
        return out;
      }
      out.failed.push({ channel, message });
    }
  }
  return out;
}

/** One sentence for the page; null when all went through. */
export function ackOutcomeText(o: AckOutcome): string | null {
  const parts: string[] = [];
  if (o.stoppedBy) parts.push(`stopped (${o.stoppedBy}): ${o.notTried.length} not acknowledged`);
  if (o.failed.length > 0) parts.push(`not acknowledged: ${o.failed.map((f) => `${f.channel}: ${f.message}`).join("; ")}`);
  return parts.length === 0 ? null : parts.join(" · ");
}
