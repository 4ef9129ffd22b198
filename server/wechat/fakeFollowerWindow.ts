// The customer-service window and quota the fake API enforces, following WeChat's current rule.
import type { ApiFailure } from "./fakeMenuRules";

export const MESSAGE_WINDOW_MS = 48 * 60 * 60 * 1000;
export const MESSAGE_QUOTA = 5;
export const EVENT_WINDOW_MS = 60 * 1000;
export const EVENT_QUOTA = 3;

interface FollowerState {
  lastMessageAt?: number;
  messagesUsed: number;
  lastEventAt?: number;
  eventsUsed: number;
  unfollowed: boolean;
}

export class FollowerWindows {
  private readonly followers = new Map<string, FollowerState>();

  private state(openid: string): FollowerState {
    let state = this.followers.get(openid);
    if (!state) {
      state = { messagesUsed: 0, eventsUsed: 0, unfollowed: false };
      this.followers.set(openid, state);
    }
    return state;
  }

  /** A message from the follower opens a fresh 48-hour window with 5 messages. */
  recordMessage(openid: string, atMs: number): void {
    const state = this.state(openid);
    state.lastMessageAt = atMs;
    state.messagesUsed = 0;
    state.unfollowed = false;
  }

  /** A menu click, follow or QR scan opens a 1-minute window with 3 messages. */
  recordEvent(openid: string, atMs: number): void {
    const state = this.state(openid);
    state.lastEventAt = atMs;
    state.eventsUsed = 0;
    state.unfollowed = false;
  }

  unfollow(openid: string): void {
    this.state(openid).unfollowed = true;
  }

  /**
   * Typing needs the same window as a message but spends nothing of its quota; an unfollowed
   * follower cannot be sent to at all.
   */
  typingRefusal(openid: string, nowMs: number): ApiFailure | null {
    const state = this.followers.get(openid);
    if (state?.unfollowed) return { errcode: 43004, errmsg: "require subscribe" };
    const open =
      (state?.lastEventAt !== undefined && nowMs < state.lastEventAt + EVENT_WINDOW_MS) ||
      (state?.lastMessageAt !== undefined && nowMs < state.lastMessageAt + MESSAGE_WINDOW_MS);
    return open
      ? null
      : { errcode: 45015, errmsg: "response out of time limit or subscription is canceled" };
  }

  /** Template messages need no window, but a follower who unfollowed gets none. */
  templateRefusal(openid: string): ApiFailure | null {
    return this.followers.get(openid)?.unfollowed
      ? { errcode: 43004, errmsg: "require subscribe" }
      : null;
  }

  /** Spends one message of the follower's quota, or says why WeChat would refuse. */
  spend(openid: string, nowMs: number): ApiFailure | null {
    const state = this.followers.get(openid);
    if (state?.unfollowed) return { errcode: 43004, errmsg: "require subscribe" };
    const eventOpen =
      state?.lastEventAt !== undefined && nowMs < state.lastEventAt + EVENT_WINDOW_MS;
    const messageOpen =
      state?.lastMessageAt !== undefined && nowMs < state.lastMessageAt + MESSAGE_WINDOW_MS;
    if (!state || (!eventOpen && !messageOpen)) {
      return { errcode: 45015, errmsg: "response out of time limit or subscription is canceled" };
    }
    // The short event window is spent first so the longer message window lasts.
    if (eventOpen && state.eventsUsed < EVENT_QUOTA) {
      state.eventsUsed++;
      return null;
    }
    if (messageOpen && state.messagesUsed < MESSAGE_QUOTA) {
      state.messagesUsed++;
      return null;
    }
    return { errcode: 45047, errmsg: "out of response count limit" };
  }
}
