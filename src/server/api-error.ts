/** Errors the API answers with: a real HTTP status and `{"error": {"code", "message"}}`. */

export type ApiErrorCode =
  | "BAD_REQUEST"
  | "VALIDATION_FAILED"
  | "INVALID_JSON"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "BODY_TOO_LARGE"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "SET_NOT_FOUND"
  | "SET_EXISTS"
  | "SET_NAME_MISMATCH"
  | "VERSION_CONFLICT"
  | "SET_INVALID"
  | "IMPORT_INVALID"
  | "BAD_REGEX"
  | "REGEX_TOO_COSTLY"
  | "BUSY"
  | "CHANNEL_NOT_WATCHED"
  | "NO_VALUE_YET"
  | "VALUE_UNDECODABLE"
  | "SHELVE_INVALID"
  | "RUN_NOT_FOUND"
  | "RUN_EXISTS"
  | "RUN_NO_PULSE"
  | "RUN_INVALID"
  | "RUN_ALREADY_STOPPED"
  | "STORE_UNAVAILABLE"
  | "STORE_URL_INVALID"
  | "INTERNAL";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
