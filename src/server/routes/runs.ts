/** Runs: open, close, list, and the coverage report as JSON or CSV. */
import { reportToCsv } from "../../monitor/run-coverage.js";
import { presentReport, presentRun } from "../present.js";
import { Errors, RunAnswer, RunReportContent, RunsAnswer, errorAnswer } from "../response-schemas.js";
import { ReportQuery, RunParams, RunStartBody, RunStopBody } from "../schemas.js";
import { parseTime, type Api, type RouteContext } from "./context.js";

const tags = ["runs"];

export function registerRunRoutes(app: Api, { service, auth }: RouteContext): void {
  app.post("/runs", { schema: { tags, summary: "Open a run (201); the start may lie in the past or the future", body: RunStartBody, response: { 201: RunAnswer, 400: errorAnswer("VALIDATION_FAILED or INVALID_JSON: a malformed body; BAD_REQUEST: startTime is not a time"), 401: Errors.unauthorized, 404: Errors.setNotFound, 409: errorAnswer("RUN_NO_PULSE: no pulse id known yet (give startPulseId); RUN_INVALID: the start is not a pulse id"), 413: Errors.tooLarge, 415: Errors.mediaType, 503: Errors.storeUnavailable } } }, async (req, reply) => {
    const actor = auth.actor(req);
    const run = await service.startRun({ set: req.body.set, name: req.body.name, startPulseId: req.body.startPulseId, startTime: parseTime(req.body.startTime, "startTime") }, actor);
    return reply.code(201).send(presentRun(run));
  });

  app.post("/runs/:id/stop", { schema: { tags, summary: "Close a run", params: RunParams, body: RunStopBody, response: { 200: RunAnswer, 400: errorAnswer("VALIDATION_FAILED or INVALID_JSON: a malformed body; BAD_REQUEST: stopTime is not a time"), 401: Errors.unauthorized, 404: Errors.runNotFound, 409: errorAnswer("RUN_ALREADY_STOPPED: the run is stopped at another pulse; RUN_INVALID: the stop lies before the start"), 413: Errors.tooLarge, 415: Errors.mediaType, 503: Errors.storeUnavailable } } }, async (req) => {
    auth.actor(req);
    const body = req.body ?? {};
    return presentRun(await service.stopRun(req.params.id, { stopPulseId: body.stopPulseId, stopTime: parseTime(body.stopTime, "stopTime") }));
  });

  app.get("/runs", { schema: { tags, summary: "All runs", response: { 200: RunsAnswer } } }, async () => ({ runs: (await service.listRuns()).map(presentRun) }));

  app.get("/runs/:id/report", { schema: { tags, summary: "Coverage per channel with the missing pulse ranges (inclusive)", params: RunParams, querystring: ReportQuery, response: { 200: RunReportContent, 400: Errors.validation(), 404: Errors.runNotFound } } }, async (req, reply) => {
    const report = await service.report(req.params.id);
    if (req.query.format === "csv") {
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="run-${report.id}.csv"`)
        .send(reportToCsv({ ...report, id: report.id, set: report.set }));
    }
    return presentReport(report);
  });
}
