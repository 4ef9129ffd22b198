// The body of WeChat's POST /cgi-bin/menu/create for a menu that checkMenu found no error in.
import type { MenuAction, MenuDocument } from "./schema";
import { keyedMenuButtonTypes } from "./schema";

export interface WechatMenuButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  sub_button?: WechatMenuButton[];
}

export interface WechatMenuBody {
  button: WechatMenuButton[];
}

function action(button: MenuAction): WechatMenuButton {
  const out: WechatMenuButton = { type: button.type, name: button.name };
  if (button.type && keyedMenuButtonTypes.has(button.type)) out.key = button.key;
  if (button.type === "view") out.url = button.url;
  if (button.type === "miniprogram") {
    out.url = button.url;
    out.appid = button.appid;
    out.pagepath = button.pagepath;
  }
  return out;
}

/** Only the fields WeChat reads for each type go out; a parent's own action is left behind. */
export function toWechatMenu(menu: MenuDocument): WechatMenuBody {
  return {
    button: menu.buttons.map((top) =>
      top.children.length > 0
        ? { name: top.name, sub_button: top.children.map(action) }
        : action(top),
    ),
  };
}
