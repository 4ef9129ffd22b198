// The publish button's state: the reason it is disabled, and whether the draft differs from WeChat's menu.
import { describe, expect, it } from "vitest";
import { checkMenu, type MenuDocument } from "../../shared/menu";
import { draftDiffers, publishBlocker } from "./publishState";

const good: MenuDocument = {
  schemaVersion: 1,
  buttons: [{ id: "a", name: "商品", type: "click", key: "SHOP", children: [] }],
};
const tooLong: MenuDocument = {
  schemaVersion: 1,
  buttons: [{ id: "a", name: "商品咨询与售后服务", type: "click", key: "SHOP", children: [] }],
};

const base = { wechatConfigured: true, saveStatus: "saved" as const, conflict: false };

describe("publishBlocker", () => {
  it("lets a menu without errors go, warnings included", () => {
    const problems = checkMenu(good, { claimedClickKeys: new Set() });
    expect(problems.map((p) => p.severity)).toEqual(["warning"]);
    expect(publishBlocker({ ...base, problems })).toBeNull();
  });

  it("counts the errors, and puts them before the server's missing WeChat settings", () => {
    const problems = checkMenu(tooLong);
    expect(publishBlocker({ ...base, problems })).toEqual({ reason: "errors", count: 1 });
    expect(publishBlocker({ ...base, problems, wechatConfigured: false })).toEqual({
      reason: "errors",
      count: 1,
    });
    expect(publishBlocker({ ...base, problems: [], wechatConfigured: false })).toEqual({
      reason: "notConfigured",
    });
  });

  it("blocks while the draft cannot be saved or another tab saved in between", () => {
    expect(publishBlocker({ ...base, problems: [], conflict: true })).toEqual({
      reason: "conflict",
    });
    expect(publishBlocker({ ...base, problems: [], saveStatus: "invalid" })).toEqual({
      reason: "invalid",
    });
  });
});

describe("draftDiffers", () => {
  it("ignores ids and a parent's unused action, but not a name or an order", () => {
    const renamedIds: MenuDocument = {
      schemaVersion: 1,
      buttons: [{ id: "zz", name: "商品", type: "click", key: "SHOP", children: [] }],
    };
    expect(draftDiffers(renamedIds, good)).toBe(false);
    expect(draftDiffers(tooLong, good)).toBe(true);
    const parent = (type?: "click" | "view"): MenuDocument => ({
      schemaVersion: 1,
      buttons: [
        {
          id: "p",
          name: "更多",
          type,
          key: "OLD",
          children: [
            { id: "c1", name: "一", type: "click", key: "ONE" },
            { id: "c2", name: "二", type: "click", key: "TWO" },
          ],
        },
      ],
    });
    expect(draftDiffers(parent("click"), parent(undefined))).toBe(false);
    const swapped = parent("click");
    swapped.buttons[0]!.children.reverse();
    expect(draftDiffers(swapped, parent("click"))).toBe(true);
  });
});
