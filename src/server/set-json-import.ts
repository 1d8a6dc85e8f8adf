/**
 * A JSON import is a set export, checked as strictly as `POST /sets`: an unknown field or a
 * wrong type is refused with IMPORT_INVALID naming the place, never stored as it came.
 */
import type { TSchema } from "typebox";
import { Value } from "typebox/value";
import { ApiError } from "./api-error.js";
import { ChannelSpec, SetImportJson } from "./schemas.js";
import type { SetInput } from "../store/store.js";

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** The first problem of `value` against `schema` in words, or null when it fits. */
function firstProblem(schema: TSchema, value: unknown, at: string): string | null {
  const error = (Value.Errors(schema, value) as SchemaError[]).find((e) => e.keyword !== "boolean");
  if (!error) return null;
  const place = `${at}${error.instancePath.replace(/\/(\d+)/g, "[$1]").replace(/\//g, ".")}`;
  if (error.keyword === "additionalProperties") {
    const fields = (error.params.additionalProperties as string[] | undefined) ?? [];
    return `${place}: unknown field ${fields.map((f) => JSON.stringify(f)).join(", ")}`;
  }
  return `${place}: ${error.message}`;
}

function invalid(problem: string): ApiError {
  return new ApiError(400, "IMPORT_INVALID", problem);
}

/** The set an import describes; `owner` is "" when the import names none (the caller decides). */
export function setFromJsonImport(body: unknown, name: string | undefined): SetInput {
  if (typeof body !== "object" || body === null || !Array.isArray((body as { channels?: unknown }).channels)) {
    throw invalid("a JSON import is a set export: an object with a channels list");
  }
  const problem = firstProblem(SetImportJson, body, "import");
  if (problem) throw invalid(problem);
  const b = body as { name?: string; description?: string; owner?: string; tags?: string[]; channels: unknown[] };
  const channels = b.channels.map((c, i): SetInput["channels"][number] => {
    if (typeof c === "string") return { name: c };
    if (typeof c !== "object" || c === null) throw invalid(`channels[${i}] must be a channel name or an object with a name`);
    const wrong = firstProblem(ChannelSpec, c, `channels[${i}]`);
    if (wrong) throw invalid(wrong);
    return c as SetInput["channels"][number];
  });
  const setName = name ?? b.name;
  if (setName === undefined) throw invalid("give the set's name as ?name= or in the JSON");
  return { name: setName, description: b.description ?? "", owner: b.owner ?? "", tags: b.tags ?? [], channels };
}
