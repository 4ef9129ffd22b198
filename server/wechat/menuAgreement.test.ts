// The editor's menu check and the fake WeChat API's rules must refuse the same menus: otherwise a
// menu the editor lets through would fail only when published.
import { describe, expect, it } from "vitest";
import {
  checkMenu,
  type MenuDocument,
  type MenuTopButton,
  menuPublishable,
  toWechatMenu,
} from "../../shared/menu";
import { validateMenu } from "./fakeMenuRules";

const top = (over: Partial<MenuTopButton>): MenuTopButton => ({
  id: "b1",
  name: "按钮",
  children: [],
  ...over,
});
const menu = (...buttons: MenuTopButton[]): MenuDocument => ({ schemaVersion: 1, buttons });

describe("the menu check and the fake WeChat API", () => {
  it("accept the same full menu", () => {
    const m = menu(
      top({ id: "shop", name: "商品咨询", type: "click", key: "SHOP" }),
      top({
        id: "more",
        name: "更多",
        children: [
          { id: "site", name: "官网", type: "view", url: "https://shop.example.com/" },
          { id: "scan", name: "扫码查真伪", type: "scancode_waitmsg", key: "SCAN" },
          { id: "photo", name: "拍照反馈", type: "pic_photo_or_album", key: "PHOTO" },
          { id: "where", name: "发送位置", type: "location_select", key: "WHERE" },
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
    expect(checkMenu(m)).toEqual([]);
    expect(validateMenu(toWechatMenu(m))).toBeNull();
  });

  it("refuse the same broken menus", () => {
    const refused: MenuDocument[] = [
      menu(),
      menu(...["a", "b", "c", "d"].map((id) => top({ id, name: id, type: "click", key: id }))),
      menu(top({ name: "一二三四五六", type: "click", key: "K" })),
      menu(top({ type: "click" })),
      menu(top({ type: "click", key: "k".repeat(129) })),
      menu(top({ type: "view" })),
      menu(top({ type: "miniprogram", url: "https://x.cn/" })),
    ];
    for (const m of refused) {
      expect(menuPublishable(checkMenu(m))).toBe(false);
      expect(validateMenu(toWechatMenu(m))).not.toBeNull();
    }
  });
});
