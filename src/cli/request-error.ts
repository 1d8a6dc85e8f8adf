/**
 * A client command could not get its answer: the server is unreachable, or it refused the
 * request (unknown set, bad token…). Reported like a usage error: one line, exit code 2, so
 * a script can tell "could not check" (2) from "checked, not ok" (1).
 */
import { UsageError } from "./usage-error.js";

export class RequestError extends UsageError {}
