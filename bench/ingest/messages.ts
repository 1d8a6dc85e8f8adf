/**
 * The three messages the ingest benchmark streams, made with the project's encoder from
 * synthetic but realistic values (noise, ramps, a beam spot), so compressed sizes are
 * what real channels give rather than the best case of constant data. The C sender
 * repeats one encoded message, so pulse id and timestamps stay fixed; the decoder does
 * the same work for every pulse id (the data header is cached by hash either way).
 */
import { MessageEncoder, type ChannelToSend, type MessageToSend } from "../../src/bsread/index.js";
import { seededRandom, type Random } from "./random.js";

export type CaseId = "a" | "b" | "c";

export interface IngestCase {
  id: CaseId;
  title: string;
  message: MessageToSend;
}

const PULSE_ID = 20_000_000_000;
const GLOBAL_TIMESTAMP = { sec: 1_700_000_000, ns: 250_000_000 };

/** 1000 float64 scalars: BPM-like readings, each noise around its own set point. */
function scalars(random: Random): ChannelToSend[] {
  return Array.from({ length: 1000 }, (_, i) => ({
    name: `SBENCH-DBPM${String(Math.floor(i / 4)).padStart(3, "0")}:${["X1", "Y1", "Q1", "VALID"][i % 4]}`,
    type: "float64",
    value: (i % 17) * 0.125 - 1 + random.normal() * 1e-3,
  }));
}

/**
 * 10 waveforms of 2048 float64 as a calibrated 14-bit digitizer channel delivers them: a
 * pulse on a ramp plus noise, in ADC counts times a gain and plus an offset (as an EPICS
 * record's ESLO/EOFF would), so the mantissas are full, not round binary fractions.
 */
function waveforms(random: Random): ChannelToSend[] {
  const voltsPerCount = (1 / 8192) * 1.0313;
  const offset = -0.0021;
  return Array.from({ length: 10 }, (_, w) => {
    const samples = new Float64Array(2048);
    for (let s = 0; s < samples.length; s++) {
      const pulse = 0.6 * Math.exp(-(((s - 400 - 60 * w) / 35) ** 2));
      const volts = 0.05 + (s / samples.length) * 0.1 + pulse + random.normal() * 0.002;
      samples[s] = Math.round(volts / voltsPerCount) * voltsPerCount + offset;
    }
    return { name: `SBENCH-DWSC${w}:WAVEFORM`, type: "float64", compression: "bitshuffle_lz4", value: samples };
  });
}

/** One 1024x1024 12-bit camera frame in uint16: a Gaussian beam spot on a noisy pedestal. */
function image(random: Random): ChannelToSend[] {
  const width = 1024;
  const height = 1024;
  const pixels = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const spot = 3000 * Math.exp(-(((x - 540) / 90) ** 2 + ((y - 480) / 60) ** 2) / 2);
      const value = 100 + spot + random.normal() * (4 + Math.sqrt(spot));
      pixels[y * width + x] = Math.min(4095, Math.max(0, Math.round(value)));
    }
  }
  // bsread shapes list the fastest dimension first: [width, height].
  return [{ name: "SBENCH-CAM1:FPICTURE", type: "uint16", shape: [width, height], compression: "bitshuffle_lz4", value: pixels }];
}

export const CASE_IDS: readonly CaseId[] = ["a", "b", "c"];

export function ingestCase(id: CaseId): IngestCase {
  const random = seededRandom(0x5eed + id.charCodeAt(0));
  const make = (title: string, channels: ChannelToSend[]): IngestCase => ({
    id,
    title,
    message: { pulseId: PULSE_ID, globalTimestamp: GLOBAL_TIMESTAMP, channels },
  });
  switch (id) {
    case "a":
      return make("(a) 1000 scalar float64", scalars(random));
    case "b":
      return make("(b) 10 × 2048 float64 bitshuffle_lz4", waveforms(random));
    case "c":
      return make("(c) 1024×1024 uint16 bitshuffle_lz4", image(random));
  }
}

export function encodeCase(id: CaseId): Uint8Array[] {
  return new MessageEncoder().encode(ingestCase(id).message);
}
