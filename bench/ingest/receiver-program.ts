/**
 * What every JavaScript receiver program of the ingest benchmark shares: its command
 * line, a watchdog so it ends by itself when the sender goes away, and the JSON result
 * line the orchestrator (main.ts) reads.
 */
import { parseArgs } from "node:util";
import { RateMeter, type ReceiveResult } from "./rate-meter.js";

export interface ReceiverArgs {
  endpoint: string;
  warmupMs: number;
  durationMs: number;
  highWaterMark: number;
  /** Program-specific choice (e.g. the work done per message). */
  variant: string | undefined;
}

/** A sender silent this long ends the program with an error. */
const SILENCE_LIMIT_MS = 10_000;

export function receiverArgs(argv: readonly string[] = process.argv.slice(2)): ReceiverArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      endpoint: { type: "string" },
      "warmup-ms": { type: "string", default: "1000" },
      "duration-ms": { type: "string", default: "3000" },
      hwm: { type: "string", default: "100" },
      variant: { type: "string" },
    },
  });
  if (!values.endpoint) throw new Error("--endpoint is required");
  return {
    endpoint: values.endpoint,
    warmupMs: Number(values["warmup-ms"]),
    durationMs: Number(values["duration-ms"]),
    highWaterMark: Number(values.hwm),
    variant: values.variant,
  };
}

/**
 * Runs `receive` with a meter and prints its result. `receive` must return once
 * `meter.tick()` reports completion, having closed its socket; `checksum` is printed so
 * the work that produced it cannot be optimized away.
 */
export async function runReceiver(
  args: ReceiverArgs,
  receive: (meter: RateMeter) => Promise<number>,
  stop: () => void,
): Promise<void> {
  const meter = new RateMeter(args.warmupMs, args.durationMs);
  const watchdog = setInterval(() => {
    if (performance.now() - meter.lastMessageAt > SILENCE_LIMIT_MS) {
      console.error(`no message for ${SILENCE_LIMIT_MS} ms: giving up`);
      stop();
      process.exitCode = 1;
      clearInterval(watchdog);
    }
  }, 500);
  try {
    const checksum = await receive(meter);
    if (!meter.done) throw new Error("receive loop ended before the measurement was complete");
    const result: ReceiveResult & { checksum: number } = { ...meter.result(), checksum };
    console.log(JSON.stringify(result));
  } finally {
    clearInterval(watchdog);
    stop();
  }
}
