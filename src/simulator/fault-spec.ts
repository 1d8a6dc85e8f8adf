/**
 * The fault a client injects (DESIGN.md §6), validated field by field so a bad request is
 * told exactly which field is wrong.
 */
import { BSREAD_TYPES, type BsreadType } from "../bsread/index.js";
import { BACKENDS, type Backend, type Catalog } from "./channel-spec.js";

export const FAULT_KINDS = [
  "channel_stop",
  "source_stop",
  "rate_drop",
  "empty_values",
  "pulse_gaps",
  "type_change",
  "shape_change",
  "not_recording",
  "not_connected",
  "not_configured",
  "refuse_stream",
  "api_slow",
  "api_down",
  "stream_stall",
  "stream_kill",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultTarget = { channel: string } | { source: string } | { backend: Backend } | Record<string, never>;

export interface FaultParams {
  /** rate_drop: fraction of values kept, 0 < factor < 1. */
  factor?: number;
  /** empty_values: fraction of values sent empty, 0 < fraction <= 1. */
  fraction?: number;
  /** pulse_gaps: of every `every` pulse ids, `length` consecutive ones are skipped. */
  every?: number;
  length?: number;
  /** type_change */
  type?: BsreadType;
  /** shape_change */
  shape?: number[];
  /** refuse_stream: the reason the dispatcher gives. */
  message?: string;
  /** api_slow */
  delayMs?: number;
}

export interface FaultSpec {
  kind: FaultKind;
  channel?: string;
  source?: string;
  backend?: Backend;
  params: FaultParams;
  durationMs?: number;
}

export class FaultValidationError extends Error {
  readonly code = "FAULT_INVALID";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

type TargetKind = "channel" | "source" | "backend" | "none";

interface KindRule {
  /** Allowed targets; "none" means the fault may name no target (= everything). */
  targets: readonly TargetKind[];
  params: Partial<Record<keyof FaultParams, (value: unknown, field: string) => unknown>>;
  required?: readonly (keyof FaultParams)[];
}

const LEVEL_TARGETS: readonly TargetKind[] = ["channel", "source", "backend"];
const SERVICE_TARGETS: readonly TargetKind[] = ["backend", "none"];

function fractionIn(min: number, max: number, inclusiveMax: boolean) {
  return (value: unknown, field: string): number => {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= min || (inclusiveMax ? value > max : value >= max)) {
      throw new FaultValidationError(field, `must be a number > ${min} and ${inclusiveMax ? "<=" : "<"} ${max}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
}

function integerIn(min: number, max: number) {
  return (value: unknown, field: string): number => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw new FaultValidationError(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
}

const RULES: Record<FaultKind, KindRule> = {
  channel_stop: { targets: ["channel"], params: {} },
  source_stop: { targets: ["source"], params: {} },
  rate_drop: { targets: LEVEL_TARGETS, params: { factor: fractionIn(0, 1, false) }, required: ["factor"] },
  empty_values: { targets: LEVEL_TARGETS, params: { fraction: fractionIn(0, 1, true) }, required: ["fraction"] },
  pulse_gaps: {
    targets: LEVEL_TARGETS,
    params: { every: integerIn(2, 1_000_000), length: integerIn(1, 999_999) },
    required: ["every", "length"],
  },
  type_change: {
    targets: ["channel"],
    params: {
      type: (value, field) => {
        if (typeof value !== "string" || !(BSREAD_TYPES as readonly string[]).includes(value)) {
          throw new FaultValidationError(field, `must be one of ${BSREAD_TYPES.join(", ")}, got ${JSON.stringify(value)}`);
        }
        return value;
      },
    },
    required: ["type"],
  },
  shape_change: {
    targets: ["channel"],
    params: {
      shape: (value, field) => {
        if (!Array.isArray(value) || value.length < 1 || value.length > 3 || value.some((d) => !Number.isInteger(d) || d < 1 || d > 4096)) {
          throw new FaultValidationError(field, `must be a list of 1 to 3 integers from 1 to 4096 (fastest dimension first), got ${JSON.stringify(value)}`);
        }
        return value;
      },
    },
    required: ["shape"],
  },
  not_recording: { targets: LEVEL_TARGETS, params: {} },
  not_connected: { targets: LEVEL_TARGETS, params: {} },
  not_configured: { targets: LEVEL_TARGETS, params: {} },
  refuse_stream: {
    targets: LEVEL_TARGETS,
    params: {
      message: (value, field) => {
        if (typeof value !== "string" || value.length === 0 || value.length > 500) {
          throw new FaultValidationError(field, "must be a non-empty string of at most 500 characters");
        }
        return value;
      },
    },
  },
  api_slow: { targets: SERVICE_TARGETS, params: { delayMs: integerIn(1, 120_000) }, required: ["delayMs"] },
  api_down: { targets: SERVICE_TARGETS, params: {} },
  stream_stall: { targets: SERVICE_TARGETS, params: {} },
  stream_kill: { targets: SERVICE_TARGETS, params: {} },
};

/** The target kinds a fault kind accepts, for documentation and error messages. */
export function targetsOf(kind: FaultKind): readonly string[] {
  return RULES[kind].targets;
}

/** Validates a fault as received over REST or from a scenario file. Throws FaultValidationError. */
export function parseFault(input: unknown, catalog: Catalog, path = ""): FaultSpec {
  const at = (field: string): string => (path ? `${path}.${field}` : field);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new FaultValidationError(path || "body", "must be a JSON object");
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!["kind", "channel", "source", "backend", "params", "durationMs"].includes(key)) {
      throw new FaultValidationError(at(key), "is not a fault field (kind, channel, source, backend, params, durationMs)");
    }
  }
  const kind = raw.kind;
  if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultValidationError(at("kind"), `must be one of ${FAULT_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
  }
  const rule = RULES[kind as FaultKind];
  const spec: FaultSpec = { kind: kind as FaultKind, params: {} };

  const named = (["channel", "source", "backend"] as const).filter((t) => raw[t] !== undefined);
  if (named.length > 1) throw new FaultValidationError(at(named[1]!), `a fault has one target; ${named[0]} is already given`);
  const target: TargetKind = named[0] ?? "none";
  if (!rule.targets.includes(target)) {
    const allowed = rule.targets.filter((t) => t !== "none");
    throw new FaultValidationError(
      named.length === 0 ? at(allowed[0]!) : at(target),
      `${kind} needs ${rule.targets.includes("none") ? "at most " : ""}one target of: ${allowed.join(", ")}`,
    );
  }
  if (target === "channel") {
    if (typeof raw.channel !== "string" || !catalog.byName.has(raw.channel)) {
      throw new FaultValidationError(at("channel"), `unknown channel ${JSON.stringify(raw.channel)}`);
    }
    spec.channel = raw.channel;
  } else if (target === "source") {
    if (typeof raw.source !== "string" || !catalog.sources.some((s) => s.address === raw.source)) {
      throw new FaultValidationError(at("source"), `unknown source ${JSON.stringify(raw.source)} (see GET /sf-databuffer/sources)`);
    }
    spec.source = raw.source;
  } else if (target === "backend") {
    if (typeof raw.backend !== "string" || !(BACKENDS as readonly string[]).includes(raw.backend)) {
      throw new FaultValidationError(at("backend"), `must be one of ${BACKENDS.join(", ")}, got ${JSON.stringify(raw.backend)}`);
    }
    spec.backend = raw.backend as Backend;
  }

  const params = raw.params ?? {};
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new FaultValidationError(at("params"), "must be a JSON object");
  }
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    const check = rule.params[key as keyof FaultParams];
    if (!check) {
      const known = Object.keys(rule.params);
      throw new FaultValidationError(at(`params.${key}`), `${kind} takes ${known.length ? known.join(", ") : "no params"}`);
    }
    (spec.params as Record<string, unknown>)[key] = check(value, at(`params.${key}`));
  }
  for (const key of rule.required ?? []) {
    if (spec.params[key] === undefined) throw new FaultValidationError(at(`params.${key}`), `is required for ${kind}`);
  }
  if (kind === "pulse_gaps" && spec.params.length! >= spec.params.every!) {
    throw new FaultValidationError(at("params.length"), "must be smaller than params.every");
  }
  if (raw.durationMs !== undefined) {
    spec.durationMs = integerIn(1, 7 * 24 * 3600 * 1000)(raw.durationMs, at("durationMs"));
  }
  return spec;
}
