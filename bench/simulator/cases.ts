/**
 * What the simulator benchmark asks the emulator to serve: one or more dispatcher output
 * streams per case, each a selection of the catalog's channels that have a value at every
 * pulse (modulo 1), so every stream carries one message per pulse.
 */
import type { Compression } from "../../src/bsread/index.js";
import type { CatalogChannel } from "../../src/dispatcher/dispatcher-client.js";
import type { Backend } from "../../src/simulator/channel-spec.js";

export type ChannelKind = "scalar" | "waveform" | "image";

export interface StreamSpec {
  backend: Backend;
  compression: Compression;
  channels: ReadonlyArray<{ kind: ChannelKind; count: number }>;
}

export interface SimulatorCase {
  id: string;
  title: string;
  streams: readonly StreamSpec[];
}

export const CASES: readonly SimulatorCase[] = [
  { id: "1k", title: "1,000 scalars", streams: [{ backend: "sf-databuffer", compression: "none", channels: [{ kind: "scalar", count: 1000 }] }] },
  // Between the two sizes the issue names, to bracket the largest stream one core holds.
  { id: "5k", title: "5,000 scalars", streams: [{ backend: "sf-databuffer", compression: "none", channels: [{ kind: "scalar", count: 5000 }] }] },
  { id: "10k", title: "10,000 scalars", streams: [{ backend: "sf-databuffer", compression: "none", channels: [{ kind: "scalar", count: 10_000 }] }] },
  {
    id: "1k-lz4",
    title: "1,000 scalars, bitshuffle_lz4",
    streams: [{ backend: "sf-databuffer", compression: "bitshuffle_lz4", channels: [{ kind: "scalar", count: 1000 }] }],
  },
  {
    id: "mixed",
    title: "1,000 scalars + 20 waveforms, and 1 camera image (2 streams)",
    streams: [
      {
        backend: "sf-databuffer",
        compression: "none",
        channels: [
          { kind: "scalar", count: 1000 },
          { kind: "waveform", count: 20 },
        ],
      },
      // Cameras are only on the image buffer: a second stream, as a real client would open.
      { backend: "sf-imagebuffer", compression: "none", channels: [{ kind: "image", count: 1 }] },
    ],
  },
];

/** Numeric scalars only: strings are scalars too, but no BPM or RF reading is one. */
function kindOf(c: CatalogChannel): ChannelKind | "other" {
  if (c.modulo !== 1) return "other";
  if (c.shape.length === 2) return "image";
  if (c.shape.length === 1 && c.shape[0]! > 1) return "waveform";
  if (c.shape.length === 1 && c.shape[0] === 1 && c.type !== "string") return "scalar";
  return "other";
}

/** The first channels of each kind in catalog order (deterministic for a catalog seed). */
export function pickChannels(live: readonly CatalogChannel[], spec: StreamSpec): string[] {
  return spec.channels.flatMap(({ kind, count }) => {
    const names = live.filter((c) => kindOf(c) === kind).slice(0, count).map((c) => c.name);
    if (names.length < count) throw new Error(`the catalog has only ${names.length} ${kind} channels at 100 Hz on ${spec.backend}, ${count} wanted: use a larger --catalog`);
    return names;
  });
}
