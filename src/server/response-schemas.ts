/**
 * TypeBox schemas of what the REST API answers (DESIGN.md §5), for the OpenAPI document and the
 * routes' static types (a handler must return what its schema says).
 *
 * They document; they do not serialize: app.ts keeps JSON.stringify, because Fastify's schema
 * serializer silently drops undeclared fields, coerces types and is slower on a large /status.
 * So a field missing here would go out undocumented, not lost:
 * test/integration/openapi-responses.test.ts validates every answer of the real server against
 * these schemas with additional properties forbidden. Nullable wherever present.ts can answer
 * null; optional where a field is absent rather than null.
 */
import { Type, type TSchema } from "typebox";
import { REASON_CODES } from "../monitor/status.js";
import { ErrorBody, Thresholds } from "./schemas.js";

// ---- shared pieces ----

const Nullable = <T extends TSchema>(schema: T, description?: string) => Type.Union([schema, Type.Null()], description === undefined ? {} : { description });
/** A string out of a fixed list, as one `enum` (reads better in the OpenAPI document than a union of literals). */
const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: "string", enum: [...values], ...(description !== undefined && { description }) });

const Iso = (description = "ISO 8601 time (UTC)") => Type.String({ description });
/** present.ts `iso()`: null where the time is not known. */
const IsoOrNull = (description = "ISO 8601 time (UTC); null: not known") => Nullable(Type.String(), description);
const PulseId = (description?: string) => Type.Integer({ minimum: 0, ...(description !== undefined && { description }) });
const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description !== undefined && { description }) });

/** One error answer, `{"error": {"code", "message"}}`; the description lists the codes a route answers with this status. */
export const errorAnswer = (description: string) => Type.Object(ErrorBody.properties, { description });

/** Errors many routes share. */
export const Errors = {
  validation: (extra = "") => errorAnswer(`VALIDATION_FAILED: a path, query or body field is missing, malformed or unknown${extra}`),
  unauthorized: errorAnswer("UNAUTHORIZED: this server protects writes and the request has no known `Authorization: Bearer` token"),
  tooLarge: errorAnswer("BODY_TOO_LARGE: the body is over 16 MiB"),
  mediaType: errorAnswer("UNSUPPORTED_MEDIA_TYPE: the body is not JSON (or text/plain where the route takes text)"),
  storeUnavailable: errorAnswer("STORE_UNAVAILABLE: the database cannot be written right now; nothing was saved"),
  setNotFound: errorAnswer("SET_NOT_FOUND: no set of that name"),
  channelNotWatched: errorAnswer("CHANNEL_NOT_WATCHED: no watched set contains the channel"),
  runNotFound: errorAnswer("RUN_NOT_FOUND: no run with that id"),
};

export const LevelSchema = StringEnum(["ok", "warning", "unknown", "error"] as const, "ok < warning < unknown < error (unknown: not known to be ok, never shown as fine)");
const ReasonCodeSchema = StringEnum(REASON_CODES, "stable reason code (DESIGN.md §3)");

export const ReasonAnswer = Type.Object({
  code: ReasonCodeSchema,
  message: Type.String({ description: "one line for a human" }),
  since: IsoOrNull("when this reason began (kept while it persists)"),
});

export const SummaryAnswer = Type.Object(
  { ok: Count(), warning: Count(), error: Count(), unknown: Count() },
  { description: "channels per level" },
);

const GapAnswer = Type.Object(
  {
    firstPulse: Nullable(Type.Integer(), "first missing due pulse; null: pulse ids not known"),
    lastPulse: Nullable(Type.Integer(), "last missing due pulse"),
    firstTime: IsoOrNull("time of the first missing pulse"),
    lastTime: IsoOrNull("time of the last missing pulse"),
    missing: Nullable(Type.Integer(), "due pulses missing in the gap; null: not known"),
  },
  { description: "the due pulses the channel should have carried but did not, around one alert" },
);

// ---- alerts ----

export const AlertAnswer = Type.Object(
  {
    state: StringEnum(["none", "active", "recovered"] as const, "recovered: latched until acknowledged, shows the gap"),
    acknowledged: Type.Boolean(),
    silenced: Type.Boolean({ description: "shelved: goes through its states but makes no sound" }),
    level: Type.Optional(LevelSchema),
    raisedAt: Type.Optional(IsoOrNull("when the alert was raised")),
    raisedPulse: Type.Optional(Nullable(Type.Integer(), "latest pulse id when it was raised; null: none seen yet")),
    ackBy: Type.Optional(Type.String({ description: "who acknowledged (token name or anonymous)" })),
    ackAt: Type.Optional(IsoOrNull()),
    gap: Type.Optional(GapAnswer),
    shelved: Type.Optional(
      Type.Object({
        until: IsoOrNull("when the shelve ends"),
        reason: Type.String(),
        by: Type.String(),
        remainingMs: Type.Number({ description: "milliseconds until the shelve ends" }),
      }),
    ),
  },
  { description: "the channel's alert; the optional fields are present only while they apply" },
);

export const AlertsAnswer = Type.Object({
  sounding: Type.Array(Type.String(), { description: "channels whose alert is active, unacknowledged and not shelved (the panel's sound)" }),
  alerts: Type.Array(
    Type.Object({
      channel: Type.String(),
      status: LevelSchema,
      ...AlertAnswer.properties,
    }),
    { description: "channels whose alert is not `none` or that are shelved" },
  ),
});

export const AckAnswer = Type.Object({
  channel: Type.String(),
  acknowledged: Type.Boolean({ description: "false: nothing to acknowledge (no alert, or already acknowledged)" }),
  by: Type.String(),
});

export const ShelveAnswer = Type.Object({
  channel: Type.String(),
  shelved: Type.Boolean({ description: "always true: the channel is shelved now" }),
  until: IsoOrNull("when the shelve ends"),
  reason: Type.String(),
  by: Type.String(),
});

export const UnshelveAnswer = Type.Object({
  channel: Type.String(),
  shelved: Type.Boolean({ description: "always false: the channel is not shelved now" }),
  changed: Type.Boolean({ description: "false: the channel was not shelved" }),
});

// ---- status ----

export const MetricsAnswer = Type.Object({
  expectedHz: Type.Number({ description: "100 Hz / modulo (Hz)" }),
  rateHz: Nullable(Type.Number(), "values per second over the rate window (Hz); null before a window exists"),
  missingPercent: Nullable(Type.Number(), "percent of due values that were empty over the window; null: not known"),
  skippedPulses: Count("due pulses that never arrived over the window"),
  lastValuePulse: Nullable(Type.Integer(), "pulse id of the last value; null: none yet"),
  lastValueAgeMs: Nullable(Type.Number(), "milliseconds since the last value arrived (server clock); null: none yet"),
  lastValue: Type.Unknown({ description: "the last value for display: a number, string or boolean (NaN/±Inf as null), {length} for an array; null: none yet" }),
  type: Type.Optional(Type.String({ description: "bsread type as first seen; absent before the first value" })),
  shape: Type.Optional(Type.Immutable(Type.Array(Type.Integer({ minimum: 0 }), { description: "bsread shape as first seen; absent before the first value" }))),
  modulo: Type.Integer({ minimum: 1, description: "the channel carries a value every modulo-th pulse" }),
  offset: Type.Integer({ description: "pulse p is due when (p - offset) % modulo == 0" }),
  decodeErrors: Count("values that could not be decoded since watching began"),
  reversals: Count("pulse ids that went backwards or repeated"),
  skewMs: Nullable(Type.Number(), "milliseconds between the channel's timestamp and its pulse's; null: not known"),
});

export const RecordedAnswer = Type.Object(
  {
    checked: Type.Boolean({ description: "false: a direct source, whose recording the dispatcher cannot tell" }),
    known: Type.Optional(Type.Boolean({ description: "false: the dispatcher has not answered for this channel (yet)" })),
    configured: Type.Optional(Type.Boolean({ description: "the archiver is configured to record it" })),
    connected: Type.Optional(Type.Boolean()),
    recording: Type.Optional(Type.Boolean()),
    latestEventDate: Type.Optional(Type.String({ description: "the dispatcher's latest recorded event, as it reports it (ISO 8601 with its zone and ns)" })),
    ageMs: Type.Optional(Type.Number({ description: "milliseconds since the dispatcher was asked" })),
  },
  { description: "is it recorded? {checked: false} | {checked: true, known: false} | {checked: true, known: true, configured, connected, recording, latestEventDate?, ageMs}" },
);

export const ChannelStatusAnswer = Type.Object({
  name: Type.String(),
  status: LevelSchema,
  reasons: Type.Array(ReasonAnswer, { description: "why the status is not ok; empty when ok (and for a channel no watched set covers, which is unknown)" }),
  metrics: MetricsAnswer,
  recorded: RecordedAnswer,
  alert: AlertAnswer,
  source: Nullable(Type.String(), "the source IOC (tcp://host:port); null: not known"),
  backend: Nullable(Type.String(), "the dispatcher backend; null: a direct source or not in the catalog"),
});

export const SetStatusAnswer = Type.Object({
  set: Nullable(Type.String(), "null: every watched channel"),
  watched: Type.Boolean(),
  generatedAt: IsoOrNull("when this status was computed"),
  overall: Type.Unsafe<"ok" | "warning" | "unknown" | "error">({ ...LevelSchema, description: "worst level of the channels that are not shelved; unknown when there are none" }),
  summary: SummaryAnswer,
  channels: Type.Array(ChannelStatusAnswer),
});

export const ChannelDetailAnswer = Type.Object({
  ...ChannelStatusAnswer.properties,
  history: Type.Optional(
    Type.Object(
      {
        fromPulseSecond: Nullable(Type.Integer(), "pulse-second (pulse id / 100) of the first entry; null: no data yet"),
        received: Type.Array(Count(), { description: "values received per second, oldest first" }),
        missing: Type.Array(Count(), { description: "due values missing per second (empty or skipped)" }),
      },
      { description: "up to the last hour, one entry per pulse-second" },
    ),
  ),
  events: Type.Array(
    Type.Object({
      kind: Type.String({ description: "event kind, as in GET /events" }),
      from: LevelSchema,
      to: LevelSchema,
      time: Iso(),
      pulseId: Nullable(Type.Integer(), "latest pulse id when it happened; null: none seen yet"),
      actor: Nullable(Type.String(), "who, for ack and shelve events"),
      note: Nullable(Type.String()),
    }),
    { description: "the channel's last 50 events, newest first" },
  ),
});

export const SourcesAnswer = Type.Object({
  sources: Type.Array(
    Type.Object({
      source: Type.String({ description: "the source IOC (tcp://host:port)" }),
      status: LevelSchema,
      channels: Count("watched channels of this source"),
      summary: SummaryAnswer,
      reasons: Type.Array(ReasonAnswer, { description: "source-level facts only (source_down, source_disconnected)" }),
    }),
  ),
});

// ---- sets ----

/** A set's channel as saved: its name and the overrides of DESIGN.md §3 (request schema: schemas.ts ChannelSpec). */
const SetChannelAnswer = Type.Object({
  name: Type.String(),
  thresholds: Type.Optional(Type.Object(Thresholds.properties, { description: "per-channel threshold overrides (ms, fractions)" })),
  type: Type.Optional(Type.String({ description: "pinned bsread type" })),
  shape: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { description: "pinned bsread shape" })),
});

const setFields = {
  name: Type.String(),
  description: Type.String(),
  owner: Type.String(),
  tags: Type.Array(Type.String()),
  version: Type.Integer({ minimum: 1, description: "increments on every save, starting at 1" }),
};

export const SetAnswer = Type.Object({
  ...setFields,
  channels: Type.Array(SetChannelAnswer),
  createdAt: IsoOrNull("when the set was created"),
  updatedAt: IsoOrNull("when this version was saved"),
  updatedBy: Type.String({ description: "who saved this version (token name or anonymous)" }),
});

export const SetWithWatchAnswer = Type.Object({ ...SetAnswer.properties, watched: Type.Boolean() });

export const SetListAnswer = Type.Object({
  sets: Type.Array(
    Type.Object({
      ...setFields,
      channelCount: Count(),
      updatedAt: IsoOrNull("when the current version was saved"),
      watched: Type.Boolean(),
    }),
  ),
});

export const SetVersionsAnswer = Type.Object({ versions: Type.Array(SetAnswer, { description: "newest first" }) });

export const SetExportAnswer = Type.Object(
  {
    name: setFields.name,
    // Always present in an export; optional because the export is also the import format.
    description: Type.Optional(setFields.description),
    owner: Type.Optional(setFields.owner),
    tags: Type.Optional(setFields.tags),
    version: setFields.version,
    channels: Type.Array(SetChannelAnswer),
  },
  { description: "importable again with POST /sets/import" },
);

/** Text by default (one channel per line, # comments), JSON with ?format=json. */
export const SetExportContent = {
  description: "the set as text (default) or JSON (?format=json)",
  content: {
    "application/json": { schema: SetExportAnswer },
    "text/plain": { schema: Type.String({ description: "# comment lines, then one channel name per line" }) },
  },
};

export const WatchAnswer = Type.Object({ set: Type.String(), watched: Type.Boolean() });

export const CheckAnswer = Type.Object({
  ok: Type.Boolean({ description: "true only when the set is watched, has channels and every one is ok" }),
  set: Type.String(),
  watched: Type.Boolean(),
  summary: SummaryAnswer,
  failing: Type.Array(Type.Object({ name: Type.String(), status: LevelSchema, reasons: Type.Array(ReasonAnswer) }), { description: "the channels that are not ok" }),
});

// ---- events ----

export const EventAnswer = Type.Object({
  id: Nullable(Type.Integer(), "strictly increasing in append order"),
  kind: StringEnum(["status", "alert_raised", "alert_recovered", "alert_cleared", "ack", "shelve", "unshelve", "shelve_expired"] as const),
  channel: Type.String(),
  from: Type.Unsafe<"ok" | "warning" | "unknown" | "error">({ ...LevelSchema, description: "level before (ack/shelve: the current level)" }),
  to: Type.Unsafe<"ok" | "warning" | "unknown" | "error">({ ...LevelSchema, description: "level after" }),
  reasons: Type.Array(Type.Object({ code: ReasonCodeSchema, message: Type.String() })),
  pulseId: Nullable(Type.Integer(), "latest pulse id when it happened; null: none seen yet"),
  time: IsoOrNull("when it happened"),
  actor: Type.Optional(Type.String({ description: "who, for ack, shelve and unshelve (and the clear an ack does)" })),
  note: Type.Optional(Type.String({ description: "shelve reason, gap summary, …" })),
  gap: Type.Optional(GapAnswer),
});

export const EventsAnswer = Type.Object({ events: Type.Array(EventAnswer, { description: "newest first" }) });

// ---- runs ----

const runHeader = {
  id: Type.String({ description: "r<number>" }),
  set: Type.String(),
  name: Nullable(Type.String()),
  startPulseId: PulseId("first pulse of the run (inclusive)"),
  stopPulseId: Nullable(PulseId(), "last pulse of the run (inclusive); null: still open"),
  createdAt: IsoOrNull("when the run was opened"),
  stoppedAt: IsoOrNull("when the run was closed; null: still open"),
};

export const RunAnswer = Type.Object({ ...runHeader, channels: Count("channels the run covers") });

export const RunsAnswer = Type.Object({ runs: Type.Array(RunAnswer) });

export const RunReportAnswer = Type.Object({
  ...runHeader,
  accountedUpTo: Nullable(Type.Integer(), "last pulse accounted so far; the counts cover [startPulseId, accountedUpTo]; null: nothing yet"),
  complete: Type.Boolean({ description: "the stop is known and accounted up to it: the report is final" }),
  channels: Type.Array(
    Type.Object({
      name: Type.String(),
      expected: Count("due pulses in [startPulseId, accountedUpTo]"),
      received: Count("due pulses that carried a value"),
      coverage: Nullable(Type.Number(), "percent received, rounded down to 2 decimals; null when nothing was expected"),
      missing: Type.Array(Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 }), { description: "missing due pulses as inclusive [first, last] ranges, increasing" }),
      truncated: Type.Optional(Type.Boolean({ description: "present (true) when there were too many ranges: the last one then also covers received pulses; counts stay exact" })),
    }),
  ),
});

/** JSON by default, CSV with ?format=csv: one response entry per content type. */
export const RunReportContent = {
  description: "the coverage report: JSON by default, CSV with ?format=csv",
  content: {
    "application/json": { schema: RunReportAnswer },
    "text/csv": { schema: Type.String({ description: "header name,expected,received,coverage,missing; one row per channel" }) },
  },
};

// ---- catalog ----

export const CatalogRowAnswer = Type.Object({
  name: Type.String(),
  backend: Nullable(Type.String(), "dispatcher backend; null: announced by a direct source only"),
  type: Nullable(Type.String(), "bsread type; null: not known"),
  shape: Nullable(Type.Array(Type.Integer({ minimum: 0 })), "bsread shape; null: not known"),
  modulo: Nullable(Type.Integer(), "null: not known"),
  offset: Nullable(Type.Integer(), "null: not known"),
  source: Nullable(Type.String(), "source IOC; null: not known"),
});

export const ChannelSearchAnswer = Type.Object({
  total: Count("channels that match (the list stops at limit)"),
  channels: Type.Array(CatalogRowAnswer),
});

export const CompactCatalogAnswer = Type.Object(
  {
    complete: Type.Boolean({ description: "every dispatcher backend's catalog has arrived: a name missing here is really unknown" }),
    total: Count(),
    names: Type.Array(Type.String()),
    backend: Type.Array(Type.Integer({ minimum: -1 }), { description: "index into backends; -1: not known" }),
    type: Type.Array(Type.Integer({ minimum: -1 }), { description: "index into types; -1: not known" }),
    shape: Type.Array(Type.Integer({ minimum: -1 }), { description: "index into shapes; -1: not known" }),
    modulo: Type.Array(Nullable(Type.Integer()), { description: "null: not known" }),
    offset: Type.Array(Nullable(Type.Integer()), { description: "null: not known" }),
    source: Type.Array(Type.Integer({ minimum: -1 }), { description: "index into sources; -1: not known" }),
    backends: Type.Array(Type.String()),
    types: Type.Array(Type.String()),
    shapes: Type.Array(Type.Array(Type.Integer({ minimum: 0 }))),
    sources: Type.Array(Type.String()),
  },
  { description: "columns with the same index per channel; backend, type, shape and source are indices into their dictionaries (-1: not known)" },
);

/**
 * GET /catalog sends the catalog already serialized (its ETag is the hash of that text), so
 * Fastify passes the string through unchanged: statically a string, documented as the object.
 */
export const CompactCatalogText = Type.Unsafe<string>(CompactCatalogAnswer);

// ---- health ----

export const HealthAnswer = Type.Object({
  status: StringEnum(["ok", "degraded"] as const, "degraded: the store fails, or a stream of a watched channel does not deliver"),
  startedAt: IsoOrNull(),
  uptimeSeconds: Count(),
  watchedChannels: Count(),
  upstreams: Type.Array(
    Type.Object({
      id: Type.String({ description: "dispatcher backend or direct source address" }),
      kind: StringEnum(["dispatcher", "direct"] as const),
      stream: Type.Object({
        connected: Type.Boolean({ description: "connected and delivering messages" }),
        since: IsoOrNull("since when the connection has had its current state"),
        error: Nullable(Type.String(), "why it does not deliver; null when it does"),
        lastMessageAgeMs: Nullable(Type.Number(), "milliseconds since the last message; null: none yet"),
        messages: Count(),
      }),
      rest: Type.Optional(
        Type.Object(
          { reachable: Type.Boolean(), since: IsoOrNull(), error: Nullable(Type.String()) },
          { description: "the dispatcher's REST API (dispatchers only)" },
        ),
      ),
      ok: Type.Boolean(),
    }),
    { description: "feeds that carry a watched channel (or are direct sources)" },
  ),
  store: Type.Object({
    ok: Type.Boolean(),
    error: Nullable(Type.String(), "the last write error; null when writes succeed"),
    pendingEvents: Count("events waiting to be written"),
  }),
});

/** An answer without a body (204, 304): `reply.send()` with nothing. */
export const NoBody = (description: string) => Type.Unsafe<undefined>({ type: "null", description });
