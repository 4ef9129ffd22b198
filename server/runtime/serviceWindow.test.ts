import { describe, expect, it } from "vitest";
import type { FollowerRecord } from "../store/types";
import { newFollowerRecord } from "./followerRecord";
import { createServiceWindow } from "./serviceWindow";

const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 5, 10);

function follower(openid: string, patch: Partial<FollowerRecord>): FollowerRecord {
  return { ...newFollowerRecord(openid, T0), ...patch };
}

describe("the customer-service window", () => {
  it("keeps counting a follower's quota for 48 hours, then forgets their sends", () => {
    const window = createServiceWindow();
    for (let i = 0; i < 5; i++) window.recordSend("o-busy", T0, "message");
    window.recordSend("o-once", T0, "message");
    const busy = follower("o-busy", { lastMessageAt: T0 - HOUR });

    // 46 hours on, the five sends still spend the window of the message before them.
    window.recordSend("o-other", T0 + 46 * HOUR, "message");
    expect(window.check(busy, T0 + 46 * HOUR)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/quota used up: 5 messages/),
    });
    expect(window.remembered).toBe(3);

    // Past 48 hours nobody's sends can count any more: only the recent follower is remembered.
    window.recordSend("o-recent", T0 + 49 * HOUR, "message");
    expect(window.remembered).toBe(2);
    // A new message opens a new window with all five messages.
    const wroteAgain = follower("o-busy", { lastMessageAt: T0 + 49 * HOUR });
    expect(window.check(wroteAgain, T0 + 49 * HOUR)).toEqual({ ok: true, window: "message" });
  });

  it("counts sends restored from before a restart as if they had been made here", () => {
    const window = createServiceWindow();
    // Seven message sends a minute apart (oldest first, as the store returns them), a click's
    // three, and a follower sent to 49 hours ago.
    window.restore(
      [
        { openid: "o-old", window: "message", at: T0 - 49 * HOUR },
        ...Array.from({ length: 7 }, (_, i) => ({
          openid: "o-busy",
          window: "message" as const,
          at: T0 + i * 60_000,
        })),
        ...[0, 1, 2].map((i) => ({ openid: "o-click", window: "event" as const, at: T0 + i })),
      ],
      T0 + 7 * 60_000,
    );
    expect(window.remembered).toBe(2);
    const now = T0 + 10 * 60_000;
    // Since a message written before the third send, five have gone: none left.
    expect(
      window.check(follower("o-busy", { lastMessageAt: T0 + 2 * 60_000 - 1 }), now),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/quota used up: 5 messages/),
    });
    // Since one written before the fourth, four: one left.
    expect(window.check(follower("o-busy", { lastMessageAt: T0 + 3 * 60_000 - 1 }), now)).toEqual({
      ok: true,
      window: "message",
    });
    expect(window.check(follower("o-click", { lastEventAt: T0 }), T0 + 30_000)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/quota used up: 3 messages within 1 minute/),
    });
    // A send restored never counts against the other kind's allowance.
    expect(
      window.check(follower("o-click", { lastEventAt: T0, lastMessageAt: T0 - HOUR }), T0 + 30_000),
    ).toEqual({ ok: true, window: "message" });
  });

  it("says the minute after a click has passed, not only that the follower has not written", () => {
    const window = createServiceWindow();
    const clicked = follower("o-click", { lastEventAt: T0, lastMessageAt: T0 - 50 * HOUR });
    expect(window.check(clicked, T0 + 30_000)).toEqual({ ok: true, window: "event" });
    expect(window.check(clicked, T0 + 61_000)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/minute after the follower's click, follow or scan has passed/),
    });
    const wrote = follower("o-wrote", { lastMessageAt: T0 - 50 * HOUR });
    expect(window.check(wrote, T0)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^outside the 48-hour window/),
    });
  });
});
