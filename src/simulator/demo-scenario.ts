/**
 * The gentle fault timeline of `channelwatch demo`: one problem at a time, each healing by
 * itself, repeating every five minutes, so a newcomer sees every kind of status.
 */
import type { Catalog, SimChannel } from "./channel-spec.js";
import type { FaultSpec } from "./fault-spec.js";
import type { Scenario } from "./scenario.js";

const MINUTE = 60_000;

export function demoScenario(catalog: Catalog): Scenario {
  const scalars = catalog.channels.filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.shape.length === 1 && c.shape[0] === 1);
  const pick = (i: number): SimChannel | undefined => scalars[Math.floor((i * scalars.length) / 7)];
  const source = catalog.sources.find((s) => s.backend === "sf-databuffer" && s.channels.length >= 5 && s.channels.length <= 20);
  const steps: Array<{ atMs: number; fault: FaultSpec }> = [];
  const add = (atMs: number, fault: Omit<FaultSpec, "params"> & { params?: FaultSpec["params"] }) => steps.push({ atMs, fault: { params: {}, ...fault } });
  const [a, b, c, d, e, f] = [pick(0), pick(1), pick(2), pick(3), pick(4), pick(5)];
  if (a) add(20_000, { kind: "channel_stop", channel: a.name, durationMs: 15_000 });
  if (b) add(50_000, { kind: "rate_drop", channel: b.name, params: { factor: 0.5 }, durationMs: 20_000 });
  if (c) add(80_000, { kind: "empty_values", channel: c.name, params: { fraction: 0.1 }, durationMs: 20_000 });
  if (source) add(110_000, { kind: "source_stop", source: source.address, durationMs: 20_000 });
  if (d) add(140_000, { kind: "not_recording", channel: d.name, durationMs: 20_000 });
  if (e) add(170_000, { kind: "type_change", channel: e.name, params: { type: "int32" }, durationMs: 15_000 });
  if (f) add(200_000, { kind: "pulse_gaps", channel: f.name, params: { every: 50, length: 5 }, durationMs: 20_000 });
  add(240_000, { kind: "api_slow", backend: "sf-databuffer", params: { delayMs: 1500 }, durationMs: 15_000 });
  return { steps, repeatEveryMs: 5 * MINUTE };
}
