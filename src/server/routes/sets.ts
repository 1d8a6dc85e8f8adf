/** Channel sets: CRUD with versions, import/export, watch/unwatch, and the scripts' check. */
import { ApiError } from "../api-error.js";
import { exportJson, formatChannelList, parseChannelList } from "../channel-set-format.js";
import { iso, presentReasons, presentSet } from "../present.js";
import { CheckAnswer, Errors, SetAnswer, SetExportContent, SetListAnswer, SetVersionsAnswer, SetWithWatchAnswer, WatchAnswer, NoBody, errorAnswer } from "../response-schemas.js";
import { ExportQuery, ImportQuery, SetBody, SetParams, SetUpdateBody } from "../schemas.js";
import type { SetInput } from "../../store/store.js";
import { setFromJsonImport } from "../set-json-import.js";
import type { Api, RouteContext } from "./context.js";

const tags = ["sets"];

export function registerSetRoutes(app: Api, { service, auth }: RouteContext): void {
  app.get("/sets", { schema: { tags, summary: "All channel sets", response: { 200: SetListAnswer } } }, async () => ({
    sets: (await service.listSets()).map((s) => ({ ...s, updatedAt: iso(s.updatedAt) })),
  }));

  app.post("/sets", { schema: { tags, summary: "Create a set (201)", body: SetBody, response: { 201: SetAnswer, 400: errorAnswer("VALIDATION_FAILED or INVALID_JSON: a malformed or unknown field; SET_INVALID: a channel name is not valid or listed twice"), 401: Errors.unauthorized, 409: errorAnswer("SET_EXISTS: a set of that name exists"), 413: Errors.tooLarge, 415: Errors.mediaType, 503: Errors.storeUnavailable } } }, async (req, reply) => {
    const actor = auth.actor(req);
    const set = await service.createSet({ ...req.body, description: req.body.description ?? "", owner: req.body.owner ?? actor, tags: req.body.tags ?? [] }, actor);
    return reply.code(201).send(presentSet(set));
  });

  app.get("/sets/:name", { schema: { tags, summary: "One set", params: SetParams, response: { 200: SetWithWatchAnswer, 400: Errors.validation(), 404: Errors.setNotFound } } }, async (req) => ({
    ...presentSet(service.getSet(req.params.name)),
    watched: service.isWatched(req.params.name),
  }));

  app.put("/sets/:name", { schema: { tags, summary: "Save a new version (409 on a stale version)", params: SetParams, body: SetUpdateBody, response: { 200: SetAnswer, 400: errorAnswer("VALIDATION_FAILED or INVALID_JSON: a malformed or unknown field; SET_INVALID: a channel name is not valid or listed twice; SET_NAME_MISMATCH: the body names another set"), 401: Errors.unauthorized, 404: Errors.setNotFound, 409: errorAnswer("VERSION_CONFLICT: the set was saved since `version`; reload and edit again"), 413: Errors.tooLarge, 415: Errors.mediaType, 503: Errors.storeUnavailable } } }, async (req) => {
    const actor = auth.actor(req);
    const { version, ...rest } = req.body;
    if (rest.name !== undefined && rest.name !== req.params.name) {
      throw new ApiError(400, "SET_NAME_MISMATCH", `the body names set ${rest.name}, the URL ${req.params.name}: a set cannot be renamed`);
    }
    const current = service.getSet(req.params.name);
    const set = await service.updateSet(
      { name: req.params.name, description: rest.description ?? current.description, owner: rest.owner ?? current.owner, tags: rest.tags ?? current.tags, channels: rest.channels },
      version,
      actor,
    );
    return presentSet(set);
  });

  app.delete("/sets/:name", { schema: { tags, summary: "Delete a set", params: SetParams, response: { 204: NoBody("deleted"), 400: Errors.validation(), 401: Errors.unauthorized, 404: Errors.setNotFound, 503: Errors.storeUnavailable } } }, async (req, reply) => {
    auth.actor(req);
    await service.deleteSet(req.params.name);
    return reply.code(204).send();
  });

  app.get("/sets/:name/versions", { schema: { tags, summary: "Every saved version, newest first", params: SetParams, response: { 200: SetVersionsAnswer, 400: Errors.validation(), 404: Errors.setNotFound } } }, async (req) => ({
    versions: (await service.versions(req.params.name)).map(presentSet),
  }));

  app.get("/sets/:name/export", { schema: { tags, summary: "Export as text (one channel per line) or JSON", params: SetParams, querystring: ExportQuery, response: { 200: SetExportContent, 400: Errors.validation(), 404: Errors.setNotFound } } }, async (req, reply) => {
    const set = service.getSet(req.params.name);
    if (req.query.format === "json") return exportJson(set);
    return reply.type("text/plain; charset=utf-8").send(formatChannelList(set));
  });

  app.post("/sets/import", { schema: { tags, summary: "Import text/plain (one channel per line, # comments) or a JSON export; creates or updates", querystring: ImportQuery, response: { 200: { ...SetAnswer, description: "an existing set got a new version" }, 201: { ...SetAnswer, description: "a new set" }, 400: errorAnswer("IMPORT_INVALID: a line or entry is not a channel, or no set name; SET_INVALID: a channel name is not valid; VALIDATION_FAILED or INVALID_JSON: a malformed query or body"), 401: Errors.unauthorized, 409: errorAnswer("VERSION_CONFLICT: the set was saved by someone else during the import"), 413: Errors.tooLarge, 415: Errors.mediaType, 503: Errors.storeUnavailable } } }, async (req, reply) => {
    const actor = auth.actor(req);
    let input: SetInput;
    if (typeof req.body === "string") {
      if (!req.query.name) throw new ApiError(400, "IMPORT_INVALID", "a text import needs ?name=SET");
      input = { name: req.query.name, description: "", owner: "", tags: [], channels: parseChannelList(req.body) };
    } else {
      input = setFromJsonImport(req.body, req.query.name);
    }
    const existing = (await service.listSets()).find((s) => s.name === input.name);
    if (existing) {
      const current = service.getSet(input.name);
      const set = await service.updateSet({ ...input, description: input.description || current.description, owner: input.owner || current.owner }, current.version, actor);
      return reply.code(200).send(presentSet(set));
    }
    // A new set belongs to whoever imports it unless the import names an owner; an update keeps it.
    return reply.code(201).send(presentSet(await service.createSet({ ...input, owner: input.owner || actor }, actor)));
  });

  app.post("/sets/:name/watch", { schema: { tags, summary: "Start monitoring a set", params: SetParams, response: { 200: WatchAnswer, 400: Errors.validation(), 401: Errors.unauthorized, 404: Errors.setNotFound, 503: Errors.storeUnavailable } } }, async (req) => {
    auth.actor(req);
    await service.watch(req.params.name);
    return { set: req.params.name, watched: true };
  });

  app.delete("/sets/:name/watch", { schema: { tags, summary: "Stop monitoring a set", params: SetParams, response: { 200: WatchAnswer, 400: Errors.validation(), 401: Errors.unauthorized, 404: Errors.setNotFound, 503: Errors.storeUnavailable } } }, async (req) => {
    auth.actor(req);
    await service.unwatch(req.params.name);
    return { set: req.params.name, watched: false };
  });

  app.get("/sets/:name/check", { schema: { tags, summary: "For scripts: is every channel ok?", params: SetParams, response: { 200: CheckAnswer, 400: Errors.validation(), 404: Errors.setNotFound } } }, async (req) => {
    const result = service.check(req.params.name);
    return { ...result, failing: result.failing.map((f) => ({ name: f.name, status: f.status, reasons: presentReasons(f.reasons) })) };
  });
}
