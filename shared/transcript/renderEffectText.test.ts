// Effects show as `⟶` lines: what the host will do for this follower.
import { describe, expect, it } from "vitest";
import { renderEffectText } from "./renderEffectText";

describe("renderEffectText", () => {
  it("shows requests, handoffs and tag changes", () => {
    expect(
      renderEffectText({
        type: "http",
        requestId: "r",
        nodeId: "n",
        method: "POST",
        url: "https://example.com/a",
        headers: {},
        body: '{"a":1}',
        timeoutMs: 3000,
      }),
    ).toEqual(['⟶ HTTP POST https://example.com/a {"a":1}']);
    expect(
      renderEffectText({ type: "handoff", nodeId: "h", reason: "投诉", priority: "urgent" }),
    ).toEqual(["⟶ 转人工 (urgent): 投诉"]);
    expect(
      renderEffectText({
        type: "handoff",
        nodeId: "h",
        reason: "",
        priority: "normal",
        kfAccount: "kf1@x",
      }),
    ).toEqual(["⟶ 转人工 (normal) [kf1@x]: "]);
    expect(
      renderEffectText({ type: "tag", nodeId: "t", add: ["老客户"], remove: ["新客户"] }),
    ).toEqual(["⟶ 标签 +老客户 -新客户"]);
  });

  it("shows delayed messages indented under the delay", () => {
    expect(
      renderEffectText({
        type: "delayedSend",
        nodeId: "d",
        afterSeconds: 3600,
        replies: [{ nodeId: "d", flowId: "f", type: "text", text: "还在考虑吗？\n回复 1 下单" }],
      }),
    ).toEqual(["⟶ 3600 秒后发送:", "    还在考虑吗？", "    回复 1 下单"]);
  });
});
