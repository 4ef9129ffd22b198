// WeChat's customer-service window as the simulator counts it: 5 messages in 48 h after a follower's message,
// 3 in a minute after a click, follow or scan; computed with the simulated clock.
const HOUR = 3_600_000;
export const MESSAGE_WINDOW = { lengthMs: 48 * HOUR, quota: 5 } as const;
export const EVENT_WINDOW = { lengthMs: 60_000, quota: 3 } as const;

export interface WindowState {
  /** Simulated Unix ms of the follower's last message, or null. */
  lastMessageAt: number | null;
  /** Of the last menu click, follow or scan. */
  lastEventAt: number | null;
  /** When customer-service messages went out. */
  sends: number[];
}

export type WindowVerdict =
  | { ok: true; used: number; quota: number; window: "48h" | "1min" }
  | { ok: false; reason: "quota48h" | "quota1min" | "outside" };

export const emptyWindow: WindowState = { lastMessageAt: null, lastEventAt: null, sends: [] };

function sentSince(state: WindowState, since: number): number {
  return state.sends.filter((at) => at >= since).length;
}

/** Same rule as the runtime's dispatcher (server/runtime/serviceWindow.ts), on the simulated clock. */
export function checkWindow(state: WindowState, at: number): WindowVerdict {
  const msgAt = state.lastMessageAt;
  const eventAt = state.lastEventAt;
  const inMessage = msgAt !== null && at < msgAt + MESSAGE_WINDOW.lengthMs;
  const inEvent = eventAt !== null && at < eventAt + EVENT_WINDOW.lengthMs;
  if (inMessage) {
    const used = sentSince(state, msgAt);
    if (used < MESSAGE_WINDOW.quota) {
      return { ok: true, used: used + 1, quota: MESSAGE_WINDOW.quota, window: "48h" };
    }
  }
  if (inEvent) {
    const used = sentSince(state, eventAt);
    if (used < EVENT_WINDOW.quota) {
      return { ok: true, used: used + 1, quota: EVENT_WINDOW.quota, window: "1min" };
    }
  }
  if (inMessage) return { ok: false, reason: "quota48h" };
  if (inEvent) return { ok: false, reason: "quota1min" };
  return { ok: false, reason: "outside" };
}

export function recordSend(state: WindowState, at: number): WindowState {
  return { ...state, sends: [...state.sends.slice(-9), at] };
}
