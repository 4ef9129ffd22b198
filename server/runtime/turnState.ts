// The answer WeChat gets for one message: settled once, either by the finished turn or by the deadline.
import type { Reply } from "../../shared/engine";

export interface TurnState {
  /** Replies produced so far in the turn, text already split to WeChat's size. */
  readonly deliverables: Reply[];
  /** How many deliverables went out in the passive reply (0 or 1). */
  passiveCount: number;
  /** Set once the HTTP answer is decided; later replies go through the customer-service API. */
  answered: boolean;
  /** The passive reply body: XML, or `success` for none. */
  readonly answer: Promise<string>;
  settle(body: string, passiveCount: number): void;
}

export function createTurnState(): TurnState {
  let resolve!: (body: string) => void;
  const answer = new Promise<string>((r) => {
    resolve = r;
  });
  const state: TurnState = {
    deliverables: [],
    passiveCount: 0,
    answered: false,
    answer,
    settle(body, passiveCount) {
      if (state.answered) return;
      state.answered = true;
      state.passiveCount = passiveCount;
      resolve(body);
    },
  };
  return state;
}
