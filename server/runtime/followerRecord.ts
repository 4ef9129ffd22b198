// Maps the stored follower to the engine's view of it and back, counting messages and windows.
import type { FollowerView } from "../../shared/engine";
import type { FollowerRecord } from "../store/types";
import { activityOf, recentInteractions, silentDays, withInteraction } from "./interactions";
import type { InboundTurn } from "./types";

const NEW_FOLLOWER_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

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
    lastActiveAt: null,
    interactionDays: [],
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
    // Before this message: the messages and taps of the last 30 days.
    interactions: recentInteractions(r.interactionDays, now),
    silentDays: silentDays(r.lastActiveAt, now),
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
  // Only the follower's own messages open the 48-hour window; a follow, scan or menu click the
  // 1-minute one. Other events open none: an agent taking or closing the session (kf_*) is not the
  // follower's doing, nor is a location report or a template message's result.
  const activity = activityOf(turn);
  return {
    ...r,
    lastSeenAt: now,
    subscribed: view.subscribed,
    scene: view.scene,
    tags: view.tags,
    ab: view.ab,
    messagesIn: r.messagesIn + 1,
    messagesOut: r.messagesOut + repliesOut,
    lastMessageAt: activity === "message" ? now : r.lastMessageAt,
    lastEventAt: activity === "windowEvent" ? now : r.lastEventAt,
    lastActiveAt: activity === "system" ? r.lastActiveAt : now,
    interactionDays:
      activity === "system" ? r.interactionDays : withInteraction(r.interactionDays, now),
  };
}
