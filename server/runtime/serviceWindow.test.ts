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

  it("counts what was spent of the open windows before a restart as if it had been sent here", () => {
    const window = createServiceWindow();
    const busy = follower("o-busy", { lastMessageAt: T0 - HOUR });
    const clicked = follower("o-click", { lastEventAt: T0, lastMessageAt: T0 - HOUR });
    // Since their messages and the click, as Store.sendsInOpenWindows counts them; a count past
    // the quota (sends migrated from before they were recorded by kind) spends all of it.
    window.restore([
      { openid: "o-busy", window: "message", count: 7, lastAt: T0 },
      { openid: "o-click", window: "event", count: 3, lastAt: T0 + 2_000 },
      { openid: "o-click", window: "message", count: 4, lastAt: T0 - 30 * 60_000 },
    ]);
    expect(window.remembered).toBe(2);
    expect(window.check(busy, T0 + HOUR)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/quota used up: 5 messages/),
    });
    // The click's 3 are spent: the message's fifth is left, then nothing.
    expect(window.check(clicked, T0 + 30_000)).toEqual({ ok: true, window: "message" });
    window.recordSend("o-click", T0 + 30_000, "message");
    expect(window.check(clicked, T0 + 31_000)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/quota used up: 5 messages/),
    });

    // A window opened after the restart counts none of them: the follower wrote again.
    const wroteAgain = follower("o-busy", { lastMessageAt: T0 + 2 * HOUR });
    for (let i = 0; i < 5; i++) {
      expect(window.check(wroteAgain, T0 + 2 * HOUR + i)).toEqual({ ok: true, window: "message" });
      window.recordSend("o-busy", T0 + 2 * HOUR + i, "message");
    }
    expect(window.check(wroteAgain, T0 + 3 * HOUR).ok).toBe(false);
    // And a new click its own three.
    const clickedAgain = follower("o-click", { lastEventAt: T0 + HOUR, lastMessageAt: T0 - HOUR });
    expect(window.check(clickedAgain, T0 + HOUR + 1_000)).toEqual({ ok: true, window: "event" });
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
