// The phone's menu bar: the account's saved custom menu, or (none saved) a button per click trigger;
// and what a tap does, as WeChat and the runtime (server/wechat/toEngineInput.ts) would have it.
import type { FlowCatalog } from "../../shared/engine";
import { MENU_LIMITS, type MenuAction, type MenuDocument } from "../../shared/menu";
import type { TestInput } from "../../shared/testcase";
import { sampleMedia } from "./sampleMedia";

export interface PhoneMenuButton {
  id: string;
  name: string;
  /** What a tap does; unused when the button has sub-buttons (it opens them). */
  action: MenuAction;
  children: MenuAction[];
  /** Shown on hover: the click key of a trigger button. */
  title?: string;
}

export interface PhoneMenu {
  /** `menu`: the saved custom menu; `triggers`: no menu saved, one button per click trigger. */
  source: "menu" | "triggers";
  buttons: PhoneMenuButton[];
}

/** Buttons from click triggers, labelled by the flow's name: the preview before a menu exists. */
export function triggerButtonsOf(catalog: FlowCatalog): PhoneMenuButton[] {
  const buttons: PhoneMenuButton[] = [];
  const seen = new Set<string>();
  for (const id of Object.keys(catalog.flows).sort()) {
    const flow = catalog.flows[id]!.flow;
    for (const trigger of flow.triggers) {
      if (trigger.type !== "event" || trigger.event !== "click" || !trigger.key) continue;
      if (seen.has(trigger.key)) continue;
      seen.add(trigger.key);
      const action: MenuAction = {
        id: trigger.key,
        name: flow.name,
        type: "click",
        key: trigger.key,
      };
      buttons.push({ id: trigger.key, name: flow.name, action, children: [], title: trigger.key });
    }
  }
  return buttons.slice(0, MENU_LIMITS.topButtons);
}

/** The saved menu when it has buttons (as many as WeChat shows), else the trigger buttons. */
export function phoneMenuOf(saved: MenuDocument | null, catalog: FlowCatalog): PhoneMenu {
  if (!saved || saved.buttons.length === 0)
    return { source: "triggers", buttons: triggerButtonsOf(catalog) };
  return {
    source: "menu",
    buttons: saved.buttons.slice(0, MENU_LIMITS.topButtons).map((b) => ({
      id: b.id,
      name: b.name,
      action: b,
      children: b.children.slice(0, MENU_LIMITS.subButtons),
    })),
  };
}

/** A grey line in the chat about a tap: what WeChat did on the phone, or why nothing was sent. */
export type MenuNote =
  | { code: "view"; url: string }
  | { code: "miniprogram"; appid: string; pagepath: string }
  | { code: "scan"; waitmsg: boolean }
  | { code: "photo" }
  | { code: "location" }
  | { code: "noType"; name: string }
  | { code: "noKey"; name: string };

export interface MenuTap {
  note: MenuNote | null;
  /** Sent one after the other, as WeChat sends them. */
  send: TestInput[];
}

/**
 * A tap on an action button. WeChat sends CLICK with the key; the scanner, camera and map buttons
 * send their own events, which the runtime hands to the flows as a click of the key, and the photo
 * or location then follows as a message. A web page (VIEW) triggers no flow and a mini program
 * reaches no flow, so those only say what the phone opened.
 */
export function tapOf(action: MenuAction, locationLabel: string): MenuTap {
  const key = action.key?.trim() ?? "";
  const click: TestInput = { type: "event", event: "click", key };
  switch (action.type) {
    case undefined:
      return { note: { code: "noType", name: action.name }, send: [] };
    case "view":
      return { note: { code: "view", url: action.url ?? "" }, send: [] };
    case "miniprogram":
      return {
        note: { code: "miniprogram", appid: action.appid ?? "", pagepath: action.pagepath ?? "" },
        send: [],
      };
  }
  if (!key) return { note: { code: "noKey", name: action.name }, send: [] };
  switch (action.type) {
    case "click":
      return { note: null, send: [click] };
    case "scancode_push":
    case "scancode_waitmsg":
      return {
        note: { code: "scan", waitmsg: action.type === "scancode_waitmsg" },
        send: [click],
      };
    case "pic_sysphoto":
    case "pic_photo_or_album":
    case "pic_weixin":
      return { note: { code: "photo" }, send: [click, sampleMedia("image", locationLabel)] };
    case "location_select":
      return { note: { code: "location" }, send: [click, sampleMedia("location", locationLabel)] };
  }
}
