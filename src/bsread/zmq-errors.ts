/** Recognizing zeromq.js errors by their errno code. */

export function zmqErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** EAGAIN: a timeout expired (receiveTimeout / sendTimeout) or nothing could be queued. */
export function isTimeout(err: unknown): boolean {
  return zmqErrorCode(err) === "EAGAIN";
}

/** The socket was closed (or the context terminated) while an operation was pending. */
export function isClosed(err: unknown): boolean {
  const code = zmqErrorCode(err);
  return code === "EBADF" || code === "ETERM" || code === "ENOTSOCK";
}
