/** Alerts: list, acknowledge, shelve and unshelve (who and why are recorded). */
import { presentAlert } from "../present.js";
import { AckAnswer, AlertsAnswer, Errors, ShelveAnswer, UnshelveAnswer, errorAnswer } from "../response-schemas.js";
import { ChannelParams, ShelveBody } from "../schemas.js";
import { parseTime, type Api, type RouteContext } from "./context.js";

const tags = ["alerts"];

export function registerAlertRoutes(app: Api, { service, auth }: RouteContext): void {
  app.get("/alerts", { schema: { tags, summary: "Active, recovered (latched) and shelved alerts", response: { 200: AlertsAnswer } } }, async () => {
    const now = Date.now();
    return {
      sounding: service.monitor.sounding(),
      alerts: service.monitor.alertSnapshots(now).map((a) => ({ channel: a.name, status: a.status, ...presentAlert(a.alert) })),
    };
  });

  app.post("/alerts/:channel/ack", { schema: { tags, summary: "Acknowledge: silences an active alert, clears a recovered one", params: ChannelParams, response: { 200: AckAnswer, 400: Errors.validation(" (a channel name over 200 characters)"), 401: Errors.unauthorized, 404: Errors.channelNotWatched } } }, async (req) => {
    const actor = auth.actor(req);
    const changed = await service.ack(req.params.channel, actor);
    return { channel: req.params.channel, acknowledged: changed, by: actor };
  });

  app.post("/alerts/:channel/shelve", { schema: { tags, summary: "Hide a known-bad channel from the overall state until a time", params: ChannelParams, body: ShelveBody, response: { 200: ShelveAnswer, 400: errorAnswer("VALIDATION_FAILED or INVALID_JSON: a malformed body; BAD_REQUEST: until is not a time; SHELVE_INVALID: until not in the future, or no reason"), 401: Errors.unauthorized, 404: Errors.channelNotWatched, 413: Errors.tooLarge, 415: Errors.mediaType, 503: Errors.storeUnavailable } } }, async (req) => {
    const actor = auth.actor(req);
    const until = parseTime(req.body.until, "until")!;
    await service.shelve(req.params.channel, until, req.body.reason, actor);
    return { channel: req.params.channel, shelved: true, until: new Date(until).toISOString(), reason: req.body.reason, by: actor };
  });

  app.delete("/alerts/:channel/shelve", { schema: { tags, summary: "End a shelve", params: ChannelParams, response: { 200: UnshelveAnswer, 400: Errors.validation(" (a channel name over 200 characters)"), 401: Errors.unauthorized, 404: Errors.channelNotWatched, 503: Errors.storeUnavailable } } }, async (req) => {
    const actor = auth.actor(req);
    const changed = await service.unshelve(req.params.channel, actor);
    return { channel: req.params.channel, shelved: false, changed };
  });
}
