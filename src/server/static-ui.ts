/**
 * The browser UI (web/dist, built by `npm run build:web`) at `/`, with the SPA's own paths
 * (`/panel/{set}`, …) answered by its index.html. The API keeps its JSON 404s. Without a
 * built UI, `/` says how to build it instead of failing obscurely.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Same depth from src/server (tsx) and dist/server (built): the repo's web/dist. */
export const UI_DIR = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/** Client-side routes of web/src/main.tsx (and those planned for its other views). */
const UI_ROUTES = ["/panel/*", "/sets", "/sets/*", "/channel/*", "/alerts", "/runs", "/runs/*", "/sources"];

export async function registerStaticUi(app: FastifyInstance, dir: string = UI_DIR): Promise<void> {
  if (!existsSync(`${dir}/index.html`)) {
    app.get("/", { schema: { hide: true } }, async (_req, reply) =>
      reply.code(503).type("text/plain").send("The web UI is not built: run `npm run build` (or `npm run build:web`). The API is at /api/v1, documented at /docs.\n"),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    // Hashed asset names never change content; index.html must always be fresh.
    setHeaders: (res, path) => res.setHeader("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache"),
  });
  for (const route of UI_ROUTES) app.get(route, { schema: { hide: true } }, (_req, reply) => reply.sendFile("index.html"));
}
