/** Alerts: list, acknowledge, shelve and unshelve (who and why are recorded). */
import { presentAlert } from "../present.js";
import { ChannelParams, ShelveBody } from "../schemas.js";
import { parseTime, type Api, type RouteContext } from "./context.js";

const tags = ["alerts"];

export function registerAlertRoutes(app: Api, { service, auth }: RouteContext): void {
  app.get("/alerts", { schema: { tags, summary: "Active, recovered (latched) and shelved alerts" } }, async () => {
    const now = Date.now();
    return {
      sounding: service.monitor.sounding(),
      alerts: service.monitor.alertSnapshots(now).map((a) => ({ channel: a.name, status: a.status, ...presentAlert(a.alert) })),
    };
  });

  app.post("/alerts/:channel/ack", { schema: { tags, summary: "Acknowledge: silences an active alert, clears a recovered one", params: ChannelParams } }, async (req) => {
    const actor = auth.actor(req);
    const changed = await service.ack(req.params.channel, actor);
    return { channel: req.params.channel, acknowledged: changed, by: actor };
  });

  app.post("/alerts/:channel/shelve", { schema: { tags, summary: "Hide a known-bad channel from the overall state until a time", params: ChannelParams, body: ShelveBody } }, async (req) => {
    const actor = auth.actor(req);
    const until = parseTime(req.body.until, "until")!;
    await service.shelve(req.params.channel, until, req.body.reason, actor);
    return { channel: req.params.channel, shelved: true, until: new Date(until).toISOString(), reason: req.body.reason, by: actor };
  });

  app.delete("/alerts/:channel/shelve", { schema: { tags, summary: "End a shelve", params: ChannelParams } }, async (req) => {
    const actor = auth.actor(req);
    const changed = await service.unshelve(req.params.channel, actor);
    return { channel: req.params.channel, shelved: false, changed };
  });
}
