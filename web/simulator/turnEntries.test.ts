// Long text in the simulator: the pieces, their channel and quota, as the runtime would send them.
import { describe, expect, it } from "vitest";
import { createFollowerView, type Reply } from "../../shared/engine";
import { splitText } from "../../shared/wechat";
import type { ChatEntry } from "./chatEntry";
import { emptyWindow } from "./serviceWindow";
import { placeReplies, renderStep, type TurnState } from "./turnEntries";

const AT = Date.parse("2025-03-10T10:00:00+08:00");

function text(value: string): Reply {
  return { nodeId: "n1", flowId: "f1", type: "text", text: value };
}

function turn(): TurnState {
  return { window: { ...emptyWindow, lastMessageAt: AT }, passiveUsed: false };
}

function shown(entries: ChatEntry[]) {
  return entries.map((e) =>
    e.kind === "account"
      ? {
          text: e.reply.type === "text" ? e.reply.text : e.reply.type,
          channel: e.channel,
          verdict: e.window ? (e.window.ok ? `${e.window.used}/5` : e.window.reason) : undefined,
          split: e.split,
        }
      : e.kind,
  );
}

describe("placeReplies", () => {
  it("keeps a short text as one unmarked bubble", () => {
    expect(shown(placeReplies(text("你好"), AT, turn()))).toEqual([
      { text: "你好", channel: "passive", verdict: undefined, split: undefined },
    ]);
  });

  it("shows every piece of a 7-message text, and that WeChat refuses the pieces past the quota of 5", () => {
    const long = "长".repeat(682 * 7); // 7 pieces of 2046 bytes
    const pieces = splitText(long);
    expect(pieces).toHaveLength(7);
    const entries = shown(placeReplies(text(long), AT, turn()));
    expect(entries.map((e) => typeof e === "object" && e.text)).toEqual(pieces);
    expect(entries.map((e) => typeof e === "object" && e.verdict)).toEqual([
      undefined,
      "1/5",
      "2/5",
      "3/5",
      "4/5",
      "5/5",
      "quota48h",
    ]);
    expect(entries.map((e) => typeof e === "object" && e.split)).toEqual(
      pieces.map((_, i) => ({ index: i + 1, count: 7 })),
    );
  });

  it("sends every piece by the customer-service API after a transfer or with a delay", () => {
    const long = "x".repeat(3000);
    const afterTransfer = { ...turn(), passiveUsed: true };
    expect(
      placeReplies(text(long), AT, afterTransfer).map((e) => e.kind === "account" && e.channel),
    ).toEqual(["custom", "custom"]);
    const delayed = placeReplies(text(long), AT, turn(), 30);
    expect(delayed.map((e) => e.kind === "account" && [e.channel, e.delaySeconds])).toEqual([
      ["custom", 30],
      ["custom", 30],
    ]);
  });
});

describe("renderStep", () => {
  it("shows a grey line where a promotional node was withheld, between the replies around it", () => {
    const entries = renderStep(
      {
        session: null,
        replies: [text("欢迎"), { ...text("还有什么可以帮您？"), nodeId: "n3" }],
        effects: [],
        trace: [
          { type: "node", flowId: "f1", nodeId: "n1" },
          { type: "node", flowId: "f1", nodeId: "promo" },
          { type: "withheld", flowId: "f1", nodeId: "promo", reason: "promotionalAtNight" },
          { type: "node", flowId: "f1", nodeId: "n3" },
        ],
        follower: createFollowerView("o"),
      },
      AT,
      turn(),
    );
    expect(
      entries.map((e) =>
        e.kind === "system" ? [e.line, e.nodeId] : e.kind === "account" ? e.channel : e.kind,
      ),
    ).toEqual(["passive", [{ code: "withheld", reason: "promotionalAtNight" }, "promo"], "custom"]);
  });
});
