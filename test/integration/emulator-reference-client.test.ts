/**
 * Clients written against the real dispatcher work unchanged: the requests bsread_python
 * and caQtDM send are understood, and the stream follows the wire conventions the golden
 * fixtures pin (docs/bsread-protocol.md): frame layout, md5 hash of frame 1 as sent,
 * SwissFEL timestamps, Java-style lz4 prefixes.
 */
import { createHash } from "node:crypto";
import { request } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Receiver } from "../../src/bsread/index.js";
import { Emulator } from "../../src/simulator/emulator.js";
import { http } from "../support/emulator-client.js";

let emulator: Emulator;
let db: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  emulator = await Emulator.start({ port: 0, channels: 600, seed: 11 });
  db = emulator.backendUrl("sf-databuffer");
});
afterEach(() => {
  while (receivers.length) receivers.pop()!.close();
  emulator.streams.closeAll();
});
afterAll(async () => {
  await emulator.close();
});

/** A DELETE with a body and no content type, as Python's requests.delete(url, data=address) sends it. */
function deleteWithoutContentType(url: string, body: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: "DELETE", headers: { "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Raw frames of the first messages of a stream. */
async function rawFrames(address: string, count: number): Promise<Buffer[][]> {
  const receiver = new Receiver({ address, mode: "sub", receiveTimeoutMs: 3000 });
  receivers.push(receiver);
  const out: Buffer[][] = [];
  for await (const frames of receiver.frames()) {
    out.push(frames);
    if (out.length === count) break;
  }
  return out;
}

const channelsOf = (predicate: (shape: readonly number[]) => boolean, n: number) =>
  emulator.catalog.channels.filter((c) => c.backend === "sf-databuffer" && c.modulo === 1 && c.type !== "string" && predicate(c.shape)).slice(0, n);

describe("reference clients against the emulator", () => {
  it("bsread_python's request and DELETE (no content type) work", async () => {
    const names = channelsOf((s) => s[0] === 1, 3).map((c) => c.name);
    const res = await http<{ stream: string; configuration: { channels: Array<{ name: string; backend: string }> } }>("POST", `${db}/stream`, {
      channels: names.map((name) => ({ name, modulo: 1, offset: 0 })),
      streamType: "pub_sub",
      mapping: { incomplete: "fill-null" },
      channelValidation: { inconsistency: "keep-as-is" },
      sendBehaviour: { strategy: "complete-all" },
      compression: "none",
    });
    expect(res.status).toBe(200);
    expect(res.body.configuration.channels.map((c) => c.name)).toEqual(names);
    expect(res.body.configuration.channels.every((c) => c.backend === "sf-databuffer")).toBe(true);
    expect(await deleteWithoutContentType(`${db}/stream`, res.body.stream)).toBe(200);
    expect((await http<unknown[]>("GET", `${db}/streams`)).body).toEqual([]);
  });

  it("caQtDM's plain-string state request and JSON-string DELETE work", async () => {
    const [a] = channelsOf((s) => s[0] === 1, 1);
    const state = await http<Array<{ channel: { name: string }; recording: boolean }>>("POST", `${db}/channels/state`, { channels: [a!.name] });
    expect(state.body[0]!.channel.name).toBe(a!.name);
    const res = await http<{ stream: string }>("POST", `${db}/stream`, { channels: [{ name: a!.name }], streamType: "push_pull", sendIncompleteMessages: true });
    expect((await http("DELETE", `${db}/stream`, JSON.stringify(res.body.stream))).status).toBe(200);
  });

  for (const compression of ["none", "bitshuffle_lz4", "lz4"] as const) {
    it(`stream frames follow the bsread wire conventions (${compression})`, async () => {
      const chosen = [...channelsOf((s) => s[0] === 1, 4), ...channelsOf((s) => s.length === 1 && s[0]! > 1, 2)];
      const res = await http<{ stream: string }>("POST", `${db}/stream`, {
        channels: chosen.map((c) => ({ name: c.name })),
        mapping: { incomplete: "fill-null" },
        compression,
      });
      const messages = await rawFrames(res.body.stream, 5);
      for (const frames of messages) {
        expect(frames).toHaveLength(2 + 2 * chosen.length);
        const main = JSON.parse(frames[0]!.toString("utf8")) as Record<string, unknown>;
        expect(main.htype).toBe("bsr_m-1.1");
        expect(main.hash).toBe(createHash("md5").update(frames[1]!).digest("hex"));
        if (compression !== "none") expect(main.dh_compression).toBe(compression);
        const { sec, ns } = main.global_timestamp as { sec: number; ns: number };
        expect(ns % 1_000_000).toBe((main.pulse_id as number) % 1_000_000);
        expect(Math.abs(sec * 1000 - Date.now())).toBeLessThan(5000);
        if (compression === "lz4") {
          // Java/IOC convention: data header size prefix big endian, values in channel order (little).
          const declared = frames[1]!.readUInt32BE(0);
          expect(declared).toBeGreaterThan(50);
          const first = chosen[0]!;
          expect(frames[2]!.readUInt32LE(0)).toBe(elementBytes(first.type) * first.shape[0]!);
        }
        for (let i = 0; i < chosen.length; i++) {
          const ts = frames[3 + 2 * i]!;
          if (frames[2 + 2 * i]!.length > 0) {
            expect(ts.length).toBe(16);
            expect(Number(ts.readBigInt64LE(0))).toBe(sec);
            expect(Number(ts.readBigInt64LE(8))).toBe(ns);
          } else {
            expect(ts.length).toBe(0);
          }
        }
      }
    });
  }
});

function elementBytes(type: string): number {
  return { bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4 }[type] ?? 8;
}
