/** Status of sets and channels, the catalog search, and sources. */
import { ApiError } from "../api-error.js";
import { presentChannel, presentReasons, presentSetStatus } from "../present.js";
import { ChannelParams, ChannelsQuery, StatusQuery } from "../schemas.js";
import type { Api, RouteContext } from "./context.js";

const HISTORY_SECONDS = 3600;

export function registerStatusRoutes(app: Api, { service }: RouteContext): void {
  app.get("/status", { schema: { tags: ["status"], summary: "Status of a set's channels, or of every watched channel", querystring: StatusQuery } }, async (req) =>
    presentSetStatus(service.statusOf(req.query.set)),
  );

  app.get("/status/:channel", { schema: { tags: ["status"], summary: "One channel with its recent history", params: ChannelParams } }, async (req) => {
    const status = service.channelStatus(req.params.channel);
    const history = service.monitor.history(req.params.channel, HISTORY_SECONDS);
    const events = await service.queryEvents({ channel: req.params.channel, limit: 50 });
    return {
      ...presentChannel(status),
      history: history && { fromPulseSecond: Number.isFinite(history.fromSecond) ? history.fromSecond : null, received: history.received, missing: history.missing },
      events: events.map((e) => ({ kind: e.kind, from: e.from, to: e.to, time: new Date(e.time).toISOString(), pulseId: e.pulseId, actor: e.actor ?? null, note: e.note ?? null })),
    };
  });

  app.get("/channels", { schema: { tags: ["channels"], summary: "Search the catalog (regex on names)", querystring: ChannelsQuery } }, async (req) => {
    let pattern: RegExp;
    // A nested quantifier like (a+)+ can backtrack for ages on one name: refuse it up front.
    if (/\([^)]*[+*}][^)]*\)\s*[+*{]/.test(req.query.q ?? "")) {
      throw new ApiError(400, "BAD_REGEX", "q has a nested quantifier such as (a+)+, which is too costly to match: simplify it");
    }
    try {
      pattern = new RegExp(req.query.q ?? "", "i");
    } catch (err) {
      throw new ApiError(400, "BAD_REGEX", `q is not a valid regular expression: ${(err as Error).message}`);
    }
    const limit = req.query.limit ?? 100;
    const all = [
      ...service.monitor.catalogChannels().map((c) => ({ name: c.name, backend: c.backend, type: c.type, shape: c.shape, modulo: c.modulo, offset: c.offset, source: c.source ?? null })),
      ...service.monitor.directChannels().map((c) => ({ name: c.name, backend: null, type: null, shape: null, modulo: null, offset: null, source: c.source })),
    ];
    const matches = all.filter((c) => pattern.test(c.name));
    return { total: matches.length, channels: matches.slice(0, limit) };
  });

  app.get("/sources", { schema: { tags: ["status"], summary: "Source IOCs of watched channels with their aggregate state" } }, async () => ({
    sources: service.monitor.sources().map((s) => ({ ...s, reasons: presentReasons(s.reasons) })),
  }));
}
