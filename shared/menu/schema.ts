// The account's custom menu (自定义菜单) as the editor keeps it: up to three buttons at the foot of the
// chat, each either an action or a list of up to five sub-buttons. The shape is lenient on purpose:
// a draft may break WeChat's rules while it is being edited; checkMenu says what, before publishing.
import { z } from "zod";
import { idSchema } from "../schema/common";

/**
 * The button types the editor offers. `click` sends a CLICK event whose key a flow's click trigger
 * claims; `view` opens a web page; the scan, photo and location types open WeChat's own pickers and
 * report the result as an event with the key; `miniprogram` opens a mini program page.
 * (WeChat also has media_id / view_limited / article_id buttons, which need the material library.)
 */
export const menuButtonTypes = [
  "click",
  "view",
  "miniprogram",
  "scancode_push",
  "scancode_waitmsg",
  "pic_sysphoto",
  "pic_photo_or_album",
  "pic_weixin",
  "location_select",
] as const;
export type MenuButtonType = (typeof menuButtonTypes)[number];

/** The types whose button carries a `key` reported back in the event. */
export const keyedMenuButtonTypes: ReadonlySet<MenuButtonType> = new Set([
  "click",
  "scancode_push",
  "scancode_waitmsg",
  "pic_sysphoto",
  "pic_photo_or_album",
  "pic_weixin",
  "location_select",
]);

export const menuActionSchema = z.object({
  /** Stable within the menu, so the editor can keep a selection across edits and undo. */
  id: idSchema,
  /** What the follower reads: ≤16 bytes on a top-level button, ≤60 on a sub-button. */
  name: z.string(),
  /** Absent while the marketer has not chosen yet (a problem), and on a button with sub-buttons. */
  type: z.enum(menuButtonTypes).optional(),
  /** Event key for click and the picker types (≤128 bytes). */
  key: z.string().optional(),
  /** Web page for view; the fallback page for miniprogram on old WeChat versions (≤1024 bytes). */
  url: z.string().optional(),
  /** Mini program AppID and page, for miniprogram. */
  appid: z.string().optional(),
  pagepath: z.string().optional(),
});
export type MenuAction = z.infer<typeof menuActionSchema>;

export const menuTopButtonSchema = menuActionSchema.extend({
  /** Sub-buttons; when there are any, the button only opens them and its own action is unused. */
  children: z.array(menuActionSchema).default([]),
});
export type MenuTopButton = z.infer<typeof menuTopButtonSchema>;

export const MENU_SCHEMA_VERSION = 1;

export const menuDocumentSchema = z.object({
  schemaVersion: z.literal(MENU_SCHEMA_VERSION),
  buttons: z.array(menuTopButtonSchema),
});
export type MenuDocument = z.infer<typeof menuDocumentSchema>;

export function emptyMenu(): MenuDocument {
  return { schemaVersion: MENU_SCHEMA_VERSION, buttons: [] };
}

/** WeChat's limits on /cgi-bin/menu/create. */
export const MENU_LIMITS = {
  topButtons: 3,
  subButtons: 5,
  topNameBytes: 16,
  subNameBytes: 60,
  keyBytes: 128,
  urlBytes: 1024,
} as const;
