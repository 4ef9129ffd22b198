// WeChat's customer-service window and quota, checked before calling the API rather than after.
import type { FollowerRecord, OpenWindowSends, ServiceWindowKind } from "../store/types";

const HOUR_MS = 60 * 60 * 1000;
/** After a follower's message: 5 messages within 48 hours. */
export const MESSAGE_WINDOW = { lengthMs: 48 * HOUR_MS, quota: 5 };
/** After a menu click, follow or QR scan: 3 messages within 1 minute. */
export const EVENT_WINDOW = { lengthMs: 60 * 1000, quota: 3 };

/** Which allowance a send used: each window has its own, and a send spends only one of them. */
export type WindowKind = ServiceWindowKind;

export type WindowVerdict = { ok: true; window: WindowKind } | { ok: false; reason: string };

/**
 * Sends are checked against memory, per follower, so a send costs no query. The store records
 * each send as well (markOutbound's `spent`), and `restore` takes in what of it still counts when
 * the dispatcher starts: the quota survives a restart. WeChat's own 45047 answer (marked failed)
 * stays the backstop, for a send that went out but whose mark was never written.
 */
export function createServiceWindow() {
  const sends = new Map<string, Record<WindowKind, number[]>>();
  const quotas = { message: MESSAGE_WINDOW.quota, event: EVENT_WINDOW.quota };
  let sweptAt = Number.NEGATIVE_INFINITY;

  /**
   * Forgets followers whose last send is older than the longest window: those sends can no longer
   * count against any quota. Hourly, so memory follows the followers of the last two days rather
   * than every follower ever sent to.
   */
  function sweep(now: number): void {
    if (now - sweptAt < HOUR_MS) return;
    sweptAt = now;
    const before = now - MESSAGE_WINDOW.lengthMs;
    for (const [openid, record] of sends) {
      const last = Math.max(record.message.at(-1) ?? before, record.event.at(-1) ?? before);
      if (last <= before) sends.delete(openid);
    }
  }

  function remember(openid: string, at: number, window: WindowKind): void {
    const record = sends.get(openid) ?? { message: [], event: [] };
    const list = record[window];
    list.push(at);
    // Only the latest few of each kind matter: as many as its quota.
    if (list.length > quotas[window]) list.shift();
    sends.set(openid, record);
  }

  function sentSince(openid: string, window: WindowKind, since: number): number {
    return (sends.get(openid)?.[window] ?? []).filter((at) => at >= since).length;
  }

  return {
    check(follower: FollowerRecord | undefined, now: number): WindowVerdict {
      const openid = follower?.openid ?? "";
      const msgAt = follower?.lastMessageAt ?? null;
      const eventAt = follower?.lastEventAt ?? null;
      const inMessageWindow = msgAt !== null && now < msgAt + MESSAGE_WINDOW.lengthMs;
      const inEventWindow = eventAt !== null && now < eventAt + EVENT_WINDOW.lengthMs;
      // The short event window first (it is gone in a minute anyway), as the fake WeChat API models
      // it: spending it first never refuses a send that WeChat would still take.
      if (inEventWindow && sentSince(openid, "event", eventAt) < EVENT_WINDOW.quota) {
        return { ok: true, window: "event" };
      }
      if (inMessageWindow && sentSince(openid, "message", msgAt) < MESSAGE_WINDOW.quota) {
        return { ok: true, window: "message" };
      }
      if (inMessageWindow || inEventWindow) {
        return {
          ok: false,
          reason: inMessageWindow
            ? "customer-service quota used up: 5 messages per follower message within 48 hours (客服消息条数已用完)"
            : "customer-service quota used up: 3 messages within 1 minute after a click, follow or scan (客服消息条数已用完)",
        };
      }
      return {
        ok: false,
        reason:
          eventAt !== null && (msgAt === null || eventAt > msgAt)
            ? "outside the customer-service window: the minute after the follower's click, follow or scan has passed, and they have not written in 48 hours; use a template message (超出客服消息窗口)"
            : "outside the 48-hour window: the follower has not written in 48 hours; use a template message (超出48小时客服消息窗口)",
      };
    },
    recordSend(openid: string, at: number, window: WindowKind): void {
      sweep(at);
      remember(openid, at, window);
    },
    /**
     * Takes in, before any recordSend, what followers spent of their open windows before this
     * process started (Store.sendsInOpenWindows), as that many sends at the time of the latest.
     * A count is all it takes: the open window counts every one of them (all came after it
     * opened), and a window opening later (the follower writes or clicks again) opens after all of
     * them and counts none, whatever their times. Only if a window opened at a time before some of
     * them (a turn finished after a crash keeps its first step's clock) are they counted against
     * it: the pre-check then refuses sends WeChat would still take, never the reverse.
     */
    restore(spent: readonly OpenWindowSends[]): void {
      for (const { openid, window, count, lastAt } of spent) {
        const record = sends.get(openid) ?? { message: [], event: [] };
        // Sized to fit: an array grown by push keeps room for 16 more (4 MiB at 40,000 followers).
        record[window] = new Array<number>(Math.min(count, quotas[window])).fill(lastAt);
        sends.set(openid, record);
      }
    },
    /** How many followers' sends are remembered (tests). */
    get remembered(): number {
      return sends.size;
    },
  };
}
export type ServiceWindow = ReturnType<typeof createServiceWindow>;
