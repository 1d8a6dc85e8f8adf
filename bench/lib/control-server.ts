/**
 * The small HTTP control endpoint every benchmark child program has: GET /path?query
 * answered with JSON by the program, plus /profile/start and /profile/stop?path= shared
 * by all. Loopback only.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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

/**
 * The life of a benchmark child program: its control server, and an end on SIGTERM/SIGINT
 * (exit 0) or after `maxSeconds` (exit 1), always through `stop` then process.exit — not a
 * signal's default action, so that --cpu-prof writes its profile. Returns the control URL.
 */
export async function runControlled(options: { name: string; maxSeconds: number; answer: ControlAnswer; stop: () => Promise<void> }): Promise<string> {
  const control = await startControlServer(options.answer);
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearTimeout(deadline);
    control.close();
    await options.stop().catch((err: Error) => console.error(`${options.name}: stop failed: ${err.message}`));
    process.exit(code);
  };
  const deadline = setTimeout(() => {
    console.error(`${options.name}: still running after ${options.maxSeconds} s, ending`);
    void shutdown(1);
  }, options.maxSeconds * 1000);
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
  return `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
}
