/** Small helpers for talking to the emulator over real HTTP and ZeroMQ in tests. */
import { Receiver, type DecodedMessage } from "../../src/bsread/index.js";

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export async function http<T = unknown>(method: string, url: string, body?: unknown, contentType = "application/json"): Promise<HttpResult<T>> {
  const started = Date.now();
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": contentType },
    // A string is sent as is (raw text or hand-written JSON); anything else as JSON.
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, ms: Date.now() - started };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/**
 * Receives a stream in the background into `messages`, so a test can wait for what it
 * needs without holding the receiver's iterator itself.
 */
export class StreamTap {
  readonly messages: DecodedMessage[] = [];
  readonly receiver: Receiver;
  private readonly done: Promise<void>;

  constructor(address: string, mode: "sub" | "pull" = "sub", receiveTimeoutMs = 500) {
    const receiver = new Receiver({ address, mode, receiveTimeoutMs });
    this.receiver = receiver;
    this.done = (async () => {
      for await (const message of receiver) this.messages.push(message);
    })();
  }

  /** Waits until at least `count` messages arrived after index `from`; returns them. */
  async next(count: number, from = this.messages.length, timeoutMs = 5000): Promise<DecodedMessage[]> {
    await until(() => this.messages.length >= from + count, timeoutMs, `${count} messages`);
    return this.messages.slice(from, from + count);
  }

  async close(): Promise<void> {
    this.receiver.close();
    await this.done;
  }
}
