/**
 * The demo set: about 40 channels of the emulator's catalog that make `npm start` worth
 * looking at — every channel the demo scenario faults (and part of the source it stops, so
 * that `source_down` shows), scalars of several sources, some 10 Hz channels, two waveforms
 * and one camera image — created or brought up to date, and watched.
 */
import type { Catalog, SimChannel } from "../simulator/channel-spec.js";
import type { Scenario } from "../simulator/scenario.js";
import type { ChannelWatchService } from "../server/service.js";

export const DEMO_SET = "demo";
export const DEMO_SET_SIZE = 40;
/** Channels of the stopped source in the set: all of them stop, so the source shows as down. */
const SOURCE_SAMPLE = 4;
const TEN_HZ = 4;
const WAVEFORMS = 2;
/** Scalar channels taken from each source while filling up. */
const PER_SOURCE = 4;

const isScalar = (c: SimChannel): boolean => c.shape.length === 1 && c.shape[0] === 1;
const pixels = (c: SimChannel): number => c.shape.reduce((a, b) => a * b, 1);

/** Deterministic for a catalog and scenario; never more than `size` unless the scenario alone needs more. */
export function demoChannels(catalog: Catalog, scenario: Scenario, size = DEMO_SET_SIZE): string[] {
  const picked = new Set<string>();
  const take = (channels: readonly SimChannel[], count: number): void => {
    for (const c of channels.filter((c) => !picked.has(c.name)).slice(0, count)) picked.add(c.name);
  };

  for (const { fault } of scenario.steps) {
    if (fault.channel !== undefined && catalog.byName.has(fault.channel)) picked.add(fault.channel);
    const source = fault.source === undefined ? undefined : catalog.sources.find((s) => s.address === fault.source);
    if (source) take(source.channels.map((n) => catalog.byName.get(n)!), SOURCE_SAMPLE);
  }
  const data = catalog.channels.filter((c) => c.backend === "sf-databuffer");
  take(
    data.filter((c) => c.kind === "waveform" && !isScalar(c)),
    WAVEFORMS,
  );
  const camera = catalog.channels.filter((c) => c.backend === "sf-imagebuffer" && c.shape.length === 2).sort((a, b) => pixels(a) - pixels(b))[0];
  if (camera) picked.add(camera.name);
  // 10 Hz channels of different sources.
  const tenHz = data.filter((c) => isScalar(c) && c.modulo === 10);
  take(tenHz.filter((c, i) => tenHz.findIndex((d) => d.source === c.source) === i), TEN_HZ);

  // The rest: a few scalars from each of several sources spread over the machine, as an
  // experiment's set would have (a handful of channels per device), from sources not in yet.
  const fresh = catalog.sources.filter((s) => s.backend === "sf-databuffer" && !s.channels.some((n) => picked.has(n)));
  const wanted = Math.max(1, Math.ceil((size - picked.size) / PER_SOURCE));
  const spread = Array.from({ length: Math.min(wanted, fresh.length) }, (_, j) => fresh[Math.floor((j * fresh.length) / wanted)]!);
  for (const source of [...spread, ...fresh]) {
    if (picked.size >= size) break;
    const scalars = source.channels.map((n) => catalog.byName.get(n)!).filter((c) => isScalar(c) && c.modulo === 1);
    take(scalars, Math.min(PER_SOURCE, size - picked.size));
  }
  return [...picked];
}

/** Creates the set, or saves a new version when its channels differ, and watches it. */
export async function ensureWatchedSet(service: ChannelWatchService, name: string, channels: readonly string[], description: string): Promise<void> {
  const actor = "channelwatch demo";
  const input = { name, description, owner: actor, tags: ["demo"], channels: channels.map((c) => ({ name: c })) };
  const exists = (await service.listSets()).some((s) => s.name === name);
  if (!exists) {
    await service.createSet(input, actor);
  } else {
    const current = service.getSet(name);
    const same = current.channels.length === channels.length && current.channels.every((c, i) => c.name === channels[i] && c.thresholds === undefined);
    if (!same) await service.updateSet(input, current.version, actor);
  }
  if (!service.isWatched(name)) await service.watch(name);
}
