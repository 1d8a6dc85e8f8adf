/**
 * Writes can be protected: with tokens configured, every write needs
 * `Authorization: Bearer <token>` and the token's name is recorded as the actor.
 * Reads stay open. Without tokens, the actor is "anonymous".
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { ApiError } from "./api-error.js";

export interface Token {
  name: string;
  token: string;
}

/** Parses `name:token,name:token` (CHANNELWATCH_TOKENS) or a bare token (named "token"). */
export function parseTokens(text: string): Token[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "")
    .map((t, i) => {
      const at = t.indexOf(":");
      return at > 0 ? { name: t.slice(0, at), token: t.slice(at + 1) } : { name: `token${i + 1}`, token: t };
    });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Authorizer {
  constructor(private readonly tokens: readonly Token[]) {}

  get enabled(): boolean {
    return this.tokens.length > 0;
  }

  /** The actor of a write request; throws 401 when tokens are configured and none matches. */
  actor(request: FastifyRequest): string {
    if (!this.enabled) return "anonymous";
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ApiError(401, "UNAUTHORIZED", "this server protects writes: send Authorization: Bearer <token>");
    const found = this.tokens.find((t) => same(t.token, match[1]!));
    if (!found) throw new ApiError(401, "UNAUTHORIZED", "unknown token");
    return found.name;
  }
}
