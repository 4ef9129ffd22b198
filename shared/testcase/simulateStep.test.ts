// The simulator and test cases count the follower as the runtime does.
import { describe, expect, it } from "vitest";
import type { TestInput } from "./schema";
import { initialSimState, simulateStep } from "./simulateStep";

const NOW = Date.parse("2025-03-10T10:00:00+08:00");

function followerAfter(inputs: TestInput[]) {
  let state = initialSimState({ interactions: 2, silentDays: 40, isNew: true }, NOW);
  for (const input of inputs) state = simulateStep({ flows: {} }, state, input).state;
  return state.follower;
}

describe("simulateStep counts the follower", () => {
  it("a message: one more interaction, silent no longer, new no longer", () => {
    expect(followerAfter([{ type: "text", text: "你好" }])).toMatchObject({
      interactions: 3,
      silentDays: 0,
      isNew: false,
    });
  });

  it("a menu click ends a silence; a menu link counts but does not end it; neither ends 'new'", () => {
    expect(followerAfter([{ type: "event", event: "click", key: "K" }])).toMatchObject({
      interactions: 3,
      silentDays: 0,
      isNew: true,
    });
    expect(followerAfter([{ type: "event", event: "view", url: "https://x.test" }])).toMatchObject({
      interactions: 3,
      silentDays: 40,
    });
  });

  it("an unfollow, the agent closing a handoff and an http result are not the follower's doing", () => {
    expect(
      followerAfter([
        { type: "event", event: "unsubscribe" },
        { type: "event", event: "handoffClosed" },
        { type: "httpResult", result: { ok: true, status: 200, body: {} } },
      ]),
    ).toMatchObject({ interactions: 2, silentDays: 40, isNew: true });
  });
});
