// Maps the stored follower to the engine's view of it and back, counting messages and windows.
import type { FollowerView } from "../../shared/engine";
import type { FollowerRecord } from "../store/types";
import type { InboundTurn } from "./types";

const NEW_FOLLOWER_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Events that open WeChat's 1-minute customer-service window (3 messages). */
function opensEventWindow(turn: InboundTurn): boolean {
  const input = turn.input;
  return (
    input?.type === "event" &&
    (input.event === "subscribe" || input.event === "scan" || input.event === "click")
  );
}

export function newFollowerRecord(openid: string, now: number): FollowerRecord {
  return {
    openid,
    firstSeenAt: now,
    lastSeenAt: now,
    subscribed: true,
    scene: null,
    tags: [],
    ab: {},
    messagesIn: 0,
    messagesOut: 0,
    lastMessageAt: null,
    lastEventAt: null,
  };
}

/** The follower as the engine sees it for this message, with follow/scan facts already applied. */
export function followerView(
  record: FollowerRecord | undefined,
  turn: InboundTurn,
  now: number,
): FollowerView {
  const r = record ?? newFollowerRecord(turn.openid, now);
  let subscribed = r.subscribed;
  let scene = r.scene;
  const input = turn.input;
  if (input?.type === "event") {
    if (input.event === "subscribe") {
      subscribed = true;
      scene = input.scene ?? scene;
    } else if (input.event === "unsubscribe") subscribed = false;
    else if (input.event === "scan") scene = input.scene;
  }
  return {
    openid: r.openid,
    subscribed,
    scene,
    tags: [...r.tags],
    // "New" in the product's segments: under 7 days and no message yet (a follow is not a message).
    isNew: r.lastMessageAt === null && now - r.firstSeenAt < NEW_FOLLOWER_DAYS * DAY_MS,
    // All messages so far; a per-month count would need a log query on every message.
    interactions: r.messagesIn,
    ab: { ...r.ab },
  };
}

export function updatedFollower(
  record: FollowerRecord | undefined,
  turn: InboundTurn,
  view: FollowerView,
  now: number,
  repliesOut: number,
): FollowerRecord {
  const r = record ?? newFollowerRecord(turn.openid, now);
  // Only the follower's own messages open the 48-hour window. Events never do: an agent taking or
  // closing the session (kf_*) is not the follower writing, and opens no window of either kind.
  const isMessage = turn.msgType !== "event";
  return {
    ...r,
    lastSeenAt: now,
    subscribed: view.subscribed,
    scene: view.scene,
    tags: view.tags,
    ab: view.ab,
    messagesIn: r.messagesIn + 1,
    messagesOut: r.messagesOut + repliesOut,
    lastMessageAt: isMessage ? now : r.lastMessageAt,
    lastEventAt: opensEventWindow(turn) ? now : r.lastEventAt,
  };
}
