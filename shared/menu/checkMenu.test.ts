import { describe, expect, it } from "vitest";
import { checkMenu, menuPublishable } from "./checkMenu";
import type { MenuDocument, MenuTopButton } from "./schema";
import { toWechatMenu } from "./toWechatMenu";

const top = (over: Partial<MenuTopButton>): MenuTopButton => ({
  id: "b1",
  name: "按钮",
  children: [],
  ...over,
});
const menu = (...buttons: MenuTopButton[]): MenuDocument => ({ schemaVersion: 1, buttons });

const shop = menu(
  top({ id: "shop", name: "商品咨询", type: "click", key: "SHOP" }),
  top({
    id: "more",
    name: "更多",
    type: "click",
    key: "IGNORED",
    children: [
      { id: "site", name: "官网", type: "view", url: "https://shop.example.com/" },
      { id: "scan", name: "扫码查真伪", type: "scancode_waitmsg", key: "SCAN" },
      {
        id: "mini",
        name: "小程序商城",
        type: "miniprogram",
        appid: "wx286b93c14bbf93aa",
        pagepath: "pages/index",
        url: "https://shop.example.com/",
      },
    ],
  }),
);

const codes = (m: MenuDocument, claimed?: string[]) =>
  checkMenu(m, claimed ? { claimedClickKeys: new Set(claimed) } : {}).map((p) => [
    p.code,
    p.buttonId ?? "",
    p.field ?? "",
  ]);

describe("checkMenu", () => {
  it("finds nothing wrong with a menu WeChat accepts, and sends only the fields each type needs", () => {
    expect(checkMenu(shop, { claimedClickKeys: new Set(["SHOP"]) })).toEqual([]);
    const body = toWechatMenu(shop);
    expect(body).toEqual({
      button: [
        { type: "click", name: "商品咨询", key: "SHOP" },
        {
          name: "更多",
          sub_button: [
            { type: "view", name: "官网", url: "https://shop.example.com/" },
            { type: "scancode_waitmsg", name: "扫码查真伪", key: "SCAN" },
            {
              type: "miniprogram",
              name: "小程序商城",
              url: "https://shop.example.com/",
              appid: "wx286b93c14bbf93aa",
              pagepath: "pages/index",
            },
          ],
        },
      ],
    });
  });

  it("counts names in bytes: 16 on a top-level button (6 Chinese characters are too many), 60 below", () => {
    expect(codes(menu(top({ name: "一二三四五六", type: "click", key: "K" })))).toEqual([
      ["MENU_NAME_TOO_LONG", "b1", "name"],
    ]);
    expect(codes(menu(top({ name: "一二三四五a", type: "click", key: "K" })))).toEqual([]);
    const twenty = "一二三四五六七八九十一二三四五六七八九十";
    const parent = (name: string) =>
      menu(top({ name: "更多", children: [{ id: "c1", name, type: "click", key: "K" }] }));
    expect(codes(parent(twenty))).toEqual([]);
    expect(codes(parent(`${twenty}a`))).toEqual([["MENU_NAME_TOO_LONG", "c1", "name"]]);
    const [message] = checkMenu(menu(top({ name: "一二三四五六", type: "click", key: "K" })));
    expect(message?.message.zh).toBe(
      "菜单「一二三四五六」的名称有 18 字节，一级菜单最多 16 字节（约 5 个汉字）。",
    );
  });

  it("refuses what WeChat refuses, naming the button and the field", () => {
    const cases: Array<[MenuDocument, string[][]]> = [
      [menu(), [["MENU_EMPTY", "", "buttons"]]],
      [
        menu(...["a", "b", "c", "d"].map((id) => top({ id, name: id, type: "click", key: id }))),
        [["MENU_TOO_MANY_BUTTONS", "", "buttons"]],
      ],
      [
        menu(
          top({
            name: "更多",
            children: ["a", "b", "c", "d", "e", "f"].map((id) => ({
              id,
              name: id,
              type: "click" as const,
              key: id,
            })),
          }),
        ),
        [["MENU_TOO_MANY_CHILDREN", "b1", "children"]],
      ],
      [menu(top({ name: " ", type: "click", key: "K" })), [["MENU_NAME_EMPTY", "b1", "name"]]],
      [menu(top({})), [["MENU_TYPE_MISSING", "b1", "type"]]],
      [menu(top({ type: "click" })), [["MENU_KEY_MISSING", "b1", "key"]]],
      [menu(top({ type: "pic_weixin", key: "" })), [["MENU_KEY_MISSING", "b1", "key"]]],
      [menu(top({ type: "click", key: "k".repeat(129) })), [["MENU_KEY_TOO_LONG", "b1", "key"]]],
      [menu(top({ type: "view" })), [["MENU_URL_INVALID", "b1", "url"]]],
      [menu(top({ type: "view", url: "shop.example.com" })), [["MENU_URL_INVALID", "b1", "url"]]],
      [
        menu(top({ type: "view", url: `https://x.cn/${"a".repeat(1012)}` })),
        [["MENU_URL_INVALID", "b1", "url"]],
      ],
      [
        menu(top({ type: "miniprogram", url: "https://x.cn/" })),
        [
          ["MENU_MINIPROGRAM_INCOMPLETE", "b1", "appid"],
          ["MENU_MINIPROGRAM_INCOMPLETE", "b1", "pagepath"],
        ],
      ],
    ];
    for (const [m, expected] of cases) {
      expect(codes(m)).toEqual(expected);
      expect(menuPublishable(checkMenu(m))).toBe(false);
    }
    // A key of exactly 128 bytes and a URL of exactly 1024 bytes are fine.
    expect(codes(menu(top({ type: "click", key: "k".repeat(128) })))).toEqual([]);
    expect(codes(menu(top({ type: "view", url: `https://x.cn/${"a".repeat(1011)}` })))).toEqual([]);
  });

  it("names an unnamed button by its place, and a sub-button by its parent", () => {
    const m = menu(
      top({ id: "a", name: "客服", type: "click", key: "A" }),
      top({ id: "b", name: "服务", children: [{ id: "c", name: "", type: "click", key: "C" }] }),
      top({ id: "d", name: "", type: "view" }),
    );
    expect(checkMenu(m).map((p) => p.message.zh)).toEqual([
      "菜单「服务」下的第 1 个子菜单没有名称，粉丝会看到一个空白菜单。",
      "第 3 个一级菜单没有名称，粉丝会看到一个空白菜单。",
      "第 3 个一级菜单需要填写网页地址。",
    ]);
    expect(checkMenu(m).map((p) => p.message.en)).toEqual([
      'Sub-button 1 under button "服务" has no name; followers would see a blank button.',
      "Top-level button 3 has no name; followers would see a blank button.",
      "Top-level button 3 needs a page address.",
    ]);
  });

  it("warns about a key used twice and a click key no published flow answers, without blocking", () => {
    const m = menu(
      top({ id: "a", name: "商品", type: "click", key: "SHOP" }),
      top({ id: "b", name: "售后", type: "click", key: "AFTER" }),
      top({ id: "c", name: "再看看", type: "click", key: "SHOP" }),
    );
    expect(codes(m, ["SHOP"])).toEqual([
      ["MENU_DUPLICATE_KEY", "c", "key"],
      ["MENU_KEY_UNCLAIMED", "b", "key"],
    ]);
    expect(menuPublishable(checkMenu(m, { claimedClickKeys: new Set(["SHOP"]) }))).toBe(true);
    // Without knowing the flows, nothing is said about them.
    expect(codes(m)).toEqual([["MENU_DUPLICATE_KEY", "c", "key"]]);
    // Scan and photo keys come back as events flows may not claim: only click keys are checked.
    expect(codes(menu(top({ type: "scancode_push", key: "SCAN" })), [])).toEqual([]);
    // ... but a click button sharing a scan button's key is still checked.
    const shared = menu(
      top({ id: "a", name: "扫码", type: "scancode_push", key: "K" }),
      top({ id: "b", name: "商品", type: "click", key: "K" }),
    );
    expect(codes(shared, [])).toEqual([
      ["MENU_DUPLICATE_KEY", "b", "key"],
      ["MENU_KEY_UNCLAIMED", "b", "key"],
    ]);
  });
});
