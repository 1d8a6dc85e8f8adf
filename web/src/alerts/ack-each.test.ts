import { describe, expect, it } from "vitest";
import { RequestError } from "../api.js";
import { ackEach, ackOutcomeText } from "./ack-each.js";

const CHANNELS = ["A:1", "B:2", "C:3", "D:4"];

describe("ackEach", () => {
  it("acknowledges every channel in order when the server agrees", async () => {
    const tried: string[] = [];
    const out = await ackEach(CHANNELS, async (c) => void tried.push(c));
    expect(tried).toEqual(CHANNELS);
    expect(out).toEqual({ acked: CHANNELS, failed: [], notTried: [], stoppedBy: null });
    expect(ackOutcomeText(out)).toBeNull();
  });

  it("stops at the first refused token: one prompt, not one per channel", async () => {
    const tried: string[] = [];
    const out = await ackEach(CHANNELS, async (c) => {
      tried.push(c);
      if (c === "B:2") throw new RequestError(401, "UNAUTHORIZED", "a token is needed");
    });
    expect(tried).toEqual(["A:1", "B:2"]);
    expect(out.acked).toEqual(["A:1"]);
    expect(out.notTried).toEqual(["B:2", "C:3", "D:4"]);
    expect(ackOutcomeText(out)).toMatch(/stopped \(UNAUTHORIZED: a token is needed\): 3 not acknowledged/);
  });

  it("stops on 403 and when the server does not answer", async () => {
    for (const err of [new RequestError(403, "FORBIDDEN", "no"), new RequestError(0, "TIMEOUT", "no answer")]) {
      const tried: string[] = [];
      const out = await ackEach(CHANNELS, async (c) => {
        tried.push(c);
        throw err;
      });
      expect(tried).toEqual(["A:1"]);
      expect(out.notTried).toHaveLength(4);
    }
  });

  it("goes on past a refusal of one channel (its alert is gone) and names it", async () => {
    const out = await ackEach(CHANNELS, async (c) => {
      if (c === "C:3") throw new RequestError(404, "NO_ALERT", "no alert on C:3");
    });
    expect(out.acked).toEqual(["A:1", "B:2", "D:4"]);
    expect(out.failed).toEqual([{ channel: "C:3", message: "no alert on C:3" }]);
    expect(ackOutcomeText(out)).toBe("not acknowledged: C:3: no alert on C:3");
  });
});
