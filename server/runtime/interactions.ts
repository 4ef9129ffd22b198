// What a follower did, as WeChat and the product's segments count it, and their interactions of the
// last 30 days, kept per day in the follower's record so that no message needs a log query.
import type { InteractionDay } from "../store/types";
import type { InboundTurn } from "./types";

/**
 * - `message`: the follower wrote (text, image, voice, …): opens the 48-hour window.
 * - `windowEvent`: a follow, a QR scan, a menu click or scan button: opens the 1-minute window
 *   (WeChat opens it for these only, not for a menu link or a photo or location button).
 * - `tap`: another menu button (a link, a photo or location button): the follower's doing, no window.
 * - `system`: not the follower's doing, or leaving: an unfollow, a location report WeChat sends by
 *   itself, a template message's result, an agent taking or closing the session.
 */
export type Activity = "message" | "windowEvent" | "tap" | "system";

const ACTIVITY_BY_EVENT: Record<string, Activity> = {
  subscribe: "windowEvent",
  scan: "windowEvent",
  click: "windowEvent",
  scancode_push: "windowEvent",
  scancode_waitmsg: "windowEvent",
  view: "tap",
  pic_sysphoto: "tap",
  pic_photo_or_album: "tap",
  pic_weixin: "tap",
  location_select: "tap",
};

export function activityOf(turn: InboundTurn): Activity {
  if (turn.msgType !== "event") return "message";
  // WeChat's own Event name; a turn recorded before it was kept (a crash's pending record) has
  // only what the engine saw.
  const name =
    turn.event ??
    (turn.input?.type === "event" && turn.input.event !== "handoffClosed" ? turn.input.event : "");
  return ACTIVITY_BY_EVENT[name.toLowerCase()] ?? "system";
}

/** The segments' "interactions": the follower's messages and taps of the last 30 days. */
export const INTERACTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Days begin at midnight in China (UTC+8), where the followers are. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export function dayOf(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The follower's interactions on today and the 29 days before it. */
export function recentInteractions(days: readonly InteractionDay[], now: number): number {
  const first = dayOf(now) - INTERACTION_DAYS + 1;
  let total = 0;
  for (const [day, count] of days) if (day >= first) total += count;
  return total;
}

/**
 * Days (China time) since the follower last wrote, followed, scanned or used the menu (a link too):
 * 0 when that was today, or when they never did (a follower met before Huashu was installed is not
 * known to be silent).
 */
export function silentDays(lastActiveAt: number | null, now: number): number {
  return lastActiveAt === null ? 0 : Math.max(0, dayOf(now) - dayOf(lastActiveAt));
}

/** The days with one more interaction today; days that can no longer count are dropped. */
export function withInteraction(days: readonly InteractionDay[], now: number): InteractionDay[] {
  const today = dayOf(now);
  const first = today - INTERACTION_DAYS + 1;
  const kept: InteractionDay[] = [];
  let counted = false;
  for (const [day, count] of days) {
    if (day < first) continue;
    if (day === today) {
      kept.push([day, count + 1]);
      counted = true;
    } else kept.push([day, count]);
  }
  if (!counted) kept.push([today, 1]);
  return kept;
}
