/**
 * The last hour of every channel of a set in one compact answer, for the wall panel's
 * sparklines: per channel and per bucket of `step` seconds, the values received, the
 * values missing (empty at a due pulse, or a skipped due pulse) and how many seconds of
 * the bucket the monitor actually knows about. A second is unknown before the channel was
 * watched (or before this process started) and after the channel's last counted second
 * (the stream is down): the panel draws those as no-data, never as fine.
 */
import { Type } from "typebox";
import { ApiError } from "../api-error.js";
import { ErrorBody } from "../schemas.js";
import type { Api, RouteContext } from "./context.js";

/** The monitor keeps one hour per channel. */
const MAX_SECONDS = 3600;
const PULSES_PER_SECOND = 100;

export const HistoryQuery = Type.Object(
  {
    set: Type.String({ minLength: 1, maxLength: 100, description: "the set whose channels to answer for" }),
    seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SECONDS, default: MAX_SECONDS, description: "how far back, at most one hour" })),
    step: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SECONDS, default: 60, description: "bucket width in seconds; `seconds` must be a multiple of it" })),
  },
  { additionalProperties: false },
);

const Counts = Type.Array(Type.Integer({ minimum: 0 }));

export const HistoryAnswer = Type.Object(
  {
    set: Type.String(),
    seconds: Type.Integer(),
    step: Type.Integer(),
    buckets: Type.Integer({ description: "seconds / step: the length of every array below" }),
    toPulseSecond: Type.Union([Type.Integer(), Type.Null()], {
      description: "the last pulse-second (pulse id / 100) of the last bucket: the newest complete second; null before any data arrived",
    }),
    endTime: Type.String({ description: "wall time (ISO 8601) at the end of the last bucket, estimated from the newest pulse" }),
    generatedAt: Type.String(),
    channels: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          expectedHz: Type.Union([Type.Number(), Type.Null()], { description: "100 Hz / modulo; null for a channel no longer watched" }),
          received: Counts,
          missing: Counts,
          known: Type.Array(Type.Integer({ minimum: 0 }), { description: "seconds of the bucket the monitor has counts for; 0: no data (unknown), not zero rate" }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A channel nobody watches (any more): every bucket unknown. */
function empty(buckets: number): { received: number[]; missing: number[]; known: number[] } {
  const zeros = () => new Array<number>(buckets).fill(0);
  return { received: zeros(), missing: zeros(), known: zeros() };
}

export function registerHistoryRoutes(app: Api, { service }: RouteContext): void {
  app.get(
    "/history",
    {
      schema: {
        tags: ["status"],
        summary: "The last hour of a set's channels in buckets (values received, missing, seconds known)",
        description:
          "Oldest bucket first; bucket i covers pulse-seconds toPulseSecond - seconds + 1 + i·step … + step - 1. " +
          "Rate of a bucket = received / known (Hz); known = 0 means no data for that time (not watched then, server down, stream down). " +
          "Errors: 404 SET_NOT_FOUND, 400 VALIDATION_FAILED (bad or unknown query field), 400 BAD_REQUEST (seconds not a multiple of step).",
        querystring: HistoryQuery,
        response: { 200: HistoryAnswer, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const seconds = req.query.seconds ?? MAX_SECONDS;
      const step = req.query.step ?? 60;
      if (seconds % step !== 0) throw new ApiError(400, "BAD_REQUEST", `seconds (${seconds}) must be a multiple of step (${step})`);
      const set = service.getSet(req.query.set);
      const now = Date.now();
      const monitor = service.monitor;
      const buckets = seconds / step;
      const pulse = monitor.currentPulse();
      // The current second is still filling: the window ends at the one before.
      const to = Number.isNaN(pulse) ? null : Math.floor(pulse / PULSES_PER_SECOND) - 1;
      const channels = set.channels.map(({ name }) => {
        const status = monitor.status(name, now);
        const counts = (to !== null && monitor.historyBuckets(name, to, step, buckets)) || empty(buckets);
        return { name, expectedHz: status ? status.metrics.expectedHz : null, ...counts };
      });
      const endTime = to !== null ? now - ((pulse - (to + 1) * PULSES_PER_SECOND) * 1000) / PULSES_PER_SECOND : now;
      return { set: set.name, seconds, step, buckets, toPulseSecond: to, endTime: new Date(endTime).toISOString(), generatedAt: new Date(now).toISOString(), channels };
    },
  );
}
