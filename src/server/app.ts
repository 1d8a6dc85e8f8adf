/**
 * The HTTP server: REST API under /api/v1 (TypeBox schemas -> validation, types and the
 * OpenAPI document at /openapi.json, browsable at /docs), live WebSocket, /metrics.
 * Errors are `{"error": {"code", "message"}}` with real statuses; a user's mistake is a
 * 4xx, never a 500.
 */
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import websocket from "@fastify/websocket";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { readFileSync } from "node:fs";
import { ApiError, errorBody } from "./api-error.js";
import { Authorizer, type Token } from "./auth.js";
import { health } from "./health.js";
import { DEFAULT_LIVE_OPTIONS, LiveHub, type LiveOptions } from "./live-hub.js";
import { createMetrics } from "./metrics.js";
import { registerAlertRoutes } from "./routes/alerts.js";
import { registerCatalogRoutes } from "./routes/catalog.js";
import { registerEventRoutes } from "./routes/events.js";
import { registerHistoryRoutes } from "./routes/history.js";
import { registerRunRoutes } from "./routes/runs.js";
import { registerSetRoutes } from "./routes/sets.js";
import { registerStatusRoutes } from "./routes/status.js";
import { registerValueRoutes } from "./routes/values.js";
import { HealthAnswer } from "./response-schemas.js";
import { registerStaticUi } from "./static-ui.js";
import type { ChannelWatchService } from "./service.js";

export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";

export interface AppOptions {
  tokens?: readonly Token[];
  live?: Partial<LiveOptions>;
  /** false or "silent": no request log; otherwise pino at that level. */
  logger?: boolean | LogLevel;
  /** The built web UI to serve (default: the package's web/dist). */
  uiDir?: string;
}

export interface ChannelWatchApp {
  app: FastifyInstance;
  live: LiveHub;
}

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Fastify's own error codes that are the client's mistake, with ours. */
function clientError(err: FastifyError): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err.validation) return new ApiError(400, "VALIDATION_FAILED", `${err.validationContext ?? "request"} ${err.message.replace(/^(body|querystring|params)\s*/, "")}`);
  switch (err.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError(400, "INVALID_JSON", `the body is not valid JSON: ${err.message}`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", err.message);
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError(413, "BODY_TOO_LARGE", err.message);
    default:
      return err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? new ApiError(err.statusCode, "BAD_REQUEST", err.message) : undefined;
  }
}

export async function buildApp(service: ChannelWatchService, options: AppOptions = {}): Promise<ChannelWatchApp> {
  const app = Fastify({
    logger: options.logger === undefined || options.logger === false || options.logger === "silent" ? false : options.logger === true ? true : { level: options.logger },
    bodyLimit: 16 * 1024 * 1024,
    // Channel names are up to 200 characters, percent-encoded up to three times that in a path.
    routerOptions: { maxParamLength: 1000 },
    // Unknown fields are an error to report, not something to drop silently.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Response schemas document the answers (OpenAPI); serializing with them would drop undeclared
  // fields, coerce types, fail on NaN and cost 5x JSON.stringify on a large /status.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const auth = new Authorizer(options.tokens ?? []);
  const live = new LiveHub(service, { ...DEFAULT_LIVE_OPTIONS, ...options.live });

  await app.register(swagger, {
    openapi: {
      info: { title: "ChannelWatch API", version: VERSION, description: "Live status of SwissFEL bsread channels: sets, status, alerts, events, runs." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  // An empty body with a JSON content type (curl -X POST -H 'content-type: application/json') means "no body".
  const defaultJson = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (body === "" || (typeof body === "string" && body.trim() === "")) return done(null, undefined);
    return defaultJson(req, body as string, done);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = clientError(err);
    if (known) return reply.code(known.status).send(errorBody(known.code, known.message));
    req.log.error(err);
    return reply.code(500).send(errorBody("INTERNAL", "internal error (logged)"));
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody("NOT_FOUND", `no endpoint ${req.method} ${req.url.split("?")[0]}`)));

  await app.register(
    async (api) => {
      const ctx = { service, auth };
      // Text bodies for set import; everything else is JSON.
      api.addContentTypeParser("text/plain", { parseAs: "string" }, (_req, body, done) => done(null, body));
      registerSetRoutes(api, ctx);
      registerStatusRoutes(api, ctx);
      registerHistoryRoutes(api, ctx);
      registerValueRoutes(api, ctx);
      registerAlertRoutes(api, ctx);
      registerEventRoutes(api, ctx);
      registerRunRoutes(api, ctx);
      registerCatalogRoutes(api, ctx);
      api.get("/health", { schema: { tags: ["health"], summary: "The panel and its upstreams", response: { 200: HealthAnswer } } }, async () => health(service));
      api.get("/live", { websocket: true, schema: { hide: true } }, (socket) => live.accept(socket));
    },
    { prefix: "/api/v1" },
  );

  const metrics = createMetrics(service, () => live.clientCount);
  app.get("/metrics", { schema: { hide: true } }, async (_req, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  await registerStaticUi(app as unknown as FastifyInstance, options.uiDir);
  app.addHook("onReady", async () => live.start());
  app.addHook("onClose", async () => live.stop());
  return { app: app as unknown as FastifyInstance, live };
}
