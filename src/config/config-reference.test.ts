import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, DEFAULT_TIMING } from "../monitor/defaults.js";
import { DEFAULT_CONFIG } from "./channel-watch-config.js";
import { CLIENT_SETTINGS } from "./client-config.js";
import { CONFIG_FIELDS, CONFIG_FILE_ENV, CONFIG_KEYS, THRESHOLD_FIELDS, TIMING_FIELDS } from "./config-fields.js";
import { configReference, REFERENCE_END, REFERENCE_START, withConfigReference } from "./config-reference.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const reference = configReference();

/** The reference's table row of a setting: the line starting with its key or variable. */
function rowOf(first: string): string {
  const line = reference.split("\n").find((l) => l.startsWith(`| \`${first}\` |`));
  if (!line) throw new Error(`no row for ${first} in the reference`);
  return line;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
  });
}

describe("configuration reference", () => {
  it("README.md holds the reference as generated from the code (else: npm run docs:config)", () => {
    const readme = readFileSync(path.join(repo, "README.md"), "utf8");
    expect(readme).toContain(REFERENCE_START);
    expect(readme).toContain(REFERENCE_END);
    const current = readme.slice(readme.indexOf(REFERENCE_START), readme.indexOf(REFERENCE_END));
    const generated = withConfigReference(readme);
    expect(current, "README.md's configuration reference is out of date: run `npm run docs:config`").toBe(generated.slice(generated.indexOf(REFERENCE_START), generated.indexOf(REFERENCE_END)));
  });

  it("has a row for every setting with its variable, flag and default", () => {
    for (const key of CONFIG_KEYS) {
      const row = rowOf(key);
      const { env, flag } = CONFIG_FIELDS[key];
      expect(row).toContain(env === undefined ? "| — |" : `\`${env}\``);
      if (flag !== undefined) expect(row).toContain(`\`--${flag}\``);
      const value = DEFAULT_CONFIG[key];
      if (typeof value === "number" || typeof value === "string") expect(row).toContain(`\`${value}\``);
      if (Array.isArray(value)) for (const v of value) expect(row).toContain(`\`${String(v)}\``);
    }
    for (const [key, value] of Object.entries(DEFAULT_TIMING)) expect(rowOf(`timing.${key}`)).toContain(`| \`${value}\` |`);
    for (const [key, value] of Object.entries(DEFAULT_THRESHOLDS)) expect(rowOf(`thresholds.${key}`)).toContain(`| \`${String(value)}\` |`);
    expect(Object.keys(TIMING_FIELDS).sort()).toEqual(Object.keys(DEFAULT_TIMING).sort());
    expect(Object.keys(THRESHOLD_FIELDS).sort()).toEqual(Object.keys(DEFAULT_THRESHOLDS).sort());
    expect(reference).toContain(`| — | \`${CONFIG_FILE_ENV}\` | \`--config\` | none |`);
    for (const s of CLIENT_SETTINGS) expect(rowOf(s.env)).toContain(`\`--${s.flag}\``);
  });

  it("names every CHANNELWATCH_* variable the sources read", () => {
    const named = new Set(sourceFiles(path.join(repo, "src")).flatMap((f) => readFileSync(f, "utf8").match(/CHANNELWATCH_[A-Z][A-Z_]*[A-Z]/g) ?? []));
    expect(named.size).toBeGreaterThan(5);
    expect([...named].filter((name) => !reference.includes(`\`${name}\``))).toEqual([]);
  });

  it("shows what each setting takes, from its parser", () => {
    expect(rowOf("port")).toContain("| integer 0 to 65535 |");
    expect(rowOf("logLevel")).toContain("one of silent, error, warn, info, debug");
    expect(rowOf("thresholds.rateLowFraction")).toContain("| number 0 to 1 |");
    expect(rowOf("tokens")).toContain("list of `name:token`");
  });

  it("replaces only what lies between the markers, and refuses a document without them", () => {
    const doc = `# T\n\nbefore\n${REFERENCE_START}\nOLD-TEXT-XYZ\n${REFERENCE_END}\nafter\n`;
    const out = withConfigReference(doc);
    expect(out.startsWith(`# T\n\nbefore\n${REFERENCE_START}\n`)).toBe(true);
    expect(out.endsWith(`\n${REFERENCE_END}\nafter\n`)).toBe(true);
    expect(out).not.toContain("OLD-TEXT-XYZ");
    expect(withConfigReference(out)).toBe(out);
    expect(() => withConfigReference("# no markers\n")).toThrow(/markers/);
  });
});
