// Replies look as WeChat shows them: links as their labels, news as a card, media as a placeholder.
import { describe, expect, it } from "vitest";
import { menuLinksOf, renderReplyText, renderWeChatText } from "./renderReplyText";

const at = { nodeId: "n", flowId: "f" };

describe("renderReplyText", () => {
  it("shows menu links as [label] and ordinary links as label (url)", () => {
    const text =
      '请选择：\n<a href="weixin://bizmsgmenu?msgmenucontent=%E6%BB%A1%E6%84%8F&msgmenuid=1">满意</a>\n' +
      '详情见<a href="https://example.com/a">活动页</a>';
    expect(renderReplyText({ ...at, type: "text", text })).toEqual([
      "请选择：",
      "[满意]",
      "详情见活动页 (https://example.com/a)",
    ]);
  });

  it("keeps numbered options and plain text as they are", () => {
    expect(renderWeChatText("您好\n1. 价格\n2. 门店")).toBe("您好\n1. 价格\n2. 门店");
  });

  it("renders news as a card and media as placeholders", () => {
    expect(
      renderReplyText({
        ...at,
        type: "news",
        articles: [{ title: "新品", description: "速干", url: "https://s.example.com/1" }],
      }),
    ).toEqual(["[图文] 新品 — 速干 (https://s.example.com/1)"]);
    expect(
      renderReplyText({ ...at, type: "news", articles: [{ title: "无简介", url: "u" }] }),
    ).toEqual(["[图文] 无简介 (u)"]);
    expect(renderReplyText({ ...at, type: "image", mediaId: "m1" })).toEqual(["[图片 m1]"]);
    expect(renderReplyText({ ...at, type: "voice", mediaId: "m2" })).toEqual(["[语音 m2]"]);
    expect(renderReplyText({ ...at, type: "video", mediaId: "m3", title: "教程" })).toEqual([
      "[视频 m3] 教程",
    ]);
  });
});

describe("menuLinksOf", () => {
  it("lists the menu links with their ids, in order", () => {
    const text =
      '<a href="weixin://bizmsgmenu?msgmenucontent=%E8%AF%BE%E7%A8%8B&msgmenuid=opt_course">课程</a>\n' +
      '<a href="weixin://bizmsgmenu?msgmenucontent=x&amp;msgmenuid=opt_service">售后</a>';
    expect(menuLinksOf(text)).toEqual([
      { id: "opt_course", label: "课程" },
      { id: "opt_service", label: "售后" },
    ]);
    expect(menuLinksOf("没有链接")).toEqual([]);
  });
});
