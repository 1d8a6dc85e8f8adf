/**
 * Child process for sender-close.test.ts: senders streaming big multipart messages and their
 * receivers are closed in the same tick, again and again. With linger 0 libzmq 4.3.5 aborts the
 * process within a few rounds, so it runs apart from the test worker. Prints `survived N`.
 */
import { Receiver, Sender, type SendMode } from "../../src/bsread/index.js";

const rounds = Number(process.argv[2] ?? 40);
const closeLingerMs = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const waveform = new Float64Array(200_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (let round = 0; round < rounds; round++) {
  const mode: SendMode = round % 2 ? "pub" : "push";
  const sender = new Sender({ address: "tcp://127.0.0.1:*", mode, maxPendingSends: 1000, closeLingerMs });
  await sender.ready();
  const receiver = new Receiver({ address: sender.endpoint, mode: mode === "pub" ? "sub" : "pull", receiveTimeoutMs: 200 });
  void (async () => {
    for await (const _ of receiver.frames());
  })();
  let pulseId = 1;
  const pump = setInterval(() => {
    for (let i = 0; i < 20; i++) {
      const channels = [{ name: "A", value: waveform }, { name: "B", value: 1 }, { name: "C", value: waveform }];
      sender.send({ pulseId: pulseId++, globalTimestamp: { sec: 1, ns: 0 }, channels }).catch(() => undefined);
    }
  }, 1);
  await sleep(20 + (round % 7) * 5);
  clearInterval(pump);
  receiver.close();
  sender.close();
  await sleep(2);
}
console.log(`survived ${rounds}`);
