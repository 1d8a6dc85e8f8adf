/** The emulator's own control API under /sim: faults and the pulse clock (DESIGN.md §6). */
import type { FastifyInstance } from "fastify";
import type { ActiveFault, FaultRegistry } from "./fault-registry.js";
import { FaultValidationError, parseFault } from "./fault-spec.js";
import type { Catalog } from "./channel-spec.js";
import { isoWithNanoseconds, pulseIdAt, pulseTimestamp, type Clock } from "./pulse-clock.js";
import type { StreamRegistry } from "./stream-registry.js";
import type { TickerStats } from "./pulse-ticker.js";

export interface SimApiContext {
  catalog: Catalog;
  faults: FaultRegistry;
  streams: StreamRegistry;
  clock: Clock;
  tickerStats: () => TickerStats;
}

function describeFault(f: ActiveFault, now: number): Record<string, unknown> {
  return {
    id: f.id,
    kind: f.kind,
    ...(f.channel !== undefined && { channel: f.channel }),
    ...(f.source !== undefined && { source: f.source }),
    ...(f.backend !== undefined && { backend: f.backend }),
    params: f.params,
    ...(f.durationMs !== undefined && { durationMs: f.durationMs }),
    createdAt: new Date(f.createdAt).toISOString(),
    ...(f.expiresAt !== undefined && { expiresAt: new Date(f.expiresAt).toISOString(), remainingMs: Math.max(0, f.expiresAt - now) }),
  };
}

const apiError = (code: string, message: string, field?: string) => ({ error: { code, message, ...(field && { field }) } });

export function registerSimApi(app: FastifyInstance, ctx: SimApiContext): void {
  const { catalog, faults, streams, clock } = ctx;
  app.register(
    async (scope) => {
      scope.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
        const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
        if (status === 500) req.log.error(err);
        return reply.code(status).send(apiError(status === 500 ? "INTERNAL" : "BAD_REQUEST", status === 500 ? "internal error" : err.message));
      });
      scope.setNotFoundHandler((req, reply) => reply.code(404).send(apiError("NOT_FOUND", `no endpoint ${req.method} ${req.url}`)));

      scope.get("/faults", async () => faults.list().map((f) => describeFault(f, clock.now())));

      scope.post("/faults", async (req, reply) => {
        try {
          const fault = faults.add(parseFault(req.body, catalog), clock.now());
          return reply.code(201).send(describeFault(fault, clock.now()));
        } catch (err) {
          if (err instanceof FaultValidationError) return reply.code(400).send(apiError(err.code, err.message, err.field));
          throw err;
        }
      });

      scope.delete<{ Params: { id: string } }>("/faults/:id", async (req, reply) => {
        if (!faults.remove(req.params.id)) return reply.code(404).send(apiError("FAULT_NOT_FOUND", `no fault ${req.params.id}`));
        return reply.code(204).send();
      });

      scope.delete("/faults", async () => ({ removed: faults.clear() }));

      scope.get("/clock", async () => {
        const pulseId = pulseIdAt(clock.now());
        const timestamp = pulseTimestamp(pulseId);
        return { pulseId, time: isoWithNanoseconds(timestamp), timestamp };
      });

      scope.get("/status", async () => ({
        channels: catalog.channels.length,
        sources: catalog.sources.length,
        faults: faults.size,
        ticker: ctx.tickerStats(),
        streams: streams.list().map((s) => ({
          stream: s.address,
          backend: s.backend,
          channels: s.request.channels.length,
          peers: s.peers,
          messages: s.stats.messages,
          dropped: s.stats.dropped,
        })),
      }));
    },
    { prefix: "/sim" },
  );
}
