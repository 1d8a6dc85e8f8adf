/**
 * The files in deploy/ stay usable: the production YAML and the environment file load with
 * the real config loader, the environment file names only known settings, and the systemd
 * unit and the nginx snippet point at the paths and port the other files use.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SWISSFEL_DISPATCHERS } from "../../src/config/channel-watch-config.js";
import { CONFIG_FIELDS, CONFIG_FILE_ENV, CONFIG_KEYS } from "../../src/config/config-fields.js";
import { loadConfig } from "../../src/config/load-config.js";

const deploy = (name: string): string => fileURLToPath(new URL(`../../deploy/${name}`, import.meta.url));
const text = (name: string): string => readFileSync(deploy(name), "utf8");

/** `KEY=value` lines of a systemd environment file; `commented` also takes `#KEY=value` (examples to uncomment). */
function envLines(source: string, commented: boolean): Array<[string, string]> {
  const pattern = commented ? /^#?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/ : /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
  return source.split("\n").flatMap((line) => {
    const m = pattern.exec(line.trim());
    return m ? [[m[1]!, m[2]!] as [string, string]] : [];
  });
}

/** `Key=value` settings of a systemd unit, all sections together; a key may repeat. */
function unitSettings(source: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of source.split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) settings.set(m[1]!, [...(settings.get(m[1]!) ?? []), m[2]!]);
  }
  return settings;
}

const KNOWN_ENV = [CONFIG_FILE_ENV, ...CONFIG_KEYS.flatMap((k) => (CONFIG_FIELDS[k].env === undefined ? [] : [CONFIG_FIELDS[k].env!]))];

describe("deploy/", () => {
  it("channelwatch.env.example names only known CHANNELWATCH_* settings", () => {
    const names = envLines(text("channelwatch.env.example"), true).map(([name]) => name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !KNOWN_ENV.includes(n))).toEqual([]);
    // Values are taken as written: systemd keeps quotes and spaces around "=" would break the name.
    expect(envLines(text("channelwatch.env.example"), false).filter(([, v]) => /^["']|^\s/.test(v))).toEqual([]);
  });

  it("channelwatch.yaml with the environment file loads: SwissFEL's dispatchers, PostgreSQL, no known tokens", async () => {
    const env = Object.fromEntries(envLines(text("channelwatch.env.example"), false));
    const { config, file } = await loadConfig({ file: deploy("channelwatch.yaml"), env });
    expect(file).toBe(deploy("channelwatch.yaml"));
    expect(config.dispatchers).toEqual(SWISSFEL_DISPATCHERS);
    expect(config.sources).toEqual([]);
    expect(config.database).toMatch(/^postgres:\/\//);
    // The example's tokens are placeholders: a copied file must not open writes to known tokens.
    expect(config.tokens).toEqual([]);
    expect(config.host).toBe("127.0.0.1");
    expect(config.timing).toEqual({ httpTimeoutMs: 10_000 });
    expect(config.thresholds).toEqual({ recordLagMs: 10_000, alertOnWarning: false });
  });

  it("the commented-out examples of the environment file load too", async () => {
    const env = Object.fromEntries(envLines(text("channelwatch.env.example"), true));
    const { config } = await loadConfig({ file: deploy("channelwatch.yaml"), env });
    expect(config.logLevel).toBe(env.CHANNELWATCH_LOG_LEVEL);
    expect(config.port).toBe(Number(env.CHANNELWATCH_PORT));
    expect(config.tokens.map((t) => t.name)).toEqual(["alvra-daq", "bernina-daq", "operators"]);
  });

  it("the systemd unit runs serve with the YAML and the environment file, writable data directory only", async () => {
    const unit = unitSettings(text("channelwatch.service"));
    const one = (key: string): string => {
      const values = unit.get(key) ?? [];
      expect(values, key).toHaveLength(1);
      return values[0]!;
    };
    const exec = /^(\/\S+\/channelwatch) serve --config (\S+)$/.exec(one("ExecStart"));
    expect(exec, one("ExecStart")).not.toBeNull();
    expect(exec![2]).toBe("/etc/channelwatch/channelwatch.yaml");
    expect(one("EnvironmentFile")).toBe("/etc/channelwatch/channelwatch.env");
    // The header comments of the YAML and the env file name where they go.
    expect(text("channelwatch.yaml")).toContain(exec![2]);
    expect(text("channelwatch.env.example")).toContain(one("EnvironmentFile"));
    const data = `/var/lib/${one("StateDirectory")}`;
    expect(one("WorkingDirectory")).toBe(data);
    expect(one("ReadWritePaths")).toBe(data);
    expect(one("ProtectSystem")).toBe("strict");
    expect(one("NoNewPrivileges")).toBe("yes");
    expect(one("Restart")).toBe("on-failure");
    expect(one("KillSignal")).toBe("SIGTERM");
    expect(one("User")).toBe("channelwatch");
    // A relative SQLite path resolves in the data directory.
    const sqlite = await loadConfig({ file: deploy("channelwatch.yaml"), env: {} });
    expect(sqlite.config.database).toBe("sqlite:./data/channelwatch.db");
  });

  it("the nginx snippet proxies to the YAML's address and upgrades the live WebSocket", async () => {
    const nginx = text("nginx-channelwatch.conf");
    const { config } = await loadConfig({ file: deploy("channelwatch.yaml"), env: {} });
    expect(nginx).toContain(`server ${config.host}:${config.port};`);
    const live = /location = \/api\/v1\/live \{([^}]*)\}/.exec(nginx);
    expect(live).not.toBeNull();
    expect(live![1]).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(live![1]).toMatch(/proxy_http_version 1\.1;/);
    expect(live![1]).toMatch(/proxy_buffering off;/);
    // Longer than the live heartbeat (1 s) by far: an idle panel must not be cut off.
    const timeout = /proxy_read_timeout (\d+)s;/.exec(live![1]!);
    expect(Number(timeout?.[1])).toBeGreaterThanOrEqual(10);
    expect(nginx).toMatch(/listen 443 ssl( http2)?;/);
  });
});
