/** Access to the golden bsread fixtures in ../shared/fixtures/bsread (never edited). */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURE_DIR = process.env.CHANNELWATCH_FIXTURES ?? path.resolve(repoRoot, "../shared/fixtures/bsread");

export interface ExpectedChannel {
  name: string;
  type: string;
  shape: number[];
  encoding: string;
  compression: string;
  modulo: number;
  offset: number;
  value: unknown;
  timestamp: { sec: number; ns: number } | null;
  value_error?: boolean;
  timestamp_error?: boolean;
}

export interface Expectation {
  ok: boolean;
  fatal?: boolean;
  error?: string;
  htype?: string;
  pulse_id?: number;
  global_timestamp?: { sec: number; ns: number };
  hash?: string;
  dh_compression?: string;
  format_changed?: boolean;
  channels: ExpectedChannel[];
}

export interface FixtureMessage {
  frames: Uint8Array[];
  expect: Expectation;
}

export interface Fixture {
  case: string;
  source: string;
  description: string;
  messages: FixtureMessage[];
}

interface RawMessage {
  frames: string[];
  expect: Expectation;
}

function decodeFrames(frames: string[]): Uint8Array[] {
  return frames.map((f) => new Uint8Array(Buffer.from(f, "base64")));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

export function loadFixture(name: string): Fixture {
  const raw = JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.json`), "utf8")) as {
    case: string;
    source: string;
    description: string;
    frames?: string[];
    expect?: Expectation;
    messages?: RawMessage[];
  };
  const messages: RawMessage[] = raw.messages ?? [{ frames: raw.frames!, expect: raw.expect! }];
  return {
    case: raw.case,
    source: raw.source,
    description: raw.description,
    messages: messages.map((m) => ({ frames: decodeFrames(m.frames), expect: m.expect })),
  };
}
