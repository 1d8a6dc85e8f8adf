/** The real ChannelWatch server for tests: loopback, a fresh SQLite file, fast evaluation. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ChannelWatchServer, type ServerOptions } from "../../src/server/channel-watch-server.js";
import type { Emulator } from "../../src/simulator/emulator.js";

/** Both dispatcher backends of the emulator. */
export function emulatorBackends(emulator: Emulator): string[] {
  return [emulator.backendUrl("sf-databuffer"), emulator.backendUrl("sf-imagebuffer")];
}

/** Against `emulator`'s backends (or `options.dispatchers`); `options` replace these defaults (whole keys). */
export function startTestServer(emulator: Emulator | null, options: Partial<ServerOptions> = {}): Promise<ChannelWatchServer> {
  return ChannelWatchServer.start({
    port: 0,
    host: "127.0.0.1",
    dispatchers: emulator ? emulatorBackends(emulator) : [],
    sources: [],
    database: `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), "cw-test-")), "channelwatch.db")}`,
    tokens: [],
    timing: { evaluateMs: 100, recordedPollMs: 500 },
    thresholds: { warmupMs: 500 },
    ...options,
  });
}
