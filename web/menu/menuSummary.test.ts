// The summary line of a published menu version, in both languages.
import { describe, expect, it } from "vitest";
import type { MenuDocument } from "../../shared/menu";
import i18n from "../i18n";
import { menuSummary } from "./menuSummary";

const zh = i18n.getFixedT("zh", "menu");
const en = i18n.getFixedT("en", "menu");

const menu: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    { id: "a", name: "课程咨询", type: "click", key: "COURSE", children: [] },
    {
      id: "b",
      name: "更多",
      children: [
        { id: "c", name: "官网", type: "view", url: "https://x.cn/" },
        { id: "d", name: "客服", type: "click", key: "HELP" },
        { id: "e", name: "扫码", type: "scancode_push", key: "SCAN" },
      ],
    },
    { id: "f", name: "", type: "click", key: "X", children: [] },
  ],
};
const oneChild: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    {
      id: "b",
      name: "More",
      children: [{ id: "c", name: "Site", type: "view", url: "https://x" }],
    },
  ],
};

describe("menuSummary", () => {
  it("names each top-level button and counts sub-buttons, unnamed ones said so", () => {
    expect(menuSummary(menu, zh)).toBe("「课程咨询」「更多（3 个子菜单）」「未命名」");
    expect(menuSummary(menu, en)).toBe("“课程咨询”, “更多 (3 sub-buttons)”, “Unnamed”");
    expect(menuSummary(oneChild, en)).toBe("“More (1 sub-button)”");
  });

  it("says when a menu has no buttons", () => {
    const empty: MenuDocument = { schemaVersion: 1, buttons: [] };
    expect(menuSummary(empty, zh)).toBe("（空菜单）");
    expect(menuSummary(empty, en)).toBe("(empty menu)");
  });
});
