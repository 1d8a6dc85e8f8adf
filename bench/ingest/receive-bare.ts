/**
 * Receiver program: zeromq.js's own bare receive loop (`await socket.receive()`, nothing
 * else), the best any zeromq.js-based receiver can do. Run by main.ts.
 */
import { Pull } from "zeromq";
import { receiverArgs, runReceiver } from "./receiver-program.js";

const args = receiverArgs();
// The same socket options as the project's Receiver in pull mode.
const socket = new Pull({ linger: 0, receiveTimeout: 10_000, receiveHighWaterMark: args.highWaterMark });
socket.connect(args.endpoint);

await runReceiver(
  args,
  async (meter) => {
    let frames = 0;
    for (;;) {
      const message = await socket.receive();
      frames += message.length;
      if (meter.tick(message)) return frames;
    }
  },
  () => socket.close(),
);
