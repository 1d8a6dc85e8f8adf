/** The transition log, filtered by channel, set and time. */
import { presentEvent } from "../present.js";
import { Errors, EventsAnswer, errorAnswer } from "../response-schemas.js";
import { EventsQuery } from "../schemas.js";
import { parseTime, type Api, type RouteContext } from "./context.js";

export function registerEventRoutes(app: Api, { service }: RouteContext): void {
  app.get("/events", { schema: { tags: ["events"], summary: "Transitions, acknowledgements and shelves, newest first", querystring: EventsQuery, response: { 200: EventsAnswer, 400: errorAnswer("VALIDATION_FAILED: a malformed or unknown query field; BAD_REQUEST: since or until is not a time"), 404: Errors.setNotFound } } }, async (req) => {
    const q = req.query;
    const events = await service.queryEvents({
      channel: q.channel,
      set: q.set,
      since: parseTime(q.since, "since"),
      until: parseTime(q.until, "until"),
      limit: q.limit,
    });
    return { events: events.map(presentEvent) };
  });
}
