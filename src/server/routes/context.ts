/** What every route module gets: the service, the authorizer, and the typed Fastify instance. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Authorizer } from "../auth.js";
import type { ChannelWatchService } from "../service.js";
import { ApiError } from "../api-error.js";

export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface RouteContext {
  service: ChannelWatchService;
  auth: Authorizer;
}

/** ISO 8601 or ms since the epoch -> ms; a clear 400 otherwise. */
export function parseTime(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  // Date's own range: anything beyond is a typo, and would overflow the database's integers.
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) throw new ApiError(400, "BAD_REQUEST", `${field} must be an ISO 8601 time or ms since the epoch, got "${text.slice(0, 60)}"`);
  return ms;
}
