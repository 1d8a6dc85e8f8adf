/**
 * "updated 1.2 s ago" while answers come; when the server cannot be reached, a loud UNKNOWN
 * line that says since when the data below is old, so nothing on the page passes for live.
 */
import { formatAge } from "../format.js";
import { useNow } from "../hooks.js";
import { LEVEL_LOOK } from "../status-style.js";
import "./view-kit.css";

export function Freshness({ updatedAt, error }: { updatedAt: number | null; error: Error | null }) {
  const now = useNow(500);
  if (error) {
    return (
      <p class="freshness freshness-error" role="alert" data-testid="view-error">
        <span aria-hidden="true">{LEVEL_LOOK.unknown.icon}</span> {LEVEL_LOOK.unknown.word}: cannot get current data ({describe(error)})
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

/** Class for the content under a failed refresh: greyed out and marked stale. */
export function staleClass(error: Error | null): string {
  return error ? "stale" : "";
}

/** fetch() rejects with a TypeError when nothing answers: say that in words. */
function describe(error: Error): string {
  return error instanceof TypeError ? "the server does not answer" : error.message;
}
