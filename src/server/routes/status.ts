/** Status of sets and channels, and sources (the catalog search is in catalog.ts). */
import { presentChannel, presentReasons, presentSetStatus } from "../present.js";
import { ChannelDetailAnswer, Errors, SetStatusAnswer, SourcesAnswer } from "../response-schemas.js";
import { ChannelParams, StatusQuery } from "../schemas.js";
import type { Api, RouteContext } from "./context.js";

const HISTORY_SECONDS = 3600;

export function registerStatusRoutes(app: Api, { service }: RouteContext): void {
  app.get("/status", { schema: { tags: ["status"], summary: "Status of a set's channels, or of every watched channel", querystring: StatusQuery, response: { 200: SetStatusAnswer, 400: Errors.validation(), 404: Errors.setNotFound } } }, async (req) =>
    presentSetStatus(service.statusOf(req.query.set)),
  );

  app.get("/status/:channel", { schema: { tags: ["status"], summary: "One channel with its recent history", params: ChannelParams, response: { 200: ChannelDetailAnswer, 400: Errors.validation(" (a channel name over 200 characters)"), 404: Errors.channelNotWatched } } }, async (req) => {
    const status = service.channelStatus(req.params.channel);
    const history = service.monitor.history(req.params.channel, HISTORY_SECONDS);
    const events = await service.queryEvents({ channel: req.params.channel, limit: 50 });
    return {
      ...presentChannel(status),
      history: history && { fromPulseSecond: Number.isFinite(history.fromSecond) ? history.fromSecond : null, received: history.received, missing: history.missing },
      events: events.map((e) => ({ kind: e.kind, from: e.from, to: e.to, time: new Date(e.time).toISOString(), pulseId: e.pulseId, actor: e.actor ?? null, note: e.note ?? null })),
    };
  });

  app.get("/sources", { schema: { tags: ["status"], summary: "Source IOCs of watched channels with their aggregate state", response: { 200: SourcesAnswer } } }, async () => ({
    sources: service.monitor.sources().map((s) => ({ ...s, reasons: presentReasons(s.reasons) })),
  }));
}
