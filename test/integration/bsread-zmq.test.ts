/**
 * Real bsread over real ZeroMQ sockets on loopback: PUSH/PULL and PUB/SUB, a sender
 * restart, a stalled stream, malformed messages and a backlog that must not starve timers.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Push } from "zeromq";
import { Receiver, Sender, type DecodedMessage } from "../../src/bsread/index.js";
import { encodeMessage } from "../../src/bsread/encode.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function track<T extends { close(): void }>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

async function boundSender(mode: "push" | "pub", address = "tcp://127.0.0.1:*"): Promise<Sender> {
  const sender = track(new Sender({ address, mode, sendTimeoutMs: 200 }));
  await sender.ready();
  return sender;
}

/** Pulls messages from the receiver until `count` arrived (or the iterator ends). */
async function take(iterator: AsyncIterator<DecodedMessage>, count: number): Promise<DecodedMessage[]> {
  const out: DecodedMessage[] = [];
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

function pulse(pulseId: number) {
  return {
    pulseId,
    globalTimestamp: { sec: 1_700_000_000 + Math.floor(pulseId / 100), ns: (pulseId % 100) * 10_000_000 + (pulseId % 1_000_000) },
    channels: [
      { name: "SAROP21-PBPS133:INTENSITY", value: pulseId * 0.5 },
      { name: "SARFE10-PSSS059:SPECTRUM-Y", value: Float32Array.from({ length: 256 }, (_, i) => i + pulseId), compression: "bitshuffle_lz4" as const },
      { name: "SLAAR21-LMOT-M521:MOTOR_1.RBV", type: "int32" as const, value: pulseId % 2 === 0 ? null : pulseId },
    ],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await sleep(10);
  }
}

describe("bsread over ZeroMQ on loopback", () => {
  it("PUSH -> PULL delivers every message in order with its values", async () => {
    const sender = await boundSender("push");
    const receiver = track(new Receiver({ address: sender.endpoint, mode: "pull", receiveTimeoutMs: 2000 }));
    const iterator = receiver[Symbol.asyncIterator]();
    for (let p = 1000; p < 1100; p++) expect(await sender.send(pulse(p))).toBe(true);
    const got = await take(iterator, 100);
    expect(got.map((m) => m.pulseId)).toEqual(Array.from({ length: 100 }, (_, i) => 1000 + i));
    const m = got[7]!;
    expect(m.channel("SAROP21-PBPS133:INTENSITY")!.value()).toBe(1007 * 0.5);
    expect((m.channel("SARFE10-PSSS059:SPECTRUM-Y")!.value() as Float32Array)[3]).toBe(1010);
    expect(m.channel("SLAAR21-LMOT-M521:MOTOR_1.RBV")!.value()).toBe(1007);
    expect(got[8]!.channel("SLAAR21-LMOT-M521:MOTOR_1.RBV")!.isEmpty).toBe(true);
    expect(got.filter((x) => x.formatChanged)).toHaveLength(1);
    expect(receiver.stats.messages).toBe(100);
    expect(sender.stats).toEqual({ sent: 100, dropped: 0 });
    // Connection events arrive through ZeroMQ's monitor, a little after the data.
    await until(() => sender.peers === 1);
    receiver.close();
    await until(() => sender.peers === 0);
  });

  it("PUB -> SUB delivers once the subscription is up", async () => {
    const sender = await boundSender("pub");
    const receiver = track(new Receiver({ address: sender.endpoint, mode: "sub", receiveTimeoutMs: 2000 }));
    const iterator = receiver[Symbol.asyncIterator]();
    // PUB drops until the SUB's subscription arrives: keep publishing until the first gets through.
    let pulseId = 5000;
    const first = take(iterator, 1);
    let settled = false;
    void first.then(() => (settled = true));
    while (!settled && pulseId < 5500) {
      await sender.send(pulse(pulseId++));
      await sleep(10);
    }
    const [firstMessage] = await first;
    expect(firstMessage!.pulseId).toBeGreaterThanOrEqual(5000);
    const next = take(iterator, 20);
    const start = pulseId;
    for (let i = 0; i < 20; i++) await sender.send(pulse(pulseId++));
    expect((await next).map((m) => m.pulseId)).toEqual(Array.from({ length: 20 }, (_, i) => start + i));
  });

  it("reports a stalled stream and its resumption", async () => {
    const sender = await boundSender("push");
    const receiver = track(new Receiver({ address: sender.endpoint, mode: "pull", receiveTimeoutMs: 150 }));
    const events: string[] = [];
    receiver.on("stall", ({ silentMs }) => events.push(`stall:${silentMs >= 100}`));
    receiver.on("resume", () => events.push("resume"));
    const iterator = receiver[Symbol.asyncIterator]();
    await sender.send(pulse(1));
    await take(iterator, 1);
    const afterStall = take(iterator, 1);
    await sleep(450);
    expect(events).toEqual(["stall:true"]);
    expect(receiver.stats.stalled).toBe(true);
    await sender.send(pulse(2));
    expect((await afterStall)[0]!.pulseId).toBe(2);
    expect(events).toEqual(["stall:true", "resume"]);
    expect(receiver.stats.stalls).toBe(1);
  });

  it("reconnects by itself after the sender restarts on the same address", async () => {
    const first = new Sender({ address: "tcp://127.0.0.1:*", mode: "push", sendTimeoutMs: 500 });
    await first.ready();
    const address = first.endpoint;
    const receiver = track(new Receiver({ address, mode: "pull", receiveTimeoutMs: 200 }));
    let stalls = 0;
    receiver.on("stall", () => stalls++);
    const iterator = receiver[Symbol.asyncIterator]();
    await first.send(pulse(1));
    expect((await take(iterator, 1))[0]!.pulseId).toBe(1);
    const afterRestart = take(iterator, 1);
    first.close();
    await sleep(400); // the receiver, waiting, sees silence while the sender is gone
    const second = track(new Sender({ address, mode: "push", sendTimeoutMs: 3000 }));
    await second.ready();
    expect(await second.send(pulse(2))).toBe(true);
    expect((await afterRestart)[0]!.pulseId).toBe(2);
    expect(stalls).toBeGreaterThanOrEqual(1);
  });

  it("reports malformed and command messages and keeps receiving", async () => {
    const raw = track(new Push({ linger: 0, sendTimeout: 1000 }));
    await raw.bind("tcp://127.0.0.1:*");
    const receiver = track(new Receiver({ address: raw.lastEndpoint!, mode: "pull", receiveTimeoutMs: 2000 }));
    const problems: string[] = [];
    receiver.on("protocolError", (err) => problems.push(err.code));
    receiver.on("command", (cmd) => problems.push(cmd.htype));
    const iterator = receiver[Symbol.asyncIterator]();
    const good = encodeMessage(pulse(42));
    await raw.send([Buffer.from("{not json")]);
    await raw.send([Buffer.from('{"htype":"bsr_stop-1.0","sentMessages":-1}')]);
    await raw.send(good.slice(0, good.length - 1)); // last timestamp frame missing
    await raw.send(good);
    const [message] = await take(iterator, 1);
    expect(message!.pulseId).toBe(42);
    expect(problems).toEqual(["MAIN_HEADER_INVALID", "bsr_stop-1.0", "FRAME_COUNT_MISMATCH"]);
    expect(receiver.stats).toMatchObject({ messages: 1, protocolErrors: 2, commands: 1 });
  });

  it("drains a backlog while an HTTP server in the same process keeps answering", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => server.close());
    const port = (server.address() as AddressInfo).port;
    const sender = track(new Sender({ address: "tcp://127.0.0.1:*", mode: "push", sendTimeoutMs: 2000, highWaterMark: 20_000, maxPendingSends: 20_000 }));
    await sender.ready();
    const receiver = track(new Receiver({ address: sender.endpoint, mode: "pull", receiveTimeoutMs: 2000, highWaterMark: 20_000, maxBusyMs: 5 }));
    const frames = encodeMessage(pulse(1));
    const total = 8000;
    await Promise.all(Array.from({ length: total }, () => sender.sendFrames(frames)));
    await sleep(300); // the whole backlog now waits in the receiver's queue
    let received = 0;
    let answeredAt = -1;
    for await (const message of receiver) {
      void message.byteLength(1);
      received++;
      if (received === 100) {
        void fetch(`http://127.0.0.1:${port}/`).then(async (r) => {
          await r.text();
          answeredAt = received;
        });
      }
      if (received === total) break;
    }
    expect(received).toBe(total);
    // Without yielding, receive() resolves synchronously for every queued message and the
    // request is only answered after the backlog is gone.
    expect(answeredAt).toBeGreaterThan(0);
    expect(answeredAt).toBeLessThan(total);
  });

  it("drops instead of blocking when nobody receives", async () => {
    const sender = track(new Sender({ address: "tcp://127.0.0.1:*", mode: "push" }));
    await sender.ready();
    const results = await Promise.all([sender.send(pulse(1)), sender.send(pulse(2))]);
    expect(results).toEqual([false, false]);
    expect(sender.stats).toEqual({ sent: 0, dropped: 2 });
  });

  it("fails clearly when the address cannot be bound", async () => {
    const first = await boundSender("push");
    const clash = track(new Sender({ address: first.endpoint, mode: "push" }));
    await expect(clash.ready()).rejects.toThrow();
  });
});
