/**
 * One emulated dispatcher backend (`/sf-databuffer`, `/sf-imagebuffer`): the REST API of
 * docs/dispatcher-api.md with the same paths, JSON shapes and error bodies, answering from
 * the catalog and the faults in force.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Backend, Catalog, SimChannel } from "./channel-spec.js";
import { ILLEGAL_ARGUMENT, NOT_READABLE, sendDispatcherError } from "./dispatcher-errors.js";
import { lastDuePulse } from "./emission.js";
import type { FaultRegistry } from "./fault-registry.js";
import { isoWithNanoseconds, pulseIdAt, pulseTimestamp, type Clock } from "./pulse-clock.js";
import type { StreamRegistry } from "./stream-registry.js";
import { StreamRequestError, parseStreamRequest } from "./stream-request.js";

export interface DispatcherContext {
  catalog: Catalog;
  faults: FaultRegistry;
  streams: StreamRegistry;
  clock: Clock;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stateRequestNames(body: unknown): { names: string[]; queryLatest: boolean } | string {
  if (typeof body !== "object" || body === null || !Array.isArray((body as { channels?: unknown }).channels)) {
    return "channels must be a list";
  }
  const names: string[] = [];
  let queryLatest = false;
  for (const [i, c] of ((body as { channels: unknown[] }).channels).entries()) {
    if (typeof c === "string") {
      names.push(c);
    } else if (typeof c === "object" && c !== null && typeof (c as { name?: unknown }).name === "string") {
      names.push((c as { name: string }).name);
      if ((c as { queryLatest?: unknown }).queryLatest === true) queryLatest = true;
    } else {
      return `channels[${i}] must be a channel name or an object with a name`;
    }
  }
  return { names: [...new Set(names)], queryLatest };
}

export function registerDispatcherBackend(app: FastifyInstance, backend: Backend, ctx: DispatcherContext): void {
  const { catalog, faults, streams, clock } = ctx;
  const prefix = `/${backend}`;
  const ownChannels = catalog.channels.filter((c) => c.backend === backend);
  const ownSources = catalog.sources.filter((s) => s.backend === backend);
  const isOwn = (c: SimChannel | undefined): c is SimChannel => c !== undefined && c.backend === backend;

  const error = (req: FastifyRequest, reply: FastifyReply, status: number, message: string, exception = ILLEGAL_ARGUMENT) =>
    sendDispatcherError(req, reply, status, exception, message);

  app.register(
    async (scope) => {
      scope.addHook("onRequest", async (req, reply) => {
        const service = faults.serviceEffects(backend);
        if (service.apiDelayMs > 0) await sleep(service.apiDelayMs);
        if (service.apiDown) return error(req, reply, 503, "dispatcher is not available", "org.springframework.web.client.ResourceAccessException");
      });
      // Python's requests sends DELETE /stream's address without a content type.
      scope.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
      scope.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
        const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
        if (status === 500) req.log.error(err);
        return error(req, reply, status, status === 500 ? "internal error" : `request body is not readable: ${err.message}`, NOT_READABLE);
      });
      scope.setNotFoundHandler((req, reply) => error(req, reply, 404, `no endpoint ${req.method} ${req.url}`, "org.springframework.web.servlet.NoHandlerFoundException"));

      scope.get("/channels/live", async () => [
        {
          backend,
          channels: ownChannels
            .filter((c) => !faults.channelEffects(c).notConfigured)
            .map((c) => ({ backend, name: c.name, type: c.type, shape: c.shape, modulo: c.modulo, offset: c.offset, source: c.source })),
        },
      ]);

      scope.post("/channels/state", async (req, reply) => {
        const parsed = stateRequestNames(req.body);
        if (typeof parsed === "string") return error(req, reply, 400, parsed);
        const nowPulse = pulseIdAt(clock.now());
        return parsed.names.map((name) => {
          const c = catalog.byName.get(name);
          if (!isOwn(c)) return { channel: { name, backend }, configured: false, connected: false, recording: false };
          const e = faults.channelEffects(c);
          const state: Record<string, unknown> = {
            channel: { name, backend },
            configured: !e.notConfigured,
            connected: !e.notConnected,
            recording: !e.notRecording,
          };
          if (parsed.queryLatest) {
            const frozenAt = Math.min(e.silentSince ?? Infinity, e.recordingStoppedAt ?? Infinity);
            const upTo = Number.isFinite(frozenAt) ? Math.min(nowPulse, pulseIdAt(frozenAt) - 1) : nowPulse;
            state.latestEventDate = isoWithNanoseconds(pulseTimestamp(lastDuePulse(upTo, c.modulo, c.offset)));
          }
          return state;
        });
      });

      scope.get("/sources", async () => ownSources.map((s) => ({ stream: s.address })));

      scope.get("/streams", async () =>
        streams.list(backend).map((s) => ({ stream: s.address, configuration: s.configuration() })),
      );

      scope.post("/stream", async (req, reply) => {
        let request;
        try {
          request = parseStreamRequest(req.body);
        } catch (err) {
          if (err instanceof StreamRequestError) return error(req, reply, 400, err.message);
          throw err;
        }
        if (faults.serviceEffects(backend).streamKill) {
          return error(req, reply, 503, "stream service is restarting", "java.lang.IllegalStateException");
        }
        const verify = request.extra.verify === true;
        const refused: string[] = [];
        for (const { name } of request.channels) {
          const c = catalog.byName.get(name);
          if (!isOwn(c)) {
            if (verify) refused.push(`${name} - channel does not exist in backend ${backend}`);
            continue;
          }
          const e = faults.channelEffects(c);
          if (e.refusal !== undefined) refused.push(`${name} - ${e.refusal}`);
          else if (verify && e.notConfigured) refused.push(`${name} - channel is not configured`);
          else if (verify && e.notConnected) refused.push(`${name} - source is not connected`);
        }
        if (refused.length > 0) return error(req, reply, 400, `Following channels are not recorded: ${refused.join(", ")}`);
        const stream = await streams.create(backend, request, clock.now());
        return { stream: stream.address, configuration: stream.configuration() };
      });

      scope.delete("/stream", async (req, reply) => {
        const body = req.body;
        const address = typeof body === "string" ? body.trim().replace(/^"(.*)"$/, "$1") : undefined;
        if (!address) return error(req, reply, 400, "body must be the stream address (text/plain or a JSON string)");
        if (!streams.get(address) || streams.get(address)!.backend !== backend) {
          return error(req, reply, 404, `no stream ${address}`);
        }
        streams.delete(address);
        return reply.code(200).send();
      });
    },
    { prefix },
  );
}
