/** What the channel views read from the server (GET /status/{channel}, /status/{channel}/value); catalog rows: ../api-types.ts. */
import type { Channel, Metrics } from "../types.js";

export interface DetailMetrics extends Metrics {
  skippedPulses: number;
  type?: string;
  shape?: number[];
  modulo: number;
  offset: number;
  decodeErrors: number;
  skewMs: number | null;
}

export type RecordedView =
  | { checked: false }
  | { checked: true; known: false }
  | { checked: true; known: true; configured: boolean; connected: boolean; recording: boolean; latestEventDate?: string; ageMs: number };

export interface ChannelEvent {
  kind: string;
  from: string | null;
  to: string | null;
  time: string;
  pulseId: number | null;
  actor: string | null;
  note: string | null;
}

/** Per pulse-second counts for the last hour; `fromPulseSecond` = pulse id / 100 of the first entry. */
export interface ChannelHistory {
  fromPulseSecond: number | null;
  received: number[];
  missing: number[];
}

export interface ChannelDetailData extends Omit<Channel, "metrics"> {
  metrics: DetailMetrics;
  recorded: RecordedView;
  history: ChannelHistory | null;
  events: ChannelEvent[];
}

export type ValueKind = "scalar" | "string" | "waveform" | "image";

export interface LiveValue {
  channel: string;
  pulseId: number;
  time: string;
  type: string;
  shape: number[];
  kind: ValueKind;
  value: number | boolean | string | null | (number | null)[] | (number | null)[][];
  downsampling: { method: "none" } | { method: "minmax"; bucket: number; length: number } | { method: "block-mean"; factor: number; width: number; height: number };
  min: number | null;
  max: number | null;
  sampledAt: string;
  /** When the server received the message carrying the value (server clock). */
  receivedAt: string;
  /** Ms since that arrival when the server answered: the value's age without comparing clocks. */
  ageMs: number;
}
