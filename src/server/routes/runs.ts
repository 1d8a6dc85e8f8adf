/** Runs: open, close, list, and the coverage report as JSON or CSV. */
import { reportToCsv } from "../../monitor/run-coverage.js";
import { presentReport, presentRun } from "../present.js";
import { ReportQuery, RunParams, RunStartBody, RunStopBody } from "../schemas.js";
import { parseTime, type Api, type RouteContext } from "./context.js";

const tags = ["runs"];

export function registerRunRoutes(app: Api, { service, auth }: RouteContext): void {
  app.post("/runs", { schema: { tags, summary: "Open a run (201); the start may lie in the past or the future", body: RunStartBody } }, async (req, reply) => {
    const actor = auth.actor(req);
    const run = await service.startRun({ set: req.body.set, name: req.body.name, startPulseId: req.body.startPulseId, startTime: parseTime(req.body.startTime, "startTime") }, actor);
    return reply.code(201).send(presentRun(run));
  });

  app.post("/runs/:id/stop", { schema: { tags, summary: "Close a run", params: RunParams, body: RunStopBody } }, async (req) => {
    auth.actor(req);
    const body = req.body ?? {};
    return presentRun(await service.stopRun(req.params.id, { stopPulseId: body.stopPulseId, stopTime: parseTime(body.stopTime, "stopTime") }));
  });

  app.get("/runs", { schema: { tags, summary: "All runs" } }, async () => ({ runs: (await service.listRuns()).map(presentRun) }));

  app.get("/runs/:id/report", { schema: { tags, summary: "Coverage per channel with the missing pulse ranges (inclusive)", params: RunParams, querystring: ReportQuery } }, async (req, reply) => {
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
