/**
 * The live value of a watched channel, for the channel page and scripts: decoded from the
 * newest bsread message that carried it, only while someone asks (src/monitor/value-sampler.ts).
 */
import { Type } from "typebox";
import { ApiError } from "../api-error.js";
import { ChannelParams } from "../schemas.js";
import { Errors } from "../response-schemas.js";
import type { Api, RouteContext } from "./context.js";
import type { Timestamp } from "../../bsread/index.js";

const ValueError = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });

export const ChannelValueAnswer = Type.Object(
  {
    channel: Type.String(),
    pulseId: Type.Number({ description: "pulse of the message the value came from" }),
    time: Type.String({ description: "the channel's timestamp (else the pulse's), ISO 8601 with nanoseconds" }),
    timestamp: Type.Object({ sec: Type.Number(), ns: Type.Number() }),
    type: Type.String({ description: "bsread type as the data header declares it" }),
    shape: Type.Array(Type.Number(), { description: "bsread shape, fastest dimension first ([width, height] for images)" }),
    kind: Type.Union([Type.Literal("scalar"), Type.Literal("string"), Type.Literal("waveform"), Type.Literal("image")]),
    value: Type.Unknown({
      description:
        "scalar: number, boolean or string (int64 beyond 2^53 as a string; NaN/±Inf as null). waveform: array of at most 2048 numbers. image: array of rows (at most 256 × 256), null for non-finite cells",
    }),
    downsampling: Type.Union([
      Type.Object({ method: Type.Literal("none") }),
      Type.Object(
        { method: Type.Literal("minmax"), bucket: Type.Number(), length: Type.Number() },
        { description: "min/max envelope: bucket k of `bucket` elements gave points 2k and 2k+1, its minimum and maximum in the order they occur" },
      ),
      Type.Object(
        { method: Type.Literal("block-mean"), factor: Type.Number(), width: Type.Number(), height: Type.Number() },
        { description: "each cell is the mean of a factor × factor block of the image" },
      ),
    ]),
    min: Type.Union([Type.Number(), Type.Null()], { description: "finite minimum of the full-resolution array (colour scaling)" }),
    max: Type.Union([Type.Number(), Type.Null()]),
    sampledAt: Type.String({ description: "when the value was decoded (decodes are at most 10 Hz per channel, 2 Hz for images)" }),
    receivedAt: Type.String({ description: "when the bsread message carrying this value arrived at the server (server clock, ISO 8601)" }),
    ageMs: Type.Number({
      description:
        "milliseconds since that message arrived, measured on the server as it answers: grows while the channel sends nothing new. " +
        "Independent of the IOC's timestamp and of the client's clock; a client adds the time since it got the answer",
    }),
  },
  { additionalProperties: false },
);

/** {sec, ns} -> 2018-06-08T12:04:52.272143416Z: nothing lost. */
function isoNs(t: Timestamp): string {
  const whole = new Date(t.sec * 1000).toISOString().slice(0, 19);
  return `${whole}.${String(t.ns).padStart(9, "0")}Z`;
}

/** How long a first request waits for the next message carrying the channel: two periods and a margin. */
function firstValueWaitMs(modulo: number): number {
  return Math.min(2500, 300 + 20 * Math.max(1, modulo));
}

export function registerValueRoutes(app: Api, { service }: RouteContext): void {
  app.get(
    "/status/:channel/value",
    {
      schema: {
        tags: ["status"],
        summary: "The channel's latest value (sampled; only for watched channels)",
        description:
          "Decoded from the newest bsread message that carried the channel. Asking marks interest for 10 s; " +
          "only then are messages kept for the channel, so the first request may wait up to about two periods for a value. " +
          "Errors: 404 CHANNEL_NOT_WATCHED, 404 NO_VALUE_YET (no value arrived since it was asked for), " +
          "422 VALUE_UNDECODABLE (the bsread decoder's message). A value that stopped updating is still answered: `ageMs` says how old it is.",
        params: ChannelParams,
        response: { 200: ChannelValueAnswer, 400: Errors.validation(" (a channel name over 200 characters)"), 404: ValueError, 422: ValueError },
      },
    },
    async (req) => {
      const name = req.params.channel;
      const status = service.channelStatus(name);
      const answer = await service.runtime.values.read(name, Date.now(), firstValueWaitMs(status.metrics.modulo));
      if (!answer.ok) {
        if (answer.code === "VALUE_UNDECODABLE") throw new ApiError(422, "VALUE_UNDECODABLE", `pulse ${answer.pulseId}: ${answer.decodeCode}: ${answer.message}`);
        const why = status.reasons.length > 0 ? ` (status ${status.status}: ${status.reasons.map((r) => r.message).join("; ")})` : "";
        throw new ApiError(404, "NO_VALUE_YET", `${answer.message}${why}`);
      }
      const s = answer.sample;
      return {
        channel: s.channel,
        pulseId: s.pulseId,
        time: isoNs(s.timestamp),
        timestamp: s.timestamp,
        type: s.type,
        shape: [...s.shape],
        kind: s.kind,
        value: s.value,
        downsampling: s.downsampling,
        min: s.min,
        max: s.max,
        sampledAt: new Date(s.decodedAt).toISOString(),
        receivedAt: new Date(s.receivedAt).toISOString(),
        ageMs: Math.max(0, Date.now() - s.receivedAt),
      };
    },
  );
}
