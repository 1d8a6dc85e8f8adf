/** TypeBox schemas of the public API (DESIGN.md §5): one schema -> validation, types, OpenAPI. */
import { Type, type Static } from "typebox";

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String({ description: "stable error code, e.g. SET_NOT_FOUND" }), message: Type.String({ description: "one line for a human" }) }) },
  { $id: "Error" },
);

export const Thresholds = Type.Object(
  {
    warmupMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
    staleMinMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
    staleFactor: Type.Optional(Type.Number({ minimum: 1, maximum: 10_000 })),
    rateLowFraction: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    missingValuesFraction: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    recordLagMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
    timeSkewMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
    alertOnWarning: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ChannelSpec = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    thresholds: Type.Optional(Thresholds),
    type: Type.Optional(Type.Union(["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64", "string"].map((t) => Type.Literal(t)))),
    shape: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, maxItems: 4 })),
  },
  { additionalProperties: false },
);

const SetName = Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$" });

export const SetBody = Type.Object(
  {
    name: SetName,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    owner: Type.Optional(Type.String({ maxLength: 200 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    channels: Type.Array(ChannelSpec, { maxItems: 20_000 }),
  },
  { additionalProperties: false },
);
export type SetBody = Static<typeof SetBody>;

export const SetUpdateBody = Type.Object(
  {
    name: Type.Optional(SetName),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    owner: Type.Optional(Type.String({ maxLength: 200 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    channels: Type.Array(ChannelSpec, { maxItems: 20_000 }),
    version: Type.Integer({ minimum: 1, description: "the version this edit is based on; a stale one answers 409" }),
  },
  { additionalProperties: false },
);
export type SetUpdateBody = Static<typeof SetUpdateBody>;

/** A JSON import: a set export (its version is ignored), channels as names or channel objects. */
export const SetImportJson = Type.Object(
  {
    name: Type.Optional(SetName),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    owner: Type.Optional(Type.String({ maxLength: 200 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    version: Type.Optional(Type.Integer({ minimum: 1, description: "ignored: an import always saves a new version" })),
    channels: Type.Array(Type.Unknown(), { maxItems: 20_000, description: "channel names, or objects as in a set's channels" }),
  },
  { additionalProperties: false },
);

export const SetParams = Type.Object({ name: SetName });
export const ChannelParams = Type.Object({ channel: Type.String({ minLength: 1, maxLength: 200 }) });
export const RunParams = Type.Object({ id: Type.String({ pattern: "^r[0-9]+$" }) });

export const ExportQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal("txt"), Type.Literal("json")])) }, { additionalProperties: false });
export const ImportQuery = Type.Object({ name: Type.Optional(SetName) }, { additionalProperties: false });
export const StatusQuery = Type.Object({ set: Type.Optional(SetName) }, { additionalProperties: false });
export const ChannelsQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 500 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) },
  { additionalProperties: false },
);
export const EventsQuery = Type.Object(
  {
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    set: Type.Optional(SetName),
    since: Type.Optional(Type.String({ description: "ISO 8601 time or ms since the epoch" })),
    until: Type.Optional(Type.String({ description: "ISO 8601 time or ms since the epoch" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export const ShelveBody = Type.Object(
  {
    until: Type.String({ description: "ISO 8601 time the shelve ends" }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
const PulseId = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const RunStartBody = Type.Object(
  {
    set: SetName,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    startPulseId: Type.Optional(PulseId),
    startTime: Type.Optional(Type.String({ description: "ISO 8601; default now" })),
  },
  { additionalProperties: false },
);
export const RunStopBody = Type.Object(
  { stopPulseId: Type.Optional(PulseId), stopTime: Type.Optional(Type.String({ description: "ISO 8601; default now" })) },
  { additionalProperties: false },
);
export const ReportQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal("json"), Type.Literal("csv")])) }, { additionalProperties: false });
