/**
 * Every golden message captured from the Python reference (../shared/fixtures/bsread)
 * decodes to exactly its expectation, malformed ones included.
 */
import { describe, expect, it } from "vitest";
import { fixtureNames, loadFixture, type Expectation } from "../../test/support/fixtures.js";
import { BsreadDecodeError, BsreadProtocolError } from "./errors.js";
import { MessageDecoder, type DecodedMessage } from "./decode.js";
import type { ChannelValue } from "./value-conversion.js";

/** Our value in the fixtures' JSON conventions (64-bit as decimal strings, NaN/Inf as strings). */
function toFixtureJson(value: ChannelValue, type: string): unknown {
  const num = (v: number): unknown => (Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : v);
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return num(value);
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, (v) => v.toString());
  if (type === "bool") return Array.from(value as Uint8Array, (v) => v !== 0);
  return Array.from(value as ArrayLike<number>, num);
}

/** What the decoder produced, in the fixtures' expectation format. */
type Observed = Omit<Expectation, "ok" | "fatal" | "error" | "channels"> & { ok: boolean; fatal: boolean; channels: Array<Record<string, unknown>> };

function observe(decoder: MessageDecoder, frames: Uint8Array[]): Observed {
  let message: DecodedMessage;
  let messageOk = true;
  try {
    message = decoder.decode(frames);
  } catch (err) {
    expect(err).toBeInstanceOf(BsreadProtocolError);
    const { partial, mainHeader, command } = err as BsreadProtocolError;
    if (!partial) {
      // Fatal: main-header fields are known whenever frame 0 was readable.
      return {
        ok: false,
        fatal: true,
        htype: mainHeader?.htype ?? command?.htype,
        pulse_id: mainHeader?.pulseId,
        global_timestamp: mainHeader?.globalTimestamp,
        hash: mainHeader?.hash,
        dh_compression: mainHeader?.dhCompression,
        channels: [],
      };
    }
    expect((err as BsreadProtocolError).code).toBe("FRAME_COUNT_MISMATCH");
    message = partial;
    messageOk = false;
  }
  let ok = messageOk;
  const channels = message.channels.map((c) => {
    const out: Record<string, unknown> = {
      name: c.name,
      type: c.type,
      shape: [...c.shape],
      encoding: c.encoding,
      compression: c.compression,
      modulo: c.modulo,
      offset: c.offset,
    };
    try {
      out.value = toFixtureJson(c.value(), c.type);
    } catch (err) {
      expect(err).toBeInstanceOf(BsreadDecodeError);
      out.value = null;
      out.value_error = true;
      ok = false;
    }
    out.timestamp = c.timestamp;
    if (c.timestampError) {
      out.timestamp_error = true;
      ok = false;
    }
    return out;
  });
  return {
    ok,
    fatal: false,
    htype: message.htype,
    pulse_id: message.pulseId,
    global_timestamp: message.globalTimestamp,
    hash: message.hash,
    dh_compression: message.dhCompression,
    format_changed: message.formatChanged,
    channels,
  };
}

function expectedChannels(e: Expectation): Array<Record<string, unknown>> {
  return e.channels.map((c) => {
    const out: Record<string, unknown> = { ...c };
    delete out.error;
    return out;
  });
}

describe("golden fixtures", () => {
  const names = fixtureNames();

  it("finds the fixture set", () => {
    expect(names.length).toBeGreaterThanOrEqual(50);
  });

  for (const name of names) {
    it(name, () => {
      const fixture = loadFixture(name);
      const decoder = new MessageDecoder();
      for (const { frames, expect: e } of fixture.messages) {
        const got = observe(decoder, frames);
        expect(got.ok).toBe(e.ok);
        expect(got.fatal).toBe(e.fatal ?? false);
        expect(got.htype).toBe(e.htype);
        expect(got.pulse_id).toBe(e.pulse_id);
        expect(got.global_timestamp).toEqual(e.global_timestamp);
        expect(got.hash).toBe(e.hash);
        expect(got.dh_compression).toBe(e.dh_compression);
        if (e.format_changed !== undefined) expect(got.format_changed).toBe(e.format_changed);
        if (got.fatal) expect((got as Observed).channels).toEqual([]);
        expect(got.channels).toEqual(expectedChannels(e));
      }
    });
  }
});
