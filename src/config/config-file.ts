/** Reads a configuration file: YAML (`.yaml`, `.yml`) or JSON (`.json`), chosen by extension. */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "./config-error.js";

export function configFileOrigin(file: string): string {
  return `config file ${file}`;
}

function formatOf(file: string): "JSON" | "YAML" | undefined {
  if (/\.json$/i.test(file)) return "JSON";
  if (/\.ya?ml$/i.test(file)) return "YAML";
  return undefined;
}

/** The file's settings as written (validated by the loader); an empty file has none. */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  const origin = configFileOrigin(file);
  const format = formatOf(file);
  if (!format) throw new ConfigError(`${origin}: unknown format, name it .yaml, .yml or .json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new ConfigError(`${origin}: cannot read it (${code === "ENOENT" ? "no such file" : typeof code === "string" ? code : (err as Error).message})`);
  }
  let data: unknown;
  try {
    data = format === "JSON" ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    // YAML errors carry a code frame on the following lines: one line is enough here.
    throw new ConfigError(`${origin}: not valid ${format}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) throw new ConfigError(`${origin}: must be a mapping of settings (port: 8080, …)`);
  return data as Record<string, unknown>;
}
