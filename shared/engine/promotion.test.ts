import { describe, expect, it } from "vitest";
import type { FlowInput } from "../schema";
import { AD_LABEL, isNight, MINOR_TAG } from "./promotion";
import { Chat, catalogOf, edges, makeFlow } from "./testKit";

const start = { id: "go", type: "keyword", match: "exact", pattern: "go" };

/** Unix ms at `hh:mm` local time on 2026-01-05 in China (UTC+8). */
const cn = (hh: number, mm: number) => Date.UTC(2026, 0, 5, hh - 8, mm);

function promoFlow(promo: Record<string, unknown> = {}, settings?: FlowInput["settings"]) {
  return makeFlow({
    triggers: [start],
    variables: [{ name: "v" }],
    ...(settings ? { settings } : {}),
    nodes: [
      {
        id: "promo",
        kind: "message",
        promotional: true,
        messages: [
          { type: "text", text: "双十一全场五折" },
          { type: "image", mediaId: "MID" },
          { type: "news", articles: [{ title: "新品上市", url: "https://e.com" }] },
        ],
        ...promo,
      },
      { id: "after", kind: "message", messages: [{ type: "text", text: "还有什么可以帮您？" }] },
      { id: "ask", kind: "question", prompt: "请回复 1", answer: { type: "input", variable: "v" } },
    ],
    edges: edges("promo->after", "after->ask"),
  });
}

/** Sends "go" so that the step runs at `at`. */
function sendAt(at: number, tags: string[], flow = promoFlow()) {
  const chat = new Chat(catalogOf(flow), { tags });
  chat.now = at - 60_000;
  return chat.send("go");
}

describe("promotional message nodes", () => {
  it("label texts and article titles 【广告】; pictures carry no text", () => {
    const r = sendAt(cn(10, 0), []);
    expect(r.replies).toEqual([
      { nodeId: "promo", flowId: "f", type: "text", text: "【广告】双十一全场五折" },
      { nodeId: "promo", flowId: "f", type: "image", mediaId: "MID" },
      {
        nodeId: "promo",
        flowId: "f",
        type: "news",
        articles: [{ title: "【广告】新品上市", url: "https://e.com" }],
      },
      { nodeId: "after", flowId: "f", type: "text", text: "还有什么可以帮您？" },
      { nodeId: "ask", flowId: "f", type: "text", text: "请回复 1" },
    ]);
  });

  it("label a video's title when it has one", () => {
    const flow = promoFlow({
      messages: [
        { type: "video", mediaId: "V", title: "开箱" },
        { type: "video", mediaId: "V2" },
      ],
    });
    const r = sendAt(cn(10, 0), [], flow);
    expect(r.replies.slice(0, 2)).toEqual([
      { nodeId: "promo", flowId: "f", type: "video", mediaId: "V", title: "【广告】开箱" },
      { nodeId: "promo", flowId: "f", type: "video", mediaId: "V2" },
    ]);
  });

  it("do not label twice what the marketer labelled, nor a text that came out empty", () => {
    const flow = promoFlow({
      messages: [
        { type: "text", text: "【广告】限时优惠" },
        { type: "text", text: "  广告：新店开业" },
        { type: "text", text: "[广告] 会员日" },
        { type: "text", text: "{{missing}}" },
        { type: "news", articles: [{ title: "【广告】新品", url: "u" }] },
      ],
    });
    const r = sendAt(cn(10, 0), [], flow);
    expect(r.replies.filter((x) => x.nodeId === "promo")).toEqual([
      { nodeId: "promo", flowId: "f", type: "text", text: "【广告】限时优惠" },
      { nodeId: "promo", flowId: "f", type: "text", text: "  广告：新店开业" },
      { nodeId: "promo", flowId: "f", type: "text", text: "[广告] 会员日" },
      {
        nodeId: "promo",
        flowId: "f",
        type: "news",
        articles: [{ title: "【广告】新品", url: "u" }],
      },
    ]);
  });

  it("leave a message node that is not promotional as it was", () => {
    const r = sendAt(cn(23, 0), [MINOR_TAG], promoFlow({ promotional: false }));
    expect(r.replies[0]).toMatchObject({ type: "text", text: "双十一全场五折" });
    expect(r.trace.some((t) => t.type === "withheld")).toBe(false);
  });

  it.each([
    [21, 59, true],
    [22, 0, false],
    [3, 0, false],
    [5, 59, false],
    [6, 0, true],
  ])("to a minor at %i:%i China time: sent = %s", (hh, mm, sent) => {
    const r = sendAt(cn(hh, mm), ["vip", MINOR_TAG]);
    const promo = r.replies.filter((x) => x.nodeId === "promo");
    expect(promo.length).toBe(sent ? 3 : 0);
    expect(r.trace.some((t) => t.type === "withheld")).toBe(!sent);
    // Either way the flow goes on: the next message and the question.
    expect(r.replies.slice(-2).map((x) => x.nodeId)).toEqual(["after", "ask"]);
    expect(r.session).toMatchObject({ status: "active", nodeId: "ask" });
  });

  it("record the withheld node in the trace, in place of its messages", () => {
    const r = sendAt(cn(23, 30), [MINOR_TAG]);
    expect(r.trace).toContainEqual({
      type: "withheld",
      flowId: "f",
      nodeId: "promo",
      reason: "promotionalAtNight",
    });
    expect(r.trace.some((t) => t.type === "node" && t.nodeId === "promo")).toBe(true);
    expect(r.effects).toEqual([]);
  });

  it("send to a follower without the minor tag at night, labelled", () => {
    const r = sendAt(cn(23, 30), ["未成年人家长", "vip"]);
    expect(r.replies[0]).toMatchObject({ type: "text", text: `${AD_LABEL}双十一全场五折` });
    expect(r.trace.some((t) => t.type === "withheld")).toBe(false);
  });

  it("count the night in the flow's own time zone", () => {
    const utc = promoFlow({}, { sessionTimeoutMinutes: 30, utcOffsetMinutes: 0 });
    // 23:00 in China is 15:00 UTC: day for a flow on UTC.
    expect(sendAt(cn(23, 0), [MINOR_TAG], utc).replies).toHaveLength(5);
    // 10:00 in China is 2:00 UTC: night for it.
    expect(sendAt(cn(10, 0), [MINOR_TAG], utc).replies).toHaveLength(2);
    expect(isNight(Date.UTC(2026, 0, 5, 22, 0), 0)).toBe(true);
    expect(isNight(Date.UTC(2026, 0, 5, 21, 59), 0)).toBe(false);
  });

  it("see a minor tag set earlier in the same walk", () => {
    const flow = makeFlow({
      triggers: [start],
      nodes: [
        { id: "tag", kind: "tag", add: [MINOR_TAG] },
        {
          id: "promo",
          kind: "message",
          promotional: true,
          messages: [{ type: "text", text: "促销" }],
        },
      ],
      edges: edges("tag->promo"),
    });
    const r = sendAt(cn(22, 30), [], flow);
    expect(r.replies).toEqual([]);
    expect(r.trace).toContainEqual(expect.objectContaining({ type: "withheld", nodeId: "promo" }));
    expect(r.session?.status).toBe("done");
  });

  it("judge a delayed send at the time it is due, not when it is scheduled", () => {
    const delayed = promoFlow({ delaySeconds: 600 });
    // Scheduled at 21:50, due at 22:00: withheld, no delayedSend.
    const night = sendAt(cn(21, 50), [MINOR_TAG], delayed);
    expect(night.effects).toEqual([]);
    expect(night.trace).toContainEqual(expect.objectContaining({ type: "withheld" }));
    // Scheduled at 5:50, due at 6:00: sent later, labelled.
    const morning = sendAt(cn(5, 50), [MINOR_TAG], delayed);
    expect(morning.effects).toHaveLength(1);
    expect(morning.effects[0]).toMatchObject({
      type: "delayedSend",
      afterSeconds: 600,
      replies: [
        { type: "text", text: "【广告】双十一全场五折" },
        { type: "image" },
        { type: "news" },
      ],
    });
  });
});
