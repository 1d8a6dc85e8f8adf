/** Error bodies as the dispatcher (a Spring Boot service) writes them. */
import type { FastifyReply, FastifyRequest } from "fastify";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export const ILLEGAL_ARGUMENT = "java.lang.IllegalArgumentException";
export const NOT_READABLE = "org.springframework.http.converter.HttpMessageNotReadableException";

export function sendDispatcherError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  exception: string,
  message: string,
): FastifyReply {
  return reply
    .code(status)
    .type("application/json")
    .send({
      timestamp: new Date().toISOString(),
      status,
      error: REASONS[status] ?? "Error",
      exception,
      message,
      path: request.url.split("?")[0],
    });
}
