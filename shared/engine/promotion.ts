// Promotional content (推广内容): the 【广告】 label, and no promotion to minors at night.
import { localTime } from "./conditions";
import type { FollowerView, Reply } from "./types";

/** The label a promotional text or article title opens with. */
export const AD_LABEL = "【广告】";
/** The follower tag that marks a minor; a tag node or the marketer sets it. */
export const MINOR_TAG = "未成年";
/** Night in the flow's time zone: from 22:00 up to, not including, 6:00. */
export const NIGHT_START_HOUR = 22;
export const NIGHT_END_HOUR = 6;

/** Already labelled by the marketer: 【广告】, [广告] or 广告 at the start (after spaces). */
const LABELLED = /^\s*(【广告】|\[广告\]|广告)/;

/** A promotional text as sent: with the label in front, unless empty or labelled already. */
export function withAdLabel(text: string): string {
  // An empty text stays empty, so that it is still left out rather than sent as a bare label.
  return text.trim() === "" || LABELLED.test(text) ? text : `${AD_LABEL}${text}`;
}

/**
 * The reply as promotional content goes out: texts, article titles and a video's title carry the
 * label; pictures and voice have no words to carry it.
 */
export function labelPromotional(reply: Reply): Reply {
  switch (reply.type) {
    case "text":
      return { ...reply, text: withAdLabel(reply.text) };
    case "news":
      return {
        ...reply,
        articles: reply.articles.map((a) => ({ ...a, title: withAdLabel(a.title) })),
      };
    case "video":
      return reply.title === undefined ? reply : { ...reply, title: withAdLabel(reply.title) };
    case "image":
    case "voice":
      return reply;
  }
}

/** True from 22:00 to 5:59 at `at` (Unix ms) in the time zone `utcOffsetMinutes` from UTC. */
export function isNight(at: number, utcOffsetMinutes: number): boolean {
  const { hour } = localTime(at, utcOffsetMinutes);
  return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
}

/** Promotional content must not reach this follower at `at`: a minor, at night. */
export function promotionWithheld(
  follower: FollowerView,
  at: number,
  utcOffsetMinutes: number,
): boolean {
  return follower.tags.includes(MINOR_TAG) && isNight(at, utcOffsetMinutes);
}
