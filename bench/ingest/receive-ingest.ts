/**
 * Receiver program: the project's Receiver (pull mode) with the per-message work of the
 * monitor: `--variant header` (header-only) or `--variant full` (plus value() of every
 * channel). Run by main.ts.
 */
import { Receiver } from "../../src/bsread/index.js";
import { ChannelState, ingest, type IngestWork } from "./ingest-work.js";
import { receiverArgs, runReceiver } from "./receiver-program.js";

const args = receiverArgs();
const work: IngestWork = args.variant === "full" ? "full" : "header";
if (args.variant !== undefined && args.variant !== work) throw new Error(`unknown --variant ${args.variant}`);
const perMessage = ingest(work);

const receiver = new Receiver({ address: args.endpoint, mode: "pull", highWaterMark: args.highWaterMark, receiveTimeoutMs: 1000 });
receiver.on("protocolError", (err) => {
  throw err;
});

await runReceiver(
  args,
  async (meter) => {
    const state = new ChannelState();
    // The idiomatic consumer loop: decoded, lazy messages out of the async iterator.
    for await (const message of receiver) {
      perMessage(message, state);
      if (meter.tick(message.frames)) break;
    }
    return state.checksum();
  },
  () => receiver.close(),
);
