// The custom-menu rules WeChat enforces on /cgi-bin/menu/create, as the fake API applies them.

export interface ApiFailure {
  errcode: number;
  errmsg: string;
}

const KEY_TYPES = new Set([
  "click",
  "scancode_push",
  "scancode_waitmsg",
  "pic_sysphoto",
  "pic_photo_or_album",
  "pic_weixin",
  "location_select",
]);
const MEDIA_TYPES = new Set(["media_id", "view_limited"]);
const ARTICLE_TYPES = new Set(["article_id", "article_view_limited"]);
const ALL_TYPES = new Set([...KEY_TYPES, ...MEDIA_TYPES, ...ARTICLE_TYPES, "view", "miniprogram"]);

const bytes = (value: unknown) => Buffer.byteLength(typeof value === "string" ? value : "", "utf8");
const fail = (errcode: number, errmsg: string): ApiFailure => ({ errcode, errmsg });

/** WeChat's codes differ for top-level and sub-buttons: [top, sub]. */
const CODES = {
  type: [40017, 40024],
  name: [40018, 40025],
  key: [40019, 40026],
  url: [40020, 40027],
} as const;

function checkButton(button: unknown, sub: boolean, where: string): ApiFailure | null {
  const level = sub ? 1 : 0;
  if (!button || typeof button !== "object")
    return fail(CODES.type[level], `invalid button ${where}`);
  const b = button as Record<string, unknown>;
  const nameLimit = sub ? 60 : 16;
  if (typeof b.name !== "string" || b.name === "" || bytes(b.name) > nameLimit) {
    return fail(
      CODES.name[level],
      `invalid button name size: ${where} name must be 1–${nameLimit} bytes`,
    );
  }
  const type = typeof b.type === "string" ? b.type : undefined;
  if (type === undefined)
    return fail(CODES.type[level], `invalid button type: ${where} has no type`);
  if (!ALL_TYPES.has(type))
    return fail(CODES.type[level], `invalid button type: ${where} type "${type}"`);
  if (KEY_TYPES.has(type) && (typeof b.key !== "string" || b.key === "" || bytes(b.key) > 128)) {
    return fail(CODES.key[level], `invalid button key size: ${where} key must be 1–128 bytes`);
  }
  if (
    (type === "view" || type === "miniprogram") &&
    (typeof b.url !== "string" || b.url === "" || bytes(b.url) > 1024)
  ) {
    return fail(CODES.url[level], `invalid button url size: ${where} url must be 1–1024 bytes`);
  }
  if (type === "miniprogram" && (typeof b.appid !== "string" || typeof b.pagepath !== "string")) {
    return fail(40166, `invalid appid: ${where} miniprogram needs appid and pagepath`);
  }
  if (MEDIA_TYPES.has(type) && (typeof b.media_id !== "string" || b.media_id === "")) {
    return fail(40007, `invalid media_id: ${where} needs media_id`);
  }
  if (ARTICLE_TYPES.has(type) && (typeof b.article_id !== "string" || b.article_id === "")) {
    return fail(40007, `invalid article_id: ${where} needs article_id`);
  }
  return null;
}

/** Null when WeChat would accept the menu; otherwise the errcode and errmsg it answers. */
export function validateMenu(menu: unknown): ApiFailure | null {
  const buttons = (menu as { button?: unknown } | null)?.button;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) {
    return fail(40016, "invalid button size: 1 to 3 top-level buttons");
  }
  for (const [i, button] of buttons.entries()) {
    const where = `button[${i}]`;
    const subs = (button as { sub_button?: unknown } | null)?.sub_button;
    if (
      subs === undefined ||
      (Array.isArray(subs) && subs.length === 0 && (button as { type?: unknown }).type)
    ) {
      const problem = checkButton(button, false, where);
      if (problem) return problem;
      continue;
    }
    if (!Array.isArray(subs) || subs.length < 1 || subs.length > 5) {
      return fail(40023, `invalid sub button size: ${where} needs 1 to 5 sub-buttons`);
    }
    const name = (button as { name?: unknown }).name;
    if (typeof name !== "string" || name === "" || bytes(name) > 16) {
      return fail(40018, `invalid button name size: ${where} name must be 1–16 bytes`);
    }
    for (const [j, sub] of subs.entries()) {
      const problem = checkButton(sub, true, `${where}.sub_button[${j}]`);
      if (problem) return problem;
    }
  }
  return null;
}
