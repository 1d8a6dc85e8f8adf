/**
 * Scenario files: a timeline of faults (YAML or JSON), either a list of
 * `{atMs, fault}` or `{repeatEveryMs, steps: [...]}` for a timeline that starts over.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import type { Catalog } from "./channel-spec.js";
import { FaultValidationError, parseFault, type FaultSpec } from "./fault-spec.js";

export interface ScenarioStep {
  atMs: number;
  fault: FaultSpec;
}

export interface Scenario {
  steps: ScenarioStep[];
  /** Start the timeline over after this many ms (must be past the last step). */
  repeatEveryMs?: number;
}

export class ScenarioError extends Error {
  readonly code = "SCENARIO_INVALID";
}

export function parseScenario(input: unknown, catalog: Catalog): Scenario {
  const root = Array.isArray(input) ? { steps: input } : input;
  if (typeof root !== "object" || root === null || !Array.isArray((root as { steps?: unknown }).steps)) {
    throw new ScenarioError("a scenario is a list of {atMs, fault} steps, or {repeatEveryMs, steps: [...]}");
  }
  const { steps, repeatEveryMs } = root as { steps: unknown[]; repeatEveryMs?: unknown };
  const parsed = steps.map((step, i): ScenarioStep => {
    if (typeof step !== "object" || step === null) throw new ScenarioError(`steps[${i}] must be an object {atMs, fault}`);
    const { atMs, fault, ...rest } = step as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new ScenarioError(`steps[${i}].${extra[0]} is not a step field (atMs, fault)`);
    if (typeof atMs !== "number" || !Number.isFinite(atMs) || atMs < 0) {
      throw new ScenarioError(`steps[${i}].atMs must be a number of milliseconds >= 0`);
    }
    try {
      return { atMs, fault: parseFault(fault, catalog, `steps[${i}].fault`) };
    } catch (err) {
      if (err instanceof FaultValidationError) throw new ScenarioError(err.message);
      throw err;
    }
  });
  parsed.sort((a, b) => a.atMs - b.atMs);
  if (repeatEveryMs !== undefined) {
    const last = parsed.at(-1)?.atMs ?? 0;
    if (typeof repeatEveryMs !== "number" || !Number.isFinite(repeatEveryMs) || repeatEveryMs <= last) {
      throw new ScenarioError(`repeatEveryMs must be a number larger than the last step's atMs (${last})`);
    }
    return { steps: parsed, repeatEveryMs };
  }
  return { steps: parsed };
}

export async function loadScenario(file: string, catalog: Catalog): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new ScenarioError(`cannot read scenario ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ScenarioError(`scenario ${file} is not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(err as Error).message}`);
  }
  try {
    return parseScenario(data, catalog);
  } catch (err) {
    if (err instanceof ScenarioError) throw new ScenarioError(`scenario ${file}: ${err.message}`);
    throw err;
  }
}

/** Plays a scenario with timers; returns a function that stops it. */
export function playScenario(scenario: Scenario, inject: (fault: FaultSpec) => void): () => void {
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const run = (): void => {
    for (const step of scenario.steps) {
      timers.push(setTimeout(() => !stopped && inject(step.fault), step.atMs));
    }
    if (scenario.repeatEveryMs !== undefined) timers.push(setTimeout(() => !stopped && run(), scenario.repeatEveryMs));
  };
  run();
  return () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
  };
}
