// Reply text with WeChat links: menu links become options the phone can click.
import { describe, expect, it } from "vitest";
import { textParts } from "./richText";

describe("textParts", () => {
  it("finds menu links and plain links among the text", () => {
    expect(
      textParts(
        '请选择：\n<a href="weixin://bizmsgmenu?msgmenucontent=%E8%AF%BE%E7%A8%8B&amp;msgmenuid=opt_course">课程</a>\n看 <a href="https://x.test">官网</a>',
      ),
    ).toEqual([
      { kind: "text", text: "请选择：\n" },
      { kind: "menu", label: "课程", id: "opt_course" },
      { kind: "text", text: "\n看 " },
      { kind: "link", label: "官网", href: "https://x.test" },
    ]);
  });

  it("keeps text without links as one run", () => {
    expect(textParts("1. 新品")).toEqual([{ kind: "text", text: "1. 新品" }]);
  });
});
