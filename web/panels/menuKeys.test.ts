// The saved menu as choices for a click trigger: paths, parents, picker types, missing keys, no menu.
import { describe, expect, it } from "vitest";
import { emptyMenu, type MenuDocument } from "../../shared/menu";
import { buttonsWithKey, menuKeyChoices, menuPath } from "./menuKeys";

const menu: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    { id: "b_price", name: "价格", type: "click", key: "MENU_PRICE", children: [] },
    {
      id: "b_more",
      name: "更多",
      // A parent's own action is kept while it has children, but a follower cannot press it.
      type: "click",
      key: "MENU_MORE",
      children: [
        { id: "s_course", name: "课程顾问", type: "click", key: "MENU_COURSE" },
        { id: "s_site", name: "官网", type: "view", url: "https://example.com/" },
        { id: "s_scan", name: "扫码查真伪", type: "scancode_waitmsg", key: "SCAN_CHECK" },
        { id: "s_blank", name: "未填", type: "click", key: "" },
        { id: "s_untyped", name: "未选", key: "LEFTOVER" },
        { id: "s_course2", name: "再次咨询", type: "click", key: "MENU_COURSE" },
      ],
    },
    { id: "b_mini", name: "小程序", type: "miniprogram", appid: "wx1", children: [] },
  ],
};

describe("menuKeyChoices", () => {
  const choices = menuKeyChoices(menu);

  it("lists keyed buttons by their path, in menu order, with their type", () => {
    expect(choices.map((c) => [menuPath(c), c.key, c.type])).toEqual([
      ["价格", "MENU_PRICE", "click"],
      ["更多 › 课程顾问", "MENU_COURSE", "click"],
      ["更多 › 扫码查真伪", "SCAN_CHECK", "scancode_waitmsg"],
      ["更多 › 再次咨询", "MENU_COURSE", "click"],
    ]);
    expect(choices[1]?.buttonId).toBe("s_course");
  });

  it("leaves out a parent with children, links, mini programs, and buttons without a key or type", () => {
    const keys = choices.map((c) => c.key);
    expect(keys).not.toContain("MENU_MORE");
    expect(keys).not.toContain("LEFTOVER");
    expect(keys).not.toContain("");
    expect(choices.map((c) => c.buttonId)).not.toContain("b_mini");
  });

  it("counts a parent's own action once its last child is gone", () => {
    const bare: MenuDocument = {
      schemaVersion: 1,
      buttons: [{ id: "b", name: "更多", type: "click", key: "MENU_MORE", children: [] }],
    };
    expect(menuKeyChoices(bare).map(menuPath)).toEqual(["更多"]);
  });

  it("is empty for the empty menu", () => {
    expect(menuKeyChoices(emptyMenu())).toEqual([]);
  });
});

describe("buttonsWithKey", () => {
  const choices = menuKeyChoices(menu);

  it("finds every button that sends the key, exactly", () => {
    expect(buttonsWithKey(choices, "MENU_COURSE").map(menuPath)).toEqual([
      "更多 › 课程顾问",
      "更多 › 再次咨询",
    ]);
    expect(buttonsWithKey(choices, "SCAN_CHECK").map(menuPath)).toEqual(["更多 › 扫码查真伪"]);
  });

  it("finds nothing for a key no button has, a near miss or the parent's unused key", () => {
    expect(buttonsWithKey(choices, "MENU_NOPE")).toEqual([]);
    expect(buttonsWithKey(choices, "menu_course")).toEqual([]);
    expect(buttonsWithKey(choices, "MENU_MORE")).toEqual([]);
    expect(buttonsWithKey([], "MENU_PRICE")).toEqual([]);
  });
});
