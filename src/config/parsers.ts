/**
 * Value parsers of the configuration. One parser serves every origin: a file gives numbers,
 * lists and mappings, an environment variable or a flag gives text (lists comma-separated or
 * repeated). A parser returns the typed value or throws a ConfigProblem saying what it must be.
 */
import { ConfigProblem } from "./config-error.js";

export interface Parser<T> {
  (value: unknown): T;
  /** What it takes, for the configuration reference: "integer 0 to 65535". */
  readonly accepts: string;
}

/** A parse function with the text the reference shows for it. */
export function parser<T>(accepts: string, parse: (value: unknown) => T): Parser<T> {
  return Object.assign(parse, { accepts });
}

/** A value as the user wrote it, short enough for one line. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function numeric(value: unknown): unknown {
  return typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

export function integer(min: number, max: number): Parser<number> {
  return parser(`integer ${min} to ${max}`, (value) => {
    const n = numeric(value);
    if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) throw new ConfigProblem(`must be an integer from ${min} to ${max}, got ${shown(value)}`);
    return n;
  });
}

export function decimal(min: number, max: number): Parser<number> {
  return parser(`number ${min} to ${max}`, (value) => {
    const n = numeric(value);
    if (typeof n !== "number" || !Number.isFinite(n) || n < min || n > max) throw new ConfigProblem(`must be a number from ${min} to ${max}, got ${shown(value)}`);
    return n;
  });
}

export const boolean: Parser<boolean> = parser("true or false", (value) => {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ConfigProblem(`must be true or false, got ${shown(value)}`);
});

export function oneOf<T extends string>(choices: readonly T[]): Parser<T> {
  return parser(`one of ${choices.join(", ")}`, (value) => {
    if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
    throw new ConfigProblem(`must be one of ${choices.join(", ")}, got ${shown(value)}`);
  });
}

/** A host name or address: non-empty, no spaces. */
export const hostName: Parser<string> = parser("host name or address", (value) => {
  if (typeof value !== "string" || !/^[^\s/]+$/.test(value)) throw new ConfigProblem(`must be a host name or address, got ${shown(value)}`);
  return value;
});

/** An http(s) URL, without trailing slashes (paths are appended to it). */
export const httpUrl: Parser<string> = parser("http(s) URL", (value) => {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== "") {
    throw new ConfigProblem(`must be an http:// or https:// URL, got ${shown(value)}`);
  }
  return (value as string).replace(/\/+$/, "");
});

/** The store's URL; whether it opens is for the store to say. */
export const databaseUrl: Parser<string> = parser("`sqlite:PATH` or `postgres://user:password@host:port/database`", (value) => {
  if (typeof value === "string" && (/^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value))) return value;
  // A postgres URL may carry a password: never echo it.
  throw new ConfigProblem(`must be sqlite:PATH or postgres://user:password@host:port/database${typeof value === "string" && value.includes("@") ? "" : `, got ${shown(value)}`}`);
});

/**
 * A list: from a file a YAML/JSON list, from the environment a comma-separated string,
 * from flags the repeated values (each may hold several, comma-separated).
 */
export function list<T>(item: Parser<T>): Parser<T[]> {
  return parser(`list of ${item.accepts}`, (value) => {
    if (typeof value !== "string" && !Array.isArray(value)) throw new ConfigProblem(`must be a list, got ${shown(value)}`);
    // `--dispatcher a,b` means the same as `--dispatcher a --dispatcher b`.
    const items = (Array.isArray(value) ? value : [value]).flatMap((v: unknown) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter((s) => s !== "") : [v]));
    return items.map((v, i) => {
      try {
        return item(v);
      } catch (err) {
        throw err instanceof ConfigProblem ? err.within(`[${i}]`) : err;
      }
    });
  });
}

/** A mapping of known keys only (a typo is an error, never silently ignored). */
export function mapping<T extends object>(what: string, fields: { [K in keyof T]-?: Parser<T[K]> }): Parser<Partial<T>> {
  const known = Object.keys(fields) as Array<keyof T & string>;
  return parser(`mapping of ${known.join(", ")}`, (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigProblem(`must be a mapping of ${known.join(", ")}`);
    const out: Partial<T> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!(known as string[]).includes(key)) throw new ConfigProblem(`is not a ${what} setting (known: ${known.join(", ")})`, `.${key}`);
      try {
        out[key as keyof T] = fields[key as keyof T](v);
      } catch (err) {
        throw err instanceof ConfigProblem ? err.within(`.${key}`) : err;
      }
    }
    return out;
  });
}
