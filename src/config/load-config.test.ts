import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, DEFAULT_TIMING } from "../monitor/defaults.js";
import { DEFAULT_LIVE_OPTIONS } from "../server/live-hub.js";
import { DEFAULT_DATABASE_URL } from "../store/open-store.js";
import { DEFAULT_CONFIG, SWISSFEL_DISPATCHERS } from "./channel-watch-config.js";
import { ConfigError } from "./config-error.js";
import { loadConfig, type LoadConfigInput } from "./load-config.js";

const dir = mkdtempSync(path.join(tmpdir(), "cw-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(ext: string, text: string): string {
  const p = path.join(dir, `c${++files}.${ext}`);
  writeFileSync(p, text);
  return p;
}

async function error(input: LoadConfigInput): Promise<string> {
  try {
    await loadConfig(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message.split("\n"), message).toHaveLength(1);
    return message;
  }
  throw new Error("loadConfig accepted it");
}

describe("loadConfig: defaults", () => {
  it("without file, environment or flags gives the documented defaults", async () => {
    const { config, server, file } = await loadConfig({ env: {} });
    expect(file).toBeUndefined();
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(server).toEqual({
      port: 8080,
      host: "127.0.0.1",
      dispatchers: ["https://dispatcher-api.psi.ch/sf-databuffer", "https://dispatcher-api.psi.ch/sf-imagebuffer"],
      sources: [],
      database: "sqlite:./data/channelwatch.db",
      tokens: [],
      timing: {},
      thresholds: {},
      live: { pushHz: 4 },
      logger: "warn",
    });
    // Named, not repeated: the defaults of other modules are theirs.
    expect(config.database).toBe(DEFAULT_DATABASE_URL);
    expect(config.pushHz).toBe(DEFAULT_LIVE_OPTIONS.pushHz);
    expect(config.dispatchers).toEqual(SWISSFEL_DISPATCHERS);
  });

  it("takes a command's own defaults", async () => {
    const { config } = await loadConfig({ env: {}, defaults: { database: "sqlite:./data/demo.db" } });
    expect(config.database).toBe("sqlite:./data/demo.db");
  });
});

describe("loadConfig: layers", () => {
  const yaml = () =>
    file(
      "yaml",
      `port: 9000
host: 0.0.0.0
dispatchers:
  - http://disp:8080/sf-databuffer/
sources: [tcp://cam:9000?mode=pull]
database: postgres://cw@db/cw
tokens: ["alice:s3cret", "ops:t0k"]
timing: { evaluateMs: 100, recordedPollMs: 1000 }
thresholds: { warmupMs: 1000, rateLowFraction: 0.8, alertOnWarning: true }
pushHz: 2
logLevel: info
`,
    );

  it("reads every setting from a YAML file", async () => {
    const f = yaml();
    const { config, server, file: read } = await loadConfig({ file: f, env: {} });
    expect(read).toBe(f);
    expect(config).toEqual({
      port: 9000,
      host: "0.0.0.0",
      dispatchers: ["http://disp:8080/sf-databuffer"],
      sources: ["tcp://cam:9000?mode=pull"],
      database: "postgres://cw@db/cw",
      tokens: [
        { name: "alice", token: "s3cret" },
        { name: "ops", token: "t0k" },
      ],
      timing: { evaluateMs: 100, recordedPollMs: 1000 },
      thresholds: { warmupMs: 1000, rateLowFraction: 0.8, alertOnWarning: true },
      pushHz: 2,
      logLevel: "info",
    });
    expect(server.live).toEqual({ pushHz: 2 });
    expect(server.logger).toBe("info");
    expect(server.timing).toEqual({ evaluateMs: 100, recordedPollMs: 1000 });
  });

  it("reads a JSON file, and an empty file is no settings", async () => {
    const { config } = await loadConfig({ file: file("json", JSON.stringify({ port: 9001, sources: ["tcp://a:1"] })), env: {} });
    expect(config.port).toBe(9001);
    expect(config.sources).toEqual(["tcp://a:1"]);
    expect((await loadConfig({ file: file("yml", ""), env: {} })).config).toEqual(DEFAULT_CONFIG);
  });

  it("accepts every timing and threshold the monitor has", async () => {
    const f = file("json", JSON.stringify({ timing: DEFAULT_TIMING, thresholds: DEFAULT_THRESHOLDS }));
    const { config } = await loadConfig({ file: f, env: {} });
    expect(config.timing).toEqual(DEFAULT_TIMING);
    expect(config.thresholds).toEqual(DEFAULT_THRESHOLDS);
  });

  it("environment over file, flags over environment", async () => {
    const f = yaml();
    const env = {
      CHANNELWATCH_PORT: "9100",
      CHANNELWATCH_HOST: "::1",
      CHANNELWATCH_DISPATCHERS: "http://a/sf-databuffer, http://a/sf-imagebuffer",
      CHANNELWATCH_SOURCES: "tcp://s:1,tcp://t:2?mode=pull",
      CHANNELWATCH_DATABASE: "sqlite:/tmp/x.db",
      CHANNELWATCH_TOKENS: "bob:b0b",
      CHANNELWATCH_PUSH_HZ: "1.5",
      CHANNELWATCH_LOG_LEVEL: "silent",
    };
    const fromEnv = await loadConfig({ file: f, env });
    expect(fromEnv.config).toMatchObject({
      port: 9100,
      host: "::1",
      dispatchers: ["http://a/sf-databuffer", "http://a/sf-imagebuffer"],
      sources: ["tcp://s:1", "tcp://t:2?mode=pull"],
      database: "sqlite:/tmp/x.db",
      tokens: [{ name: "bob", token: "b0b" }],
      pushHz: 1.5,
      logLevel: "silent",
      // only the file has these
      timing: { evaluateMs: 100, recordedPollMs: 1000 },
    });
    const fromFlags = await loadConfig({
      file: f,
      env,
      flags: { port: "0", host: "localhost", dispatchers: ["http://b/sf-databuffer", "http://c/x,http://d/y"], sources: ["tcp://u:3"], database: "sqlite::memory:", pushHz: "3", logLevel: "debug" },
    });
    expect(fromFlags.config).toMatchObject({
      port: 0,
      host: "localhost",
      dispatchers: ["http://b/sf-databuffer", "http://c/x", "http://d/y"],
      sources: ["tcp://u:3"],
      database: "sqlite::memory:",
      tokens: [{ name: "bob", token: "b0b" }],
      pushHz: 3,
      logLevel: "debug",
    });
  });

  it("finds the file through CHANNELWATCH_CONFIG; --config wins", async () => {
    const a = file("yaml", "port: 9300\n");
    const b = file("yaml", "port: 9400\n");
    expect((await loadConfig({ env: { CHANNELWATCH_CONFIG: a } })).config.port).toBe(9300);
    const both = await loadConfig({ file: b, env: { CHANNELWATCH_CONFIG: a } });
    expect(both.config.port).toBe(9400);
    expect(both.file).toBe(b);
  });

  it("ignores empty variables and flags not given", async () => {
    const { config } = await loadConfig({ env: { CHANNELWATCH_PORT: "", CHANNELWATCH_CONFIG: " " }, flags: { port: undefined, dispatchers: [] } });
    expect(config).toEqual(DEFAULT_CONFIG);
  });
});

describe("loadConfig: one clear line per mistake", () => {
  const fileError = async (ext: string, text: string) => {
    const f = file(ext, text);
    return (await error({ file: f, env: {} })).replace(f, "F");
  };

  it("names the file setting and what it must be", async () => {
    expect(await fileError("yaml", "port: 70000\n")).toBe("config file F: port must be an integer from 0 to 65535, got 70000");
    expect(await fileError("yaml", "port: http\n")).toBe('config file F: port must be an integer from 0 to 65535, got "http"');
    expect(await fileError("yaml", "host: a b\n")).toBe('config file F: host must be a host name or address, got "a b"');
    expect(await fileError("yaml", "dispatchers: [http://a/x, ftp://b]\n")).toBe('config file F: dispatchers[1] must be an http:// or https:// URL, got "ftp://b"');
    expect(await fileError("yaml", "dispatchers: 5\n")).toBe("config file F: dispatchers must be a list, got 5");
    expect(await fileError("yaml", "sources: [tcp://nope]\n")).toBe('config file F: sources[0] must be tcp://host:port or tcp://host:port?mode=pull, got "tcp://nope"');
    expect(await fileError("yaml", "sources: ['tcp://a:1?mode=push']\n")).toMatch(/^config file F: sources\[0\] must be tcp:\/\/host:port/);
    expect(await fileError("yaml", "database: mysql://x\n")).toBe('config file F: database must be sqlite:PATH or postgres://user:password@host:port/database, got "mysql://x"');
    expect(await fileError("yaml", "pushHz: 0\n")).toBe("config file F: pushHz must be a number from 0.1 to 20, got 0");
    expect(await fileError("yaml", "logLevel: loud\n")).toBe('config file F: logLevel must be one of silent, error, warn, info, debug, got "loud"');
    expect(await fileError("yaml", "timing: { evaluateMs: 5 }\n")).toBe("config file F: timing.evaluateMs must be an integer from 10 to 60000, got 5");
    expect(await fileError("yaml", "timing: 5\n")).toMatch(/^config file F: timing must be a mapping of evaluateMs, recordedPollMs, /);
    expect(await fileError("yaml", "timing: { evaluateMS: 100 }\n")).toMatch(/^config file F: timing.evaluateMS is not a timing setting \(known: evaluateMs, /);
    expect(await fileError("yaml", "thresholds: { staleFactor: 0 }\n")).toBe("config file F: thresholds.staleFactor must be a number from 1 to 10000, got 0");
    expect(await fileError("yaml", "thresholds: { alertOnWarning: maybe }\n")).toBe('config file F: thresholds.alertOnWarning must be true or false, got "maybe"');
    expect(await fileError("yaml", "thresholds: { stale: 1 }\n")).toMatch(/^config file F: thresholds.stale is not a thresholds setting \(known: warmupMs, /);
  });

  it("rejects unknown settings by name", async () => {
    expect(await fileError("yaml", "prot: 8080\n")).toBe('config file F: unknown setting "prot" (known: port, host, dispatchers, sources, database, tokens, timing, thresholds, pushHz, logLevel)');
  });

  it("never echoes a token", async () => {
    const message = await fileError("yaml", "tokens: ['alice:ok', 'sekrit-without-name']\n");
    expect(message).toBe("config file F: tokens[1] must be name:token (a name, a colon, then the token without spaces or commas)");
    expect(message).not.toContain("sekrit");
    const env = await error({ env: { CHANNELWATCH_TOKENS: "a:1,hunter2" } });
    expect(env).toBe("CHANNELWATCH_TOKENS: item 2 must be name:token (a name, a colon, then the token without spaces or commas)");
    expect(await fileError("yaml", "tokens: ['alice:']\n")).toMatch(/^config file F: tokens\[0\] must be name:token/);
    const db = await fileError("yaml", "database: 'mysql://u:pw@h/db'\n");
    expect(db).not.toContain("pw");
  });

  it("says when the file cannot be used", async () => {
    expect(await error({ file: path.join(dir, "missing.yaml"), env: {} })).toBe(`config file ${path.join(dir, "missing.yaml")}: cannot read it (no such file)`);
    expect(await fileError("toml", "port = 1\n")).toBe("config file F: unknown format, name it .yaml, .yml or .json");
    expect(await fileError("yaml", "port: [1\n")).toMatch(/^config file F: not valid YAML: /);
    expect(await fileError("yaml", "port: 1\nport: 2\n")).toMatch(/^config file F: not valid YAML: .*[Mm]ap keys must be unique/);
    expect(await fileError("json", "{port: 1}")).toMatch(/^config file F: not valid JSON: /);
    expect(await fileError("yaml", "- port\n")).toBe("config file F: must be a mapping of settings (port: 8080, …)");
    expect(await error({ env: { CHANNELWATCH_CONFIG: path.join(dir, "nope.json") } })).toMatch(/^config file .*nope\.json: cannot read it/);
  });

  it("names the environment variable", async () => {
    expect(await error({ env: { CHANNELWATCH_PORT: "80x" } })).toBe('CHANNELWATCH_PORT: must be an integer from 0 to 65535, got "80x"');
    expect(await error({ env: { CHANNELWATCH_HOST: "a b" } })).toBe('CHANNELWATCH_HOST: must be a host name or address, got "a b"');
    expect(await error({ env: { CHANNELWATCH_DISPATCHERS: "http://a/x,localhost:8080" } })).toBe('CHANNELWATCH_DISPATCHERS: item 2 must be an http:// or https:// URL, got "localhost:8080"');
    expect(await error({ env: { CHANNELWATCH_SOURCES: "udp://x:1" } })).toBe('CHANNELWATCH_SOURCES: item 1 must be tcp://host:port or tcp://host:port?mode=pull, got "udp://x:1"');
    expect(await error({ env: { CHANNELWATCH_DATABASE: "data.db" } })).toMatch(/^CHANNELWATCH_DATABASE: must be sqlite:PATH or postgres:/);
    expect(await error({ env: { CHANNELWATCH_PUSH_HZ: "fast" } })).toBe('CHANNELWATCH_PUSH_HZ: must be a number from 0.1 to 20, got "fast"');
    expect(await error({ env: { CHANNELWATCH_LOG_LEVEL: "trace" } })).toMatch(/^CHANNELWATCH_LOG_LEVEL: must be one of /);
  });

  it("names the flag", async () => {
    expect(await error({ env: {}, flags: { port: "-1" } })).toBe('--port: must be an integer from 0 to 65535, got "-1"');
    expect(await error({ env: {}, flags: { host: "" } })).toBe('--host: must be a host name or address, got ""');
    expect(await error({ env: {}, flags: { dispatchers: ["nope"] } })).toBe('--dispatcher: item 1 must be an http:// or https:// URL, got "nope"');
    expect(await error({ env: {}, flags: { sources: ["tcp://x:1", "tcp://y"] } })).toBe('--source: item 2 must be tcp://host:port or tcp://host:port?mode=pull, got "tcp://y"');
    expect(await error({ env: {}, flags: { database: "sqlite:" } })).toMatch(/^--database: must be sqlite:PATH/);
    expect(await error({ env: {}, flags: { pushHz: "100" } })).toBe('--push-hz: must be a number from 0.1 to 20, got "100"');
    expect(await error({ env: {}, flags: { logLevel: "x" } })).toMatch(/^--log-level: must be one of /);
  });

  it("a bad lower layer is reported even when a higher one overrides it", async () => {
    // The file is the user's: a mistake there should not wait until the flag is dropped.
    const f = file("yaml", "port: nope\n");
    expect(await error({ file: f, env: {}, flags: { port: "1" } })).toMatch(/: port must be an integer/);
  });

  it("refuses a configuration with nothing to watch", async () => {
    expect(await error({ file: file("yaml", "dispatchers: []\n"), env: {} })).toMatch(/^nothing to watch: give at least one dispatcher/);
  });
});
