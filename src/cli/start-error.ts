/** Why a server could not start, in one line, when it is the user's to fix (exit 2). */
import { StoreError } from "../store/store.js";
import { UsageError } from "./usage-error.js";

export function explainStartError(err: unknown, where: { port: number; host?: string }): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === "EADDRINUSE") return new UsageError(`port ${where.port} is in use (try --port 0 for a free one)`);
  if (code === "EACCES") return new UsageError(`no permission to listen on port ${where.port}`);
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return new UsageError(`cannot listen on ${where.host ?? "that address"}`);
  // A database that cannot be opened or reached is a setting to fix, and its message says which.
  if (err instanceof StoreError) return new UsageError(err.message);
  return err;
}
