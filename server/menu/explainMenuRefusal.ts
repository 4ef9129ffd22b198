// What WeChat's refusal of /cgi-bin/menu/create means for the marketer, in words, by errcode.
import { explainErrcode } from "../wechat/apiError";

interface Bilingual {
  zh: string;
  en: string;
}

const button = (zh: string, en: string): Bilingual => ({
  zh: `${zh}：请按菜单检查修改后再发布。`,
  en: `${en}: fix it as the menu check says, then publish again.`,
});

/** The menu-specific codes; the rest fall back to the general explanations, then to the code itself. */
const MENU_EXPLANATIONS: Record<number, Bilingual> = {
  48001: {
    zh: "公众号没有自定义菜单接口权限：未认证的订阅号不能通过接口设置菜单。请先完成微信认证，或在公众号后台手动设置菜单。",
    en: "The account has no custom-menu API permission: unverified subscription accounts cannot set a menu through the API. Verify the account first, or set the menu by hand in the WeChat admin console.",
  },
  40016: button("一级菜单的个数不对（须为 1–3 个）", "Wrong number of top-level buttons (1–3)"),
  40017: button("一级菜单的类型不对", "A top-level button has an invalid type"),
  40018: button(
    "一级菜单的名称长度不对（1–16 字节）",
    "A top-level button name has the wrong length (1–16 bytes)",
  ),
  40019: button(
    "一级菜单的事件键长度不对（1–128 字节）",
    "A top-level button key has the wrong length (1–128 bytes)",
  ),
  40020: button(
    "一级菜单的网页地址长度不对（1–1024 字节）",
    "A top-level button URL has the wrong length (1–1024 bytes)",
  ),
  40021: button("菜单版本号不对", "Invalid menu version"),
  40022: button("子菜单的层级不对（只能有两级）", "Invalid sub-menu level (two levels at most)"),
  40023: button("子菜单的个数不对（每组 1–5 个）", "Wrong number of sub-buttons (1–5 each)"),
  40024: button("子菜单的类型不对", "A sub-button has an invalid type"),
  40025: button(
    "子菜单的名称长度不对（1–60 字节）",
    "A sub-button name has the wrong length (1–60 bytes)",
  ),
  40026: button(
    "子菜单的事件键长度不对（1–128 字节）",
    "A sub-button key has the wrong length (1–128 bytes)",
  ),
  40027: button(
    "子菜单的网页地址长度不对（1–1024 字节）",
    "A sub-button URL has the wrong length (1–1024 bytes)",
  ),
};

export function explainMenuRefusal(errcode: number, errmsg: string): Bilingual {
  const known = MENU_EXPLANATIONS[errcode] ?? explainErrcode(errcode);
  const zh = `微信拒绝了菜单（错误码 ${errcode}：${errmsg}）`;
  const en = `WeChat refused the menu (errcode ${errcode}: ${errmsg})`;
  return known ? { zh: `${zh}。${known.zh}`, en: `${en}. ${known.en}` } : { zh, en };
}
