/**
 * The small HTTP control endpoint every benchmark child program has: GET /path?query
 * answered with JSON by the program, plus /profile/start and /profile/stop?path= shared
 * by all. Loopback only.
 */
import { createServer, type Server } from "node:http";
import { startCpuProfile, type RunningProfile } from "./profiler.js";

/** The program's own routes; undefined: not one of them. */
export type ControlAnswer = (url: URL) => Promise<unknown>;

let profile: RunningProfile | undefined;

async function profileRoute(url: URL): Promise<unknown> {
  switch (url.pathname) {
    case "/profile/start":
      profile ??= await startCpuProfile();
      return {};
    case "/profile/stop": {
      const path = url.searchParams.get("path");
      if (!profile || !path) throw new Error("no profile running, or no ?path=");
      await profile.stop(path);
      profile = undefined;
      return { path };
    }
    default:
      return undefined;
  }
}

export async function startControlServer(answer: ControlAnswer): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    answer(url)
      .then((body) => (body === undefined ? profileRoute(url) : body))
      .then(
        (body) => {
          if (body === undefined || req.method !== "GET") res.writeHead(404).end();
          else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        },
        (err: Error) => res.writeHead(500).end(err.message),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
