// What WeChat would refuse in a menu (errors: publishing is refused) and what is probably a mistake
// (warnings). Every problem names the button, in Chinese and English, and the field to fix.
import { utf8Length } from "../wechat/textLimit";
import {
  keyedMenuButtonTypes,
  MENU_LIMITS,
  type MenuAction,
  type MenuDocument,
  type MenuTopButton,
} from "./schema";

export const menuProblemCatalog = {
  MENU_EMPTY: { severity: "error", title: { zh: "菜单为空", en: "Menu has no buttons" } },
  MENU_TOO_MANY_BUTTONS: {
    severity: "error",
    title: { zh: "一级菜单过多", en: "Too many top-level buttons" },
  },
  MENU_TOO_MANY_CHILDREN: {
    severity: "error",
    title: { zh: "子菜单过多", en: "Too many sub-buttons" },
  },
  MENU_NAME_EMPTY: { severity: "error", title: { zh: "菜单没有名称", en: "Button has no name" } },
  MENU_NAME_TOO_LONG: {
    severity: "error",
    title: { zh: "菜单名称过长", en: "Button name too long" },
  },
  MENU_TYPE_MISSING: {
    severity: "error",
    title: { zh: "菜单没有选择动作", en: "Button has no action" },
  },
  MENU_KEY_MISSING: {
    severity: "error",
    title: { zh: "菜单缺少事件键", en: "Button key missing" },
  },
  MENU_KEY_TOO_LONG: {
    severity: "error",
    title: { zh: "事件键过长", en: "Button key too long" },
  },
  MENU_URL_INVALID: {
    severity: "error",
    title: { zh: "网页地址无效", en: "Invalid page address" },
  },
  MENU_MINIPROGRAM_INCOMPLETE: {
    severity: "error",
    title: { zh: "小程序信息不完整", en: "Mini program incomplete" },
  },
  MENU_DUPLICATE_KEY: {
    severity: "warning",
    title: { zh: "事件键重复", en: "Duplicate button key" },
  },
  MENU_KEY_UNCLAIMED: {
    severity: "warning",
    title: { zh: "没有流程响应此菜单", en: "No flow answers this button" },
  },
} as const;

export type MenuProblemCode = keyof typeof menuProblemCatalog;

export interface MenuProblem {
  code: MenuProblemCode;
  severity: "error" | "warning";
  /** The button the problem is about; absent for the menu as a whole. */
  buttonId?: string;
  /** The field to fix: name, type, key, url, appid, pagepath, children (or buttons for the menu). */
  field?: string;
  message: { zh: string; en: string };
}

export interface CheckMenuOptions {
  /**
   * The CLICK keys that some flow's click trigger answers. When given, a click button whose key no
   * flow answers is a warning: the follower's tap would go to the fallback flow, or get no reply.
   */
  claimedClickKeys?: ReadonlySet<string>;
}

interface Place {
  button: MenuAction;
  /** 1-based position among its siblings. */
  index: number;
  parent?: MenuTopButton;
}

function label(place: Place): { zh: string; en: string } {
  const { button, index, parent } = place;
  if (button.name.trim()) return { zh: `菜单「${button.name}」`, en: `button "${button.name}"` };
  if (parent) {
    const p = label({ button: parent, index: 0 });
    return {
      zh: `${p.zh}下的第 ${index} 个子菜单`,
      en: `sub-button ${index} under ${p.en}`,
    };
  }
  return { zh: `第 ${index} 个一级菜单`, en: `top-level button ${index}` };
}

const capital = (text: string) => `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;

function problem(
  code: MenuProblemCode,
  at: { buttonId?: string; field?: string },
  zh: string,
  en: string,
): MenuProblem {
  return { code, severity: menuProblemCatalog[code].severity, ...at, message: { zh, en } };
}

const isWebAddress = (url: string) => /^https?:\/\/[^\s/]+\S*$/i.test(url);

function checkUrl(place: Place, field: "url", what: { zh: string; en: string }): MenuProblem[] {
  const url = (place.button[field] ?? "").trim();
  const name = label(place);
  const at = { buttonId: place.button.id, field };
  if (!url) {
    return [
      problem(
        "MENU_URL_INVALID",
        at,
        `${name.zh}需要填写${what.zh}。`,
        `${capital(name.en)} needs ${what.en}.`,
      ),
    ];
  }
  if (!isWebAddress(url)) {
    return [
      problem(
        "MENU_URL_INVALID",
        at,
        `${name.zh}的${what.zh}须以 http:// 或 https:// 开头。`,
        `The ${what.en} of ${name.en} must start with http:// or https://.`,
      ),
    ];
  }
  const bytes = utf8Length(url);
  if (bytes > MENU_LIMITS.urlBytes) {
    return [
      problem(
        "MENU_URL_INVALID",
        at,
        `${name.zh}的${what.zh}有 ${bytes} 字节，超过微信 ${MENU_LIMITS.urlBytes} 字节的上限。`,
        `The ${what.en} of ${name.en} is ${bytes} bytes, over WeChat's ${MENU_LIMITS.urlBytes}-byte limit.`,
      ),
    ];
  }
  return [];
}

function checkAction(place: Place): MenuProblem[] {
  const { button } = place;
  const name = label(place);
  const at = (field: string) => ({ buttonId: button.id, field });
  if (!button.type) {
    return [
      problem(
        "MENU_TYPE_MISSING",
        at("type"),
        `${name.zh}还没有选择点击后做什么，或者给它添加子菜单。`,
        `Choose what ${name.en} does when tapped, or give it sub-buttons.`,
      ),
    ];
  }
  if (keyedMenuButtonTypes.has(button.type)) {
    const key = button.key ?? "";
    if (!key.trim()) {
      return [
        problem(
          "MENU_KEY_MISSING",
          at("key"),
          `${name.zh}需要一个事件键，流程用它识别这个菜单。`,
          `${capital(name.en)} needs a key: flows recognise the button by it.`,
        ),
      ];
    }
    const bytes = utf8Length(key);
    if (bytes > MENU_LIMITS.keyBytes) {
      return [
        problem(
          "MENU_KEY_TOO_LONG",
          at("key"),
          `${name.zh}的事件键有 ${bytes} 字节，超过微信 ${MENU_LIMITS.keyBytes} 字节的上限。`,
          `The key of ${name.en} is ${bytes} bytes, over WeChat's ${MENU_LIMITS.keyBytes}-byte limit.`,
        ),
      ];
    }
    return [];
  }
  if (button.type === "view")
    return checkUrl(place, "url", { zh: "网页地址", en: "a page address" });
  // miniprogram: WeChat needs the AppID and page, and a web page for clients without mini programs.
  const missing: Array<{ field: string; zh: string; en: string }> = [];
  if (!button.appid?.trim()) missing.push({ field: "appid", zh: "小程序 AppID", en: "AppID" });
  if (!button.pagepath?.trim())
    missing.push({ field: "pagepath", zh: "小程序页面路径", en: "page path" });
  const problems = missing.map((m) =>
    problem(
      "MENU_MINIPROGRAM_INCOMPLETE",
      at(m.field),
      `${name.zh}需要填写${m.zh}。`,
      `${capital(name.en)} needs the mini program's ${m.en}.`,
    ),
  );
  return [
    ...problems,
    ...checkUrl(place, "url", {
      zh: "备用网页地址（不支持小程序的旧版微信打开它）",
      en: "a fallback page address (old WeChat versions open it)",
    }),
  ];
}

function checkName(place: Place, limit: number): MenuProblem[] {
  const name = label(place);
  const at = { buttonId: place.button.id, field: "name" };
  if (!place.button.name.trim()) {
    return [
      problem(
        "MENU_NAME_EMPTY",
        at,
        `${name.zh}没有名称，粉丝会看到一个空白菜单。`,
        `${capital(name.en)} has no name; followers would see a blank button.`,
      ),
    ];
  }
  const bytes = utf8Length(place.button.name);
  if (bytes <= limit) return [];
  return [
    problem(
      "MENU_NAME_TOO_LONG",
      at,
      `${name.zh}的名称有 ${bytes} 字节，${place.parent ? "子菜单" : "一级菜单"}最多 ${limit} 字节（约 ${Math.floor(limit / 3)} 个汉字）。`,
      `The name of ${name.en} is ${bytes} bytes; a ${place.parent ? "sub-button" : "top-level button"} allows ${limit} (about ${Math.floor(limit / 3)} Chinese characters).`,
    ),
  ];
}

/** Every problem of the menu, errors and warnings, in the order the buttons appear. */
export function checkMenu(menu: MenuDocument, options: CheckMenuOptions = {}): MenuProblem[] {
  const problems: MenuProblem[] = [];
  if (menu.buttons.length === 0) {
    problems.push(
      problem(
        "MENU_EMPTY",
        { field: "buttons" },
        "菜单至少要有一个一级菜单。",
        "A menu needs at least one button.",
      ),
    );
  }
  if (menu.buttons.length > MENU_LIMITS.topButtons) {
    problems.push(
      problem(
        "MENU_TOO_MANY_BUTTONS",
        { field: "buttons" },
        `菜单有 ${menu.buttons.length} 个一级菜单，微信最多 ${MENU_LIMITS.topButtons} 个。`,
        `The menu has ${menu.buttons.length} top-level buttons; WeChat allows ${MENU_LIMITS.topButtons}.`,
      ),
    );
  }
  const leaves: Place[] = [];
  for (const [i, top] of menu.buttons.entries()) {
    const place: Place = { button: top, index: i + 1 };
    problems.push(...checkName(place, MENU_LIMITS.topNameBytes));
    if (top.children.length > MENU_LIMITS.subButtons) {
      const name = label(place);
      problems.push(
        problem(
          "MENU_TOO_MANY_CHILDREN",
          { buttonId: top.id, field: "children" },
          `${name.zh}有 ${top.children.length} 个子菜单，微信最多 ${MENU_LIMITS.subButtons} 个。`,
          `${capital(name.en)} has ${top.children.length} sub-buttons; WeChat allows ${MENU_LIMITS.subButtons}.`,
        ),
      );
    }
    if (top.children.length === 0) {
      leaves.push(place);
      continue;
    }
    for (const [j, child] of top.children.entries()) {
      const childPlace: Place = { button: child, index: j + 1, parent: top };
      problems.push(...checkName(childPlace, MENU_LIMITS.subNameBytes));
      leaves.push(childPlace);
    }
  }
  const byKey = new Map<string, Place[]>();
  for (const place of leaves) {
    problems.push(...checkAction(place));
    const { type, key } = place.button;
    if (!type || !keyedMenuButtonTypes.has(type) || !key?.trim()) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), place]);
  }
  for (const [key, places] of byKey) {
    const first = places[0]!;
    for (const place of places.slice(1)) {
      problems.push(
        problem(
          "MENU_DUPLICATE_KEY",
          { buttonId: place.button.id, field: "key" },
          `${label(place).zh}和${label(first).zh}的事件键都是「${key}」，流程分不出粉丝点的是哪一个。`,
          `${capital(label(place).en)} and ${label(first).en} share the key "${key}": flows cannot tell which one was tapped.`,
        ),
      );
    }
    const claimed = options.claimedClickKeys;
    // A scan button may share the key of a click button after it: the click is what a flow answers.
    const click = places.find((place) => place.button.type === "click");
    if (!claimed || !click || claimed.has(key)) continue;
    problems.push(
      problem(
        "MENU_KEY_UNCLAIMED",
        { buttonId: click.button.id, field: "key" },
        `没有已发布的流程响应${label(click).zh}（事件键「${key}」）：粉丝点了会进入兜底流程，或收不到回复。在流程的触发器里添加“菜单点击”并填写这个键。`,
        `No published flow answers ${label(click).en} (key "${key}"): a tap goes to the fallback flow, or gets no reply. Add a menu-click trigger with this key to a flow.`,
      ),
    );
  }
  return problems;
}

/** True when WeChat would accept the menu: no errors (warnings allowed). */
export function menuPublishable(problems: readonly MenuProblem[]): boolean {
  return problems.every((p) => p.severity !== "error");
}
