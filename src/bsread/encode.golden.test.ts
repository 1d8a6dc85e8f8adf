/**
 * The encoder reproduces the reference Python sender byte for byte: every fixture captured
 * from it is decoded, re-encoded from the decoded content, and compared frame by frame.
 */
import { describe, expect, it } from "vitest";
import { fixtureNames, loadFixture } from "../../test/support/fixtures.js";
import { decompress } from "./compression.js";
import { MessageDecoder } from "./decode.js";
import { encodeMessage, type ChannelToSend } from "./encode.js";
import type { BsreadType, Compression, Encoding } from "./types.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("encodeMessage matches the Python reference sender", () => {
  const pythonCases = fixtureNames().filter((n) => loadFixture(n).source === "python sender");

  it("has python-sender fixtures to compare with", () => {
    expect(pythonCases.length).toBeGreaterThanOrEqual(25);
  });

  for (const name of pythonCases) {
    it(name, () => {
      for (const { frames } of loadFixture(name).messages) {
        const message = new MessageDecoder().decode(frames);
        const rawHeader = JSON.parse(
          Buffer.from(decompress(frames[1]!, message.dhCompression, { elementSize: 1, littleEndian: true })).toString("utf8"),
        ) as { channels: Array<Record<string, unknown>> };
        const channels: ChannelToSend[] = message.channels.map((c, i) => {
          const raw = rawHeader.channels[i]!;
          const valueFrame = frames[2 + 2 * i]!;
          const timestampFrame = frames[3 + 2 * i]!;
          // Python sends an uncompressed "" as an empty value frame with a timestamp.
          const value = valueFrame.length === 0 && timestampFrame.length === 16 && c.type === "string" ? "" : c.value();
          return {
            name: c.name,
            type: raw.type as BsreadType,
            shape: raw.shape as number[],
            encoding: raw.encoding as Encoding,
            compression: raw.compression as Compression | undefined,
            modulo: raw.modulo as number | undefined,
            offset: raw.offset as number | undefined,
            value,
            timestamp: value === "" ? decodeTimestamp(timestampFrame, c.encoding === "little") : (c.timestamp ?? undefined),
          };
        });
        const encoded = encodeMessage({
          pulseId: message.pulseId,
          globalTimestamp: message.globalTimestamp,
          channels,
          dataHeaderCompression: message.dhCompression,
        });
        expect(encoded.length).toBe(frames.length);
        encoded.forEach((frame, i) => expect(hex(frame), `frame ${i}`).toBe(hex(frames[i]!)));
      }
    });
  }
});

function decodeTimestamp(frame: Uint8Array, little: boolean): { sec: number; ns: number } {
  const view = new DataView(frame.buffer, frame.byteOffset, 16);
  return { sec: Number(view.getBigInt64(0, little)), ns: Number(view.getBigInt64(8, little)) };
}
