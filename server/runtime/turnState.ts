// The answer WeChat gets for one message: decided once, and released after the turn is committed
// (or earlier, by the deadline), so a reply never reaches a follower for a step that was not stored.
import type { Reply } from "../../shared/engine";

export interface TurnState {
  /** Replies produced so far in the turn, text already split to WeChat's size. */
  readonly deliverables: Reply[];
  /** How many deliverables went out in the passive reply (0 or 1). */
  passiveCount: number;
  /** Set once the passive reply is decided; later replies go through the customer-service API. */
  answered: boolean;
  /** The decided passive reply body (XML, or `success`), once `answered`. */
  readonly body: string | undefined;
  /**
   * The clock and A/B seed of the turn's first engine step, once it has run: with them a restart
   * repeats that step exactly (see conversation.ts, resuming a turn answered at the deadline).
   */
  started: { now: number; seed: number } | undefined;
  /** Resolves with the body WeChat is sent; see `release`. */
  readonly answer: Promise<string>;
  /** Fixes the passive reply; a no-op once decided. WeChat gets it on `release`. */
  decide(body: string, passiveCount: number): void;
  /** Sends the decided reply (after the commit, or at the deadline). Idempotent. */
  release(): void;
  /** Decides (if not yet) and releases at once: the deadline. */
  settle(body: string, passiveCount: number): void;
  /** The turn failed before it was stored: answer `success` unless a reply already went out. */
  abandon(): void;
  /** The message was stored already (a duplicate): answer with that stored reply, unless one went out. */
  answerWith(stored: string): void;
}

export function createTurnState(): TurnState {
  let resolve!: (body: string) => void;
  let released = false;
  const answer = new Promise<string>((r) => {
    resolve = r;
  });
  const send = (body: string) => {
    if (released) return;
    released = true;
    resolve(body);
  };
  const state: TurnState = {
    deliverables: [],
    passiveCount: 0,
    answered: false,
    body: undefined,
    started: undefined,
    answer,
    decide(body, passiveCount) {
      if (state.answered) return;
      state.answered = true;
      state.passiveCount = passiveCount;
      (state as { body: string | undefined }).body = body;
    },
    release() {
      if (state.body !== undefined) send(state.body);
    },
    settle(body, passiveCount) {
      state.decide(body, passiveCount);
      state.release();
    },
    abandon() {
      send("success");
    },
    answerWith(stored) {
      send(stored);
    },
  };
  return state;
}
