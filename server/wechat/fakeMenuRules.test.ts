import { describe, expect, it } from "vitest";
import { validateMenu } from "./fakeMenuRules";

const click = (name: string, key = "K") => ({ type: "click", name, key });
const code = (menu: unknown) => validateMenu(menu)?.errcode ?? 0;

describe("validateMenu", () => {
  it("accepts WeChat's documented example", () => {
    expect(
      validateMenu({
        button: [
          { type: "click", name: "今日歌曲", key: "V1001_TODAY_MUSIC" },
          {
            name: "菜单",
            sub_button: [
              { type: "view", name: "搜索", url: "http://www.soso.com/" },
              {
                type: "miniprogram",
                name: "wxa",
                url: "http://mp.weixin.qq.com",
                appid: "wx286b93c14bbf93aa",
                pagepath: "pages/lunar/index",
              },
              { type: "click", name: "赞一下我们", key: "V1001_GOOD" },
            ],
          },
        ],
      }),
    ).toBeNull();
  });

  it("needs 1 to 3 top-level buttons (40016)", () => {
    expect(code({ button: [] })).toBe(40016);
    expect(code({ button: [click("a"), click("b"), click("c"), click("d")] })).toBe(40016);
    expect(code({})).toBe(40016);
  });

  it("needs 1 to 5 sub-buttons (40023)", () => {
    expect(
      code({ button: [{ name: "m", sub_button: [1, 2, 3, 4, 5, 6].map((i) => click(`s${i}`)) }] }),
    ).toBe(40023);
    expect(code({ button: [{ name: "m", sub_button: "x" }] })).toBe(40023);
  });

  it("limits names to 16 bytes at the top and 60 below (40018 / 40025)", () => {
    expect(code({ button: [click("一二三四五")] })).toBe(0); // 15 bytes
    expect(code({ button: [click("一二三四五六")] })).toBe(40018); // 18 bytes
    expect(code({ button: [{ name: "一二三四五六", sub_button: [click("s")] }] })).toBe(40018);
    expect(code({ button: [{ name: "m", sub_button: [click("长".repeat(20))] }] })).toBe(0);
    expect(code({ button: [{ name: "m", sub_button: [click("长".repeat(21))] }] })).toBe(40025);
  });

  it("checks types, keys and urls (40017 / 40019 / 40020 and the sub-button codes)", () => {
    expect(code({ button: [{ type: "fax", name: "a" }] })).toBe(40017);
    expect(code({ button: [{ name: "a" }] })).toBe(40017);
    expect(code({ button: [click("a", "k".repeat(129))] })).toBe(40019);
    expect(
      code({ button: [{ type: "view", name: "a", url: `https://${"u".repeat(1020)}` }] }),
    ).toBe(40020);
    expect(code({ button: [{ name: "m", sub_button: [{ type: "fax", name: "s" }] }] })).toBe(40024);
    expect(code({ button: [{ name: "m", sub_button: [{ type: "click", name: "s" }] }] })).toBe(
      40026,
    );
    expect(code({ button: [{ name: "m", sub_button: [{ type: "view", name: "s" }] }] })).toBe(
      40027,
    );
    expect(code({ button: [{ type: "media_id", name: "a" }] })).toBe(40007);
  });

  it("says which button is wrong", () => {
    expect(
      validateMenu({ button: [click("ok"), { name: "m", sub_button: [click("s", "")] }] })?.errmsg,
    ).toContain("button[1].sub_button[0]");
  });
});
