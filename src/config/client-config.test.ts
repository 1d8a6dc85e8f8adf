import { describe, expect, it } from "vitest";
import { DEFAULT_SERVER_URL, loadClientConfig } from "./client-config.js";
import { ConfigError } from "./config-error.js";

function error(input: Parameters<typeof loadClientConfig>[0]): string {
  try {
    loadClientConfig(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("accepted");
}

describe("loadClientConfig", () => {
  it("defaults to the local server without a token", () => {
    expect(DEFAULT_SERVER_URL).toBe("http://127.0.0.1:8080");
    expect(loadClientConfig({ env: {}, flags: {} })).toEqual({ server: "http://127.0.0.1:8080" });
  });

  it("takes the environment, and flags over it", () => {
    const env = { CHANNELWATCH_SERVER: "http://panel:8080/", CHANNELWATCH_TOKEN: "env-token" };
    expect(loadClientConfig({ env, flags: {} })).toEqual({ server: "http://panel:8080", token: "env-token" });
    expect(loadClientConfig({ env, flags: { server: "https://other", token: "flag-token" } })).toEqual({ server: "https://other", token: "flag-token" });
    expect(loadClientConfig({ env: { CHANNELWATCH_SERVER: "", CHANNELWATCH_TOKEN: "" }, flags: {} })).toEqual({ server: DEFAULT_SERVER_URL });
  });

  it("names the bad setting, never echoing a token", () => {
    expect(error({ env: {}, flags: { server: "panel:8080" } })).toBe('--server: must be an http:// or https:// URL, got "panel:8080"');
    expect(error({ env: { CHANNELWATCH_SERVER: "ws://x" }, flags: {} })).toBe('CHANNELWATCH_SERVER: must be an http:// or https:// URL, got "ws://x"');
    expect(error({ env: {}, flags: { token: "two words" } })).toBe("--token: must be a token without spaces");
    expect(error({ env: { CHANNELWATCH_TOKEN: "a b" }, flags: {} })).toBe("CHANNELWATCH_TOKEN: must be a token without spaces");
  });
});
