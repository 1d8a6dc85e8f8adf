/**
 * "updated 1.2 s ago" while answers come; when the server cannot be reached or has not
 * answered for a while (hung, hidden tab), a loud UNKNOWN line that says since when the data
 * below is old, so nothing on the page passes for live.
 */
import { RequestError } from "../api.js";
import { formatAge } from "../format.js";
import { useNow } from "../hooks.js";
import { LEVEL_LOOK } from "../status-style.js";
import "./view-kit.css";

export interface FreshnessProps {
  updatedAt: number | null;
  error: Error | null;
  /** The poll's verdict (use-poll.ts): a failure, or no answer for three intervals. Default: `error !== null`. */
  stale?: boolean;
}

export function Freshness({ updatedAt, error, stale = error !== null }: FreshnessProps) {
  const now = useNow(500);
  if (error || stale) {
    const why = error ? describe(error) : "no answer for a while";
    return (
      <p class="freshness freshness-error" role="alert" data-testid="view-error" data-code={error instanceof RequestError ? error.code : error ? "ERROR" : "STALE"}>
        <span aria-hidden="true">{LEVEL_LOOK.unknown.icon}</span> {LEVEL_LOOK.unknown.word}: cannot get current data ({why})
        {updatedAt === null ? " — nothing loaded yet" : ` — what is shown is from ${formatAge(now - updatedAt)} ago`}
      </p>
    );
  }
  return (
    <p class="freshness muted" data-testid="updated" aria-live="off">
      {updatedAt === null ? "loading…" : `updated ${formatAge(now - updatedAt)} ago`}
    </p>
  );
}

/** Class for the content under a failed or late refresh: greyed out and marked stale. */
export function staleClass(stale: boolean | Error | null): string {
  return stale ? "stale" : "";
}

/** Say in words why there is no answer (fetch rejects with a TypeError when nothing answers). */
function describe(error: Error): string {
  if (error instanceof RequestError) return error.status === 0 ? error.message : `${error.code}: ${error.message}`;
  return error instanceof TypeError ? "the server does not answer" : error.message;
}
