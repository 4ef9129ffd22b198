// WeChat's customer-service window on the simulated clock: 5 in 48 h after a message, 3 in a minute after an event.
import { describe, expect, it } from "vitest";
import { checkWindow, emptyWindow, recordSend, type WindowState } from "./serviceWindow";

const HOUR = 3_600_000;

function sendAll(state: WindowState, at: number, count: number) {
  const verdicts = [];
  let s = state;
  for (let i = 0; i < count; i++) {
    const v = checkWindow(s, at + i);
    if (v.ok) s = recordSend(s, at + i);
    verdicts.push(v);
  }
  return verdicts;
}

describe("checkWindow", () => {
  it("allows 5 messages after a follower's message, then refuses the sixth", () => {
    const verdicts = sendAll({ ...emptyWindow, lastMessageAt: 0 }, 1000, 6);
    expect(verdicts.slice(0, 5).map((v) => v.ok && v.used)).toEqual([1, 2, 3, 4, 5]);
    expect(verdicts[5]).toEqual({ ok: false, reason: "quota48h" });
  });

  it("allows 3 messages in the minute after a click, follow or scan", () => {
    const verdicts = sendAll({ ...emptyWindow, lastEventAt: 0 }, 1000, 4);
    expect(verdicts.slice(0, 3).every((v) => v.ok && v.window === "1min" && v.quota === 3)).toBe(
      true,
    );
    expect(verdicts[3]).toEqual({ ok: false, reason: "quota1min" });
    expect(checkWindow({ ...emptyWindow, lastEventAt: 0 }, 61_000)).toEqual({
      ok: false,
      reason: "outside",
    });
  });

  it("refuses everything 48 hours after the last message, or before any", () => {
    expect(checkWindow({ ...emptyWindow, lastMessageAt: 0 }, 48 * HOUR + 1)).toEqual({
      ok: false,
      reason: "outside",
    });
    expect(checkWindow(emptyWindow, 0)).toEqual({ ok: false, reason: "outside" });
  });
});
