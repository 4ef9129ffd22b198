// The Idempotency-Key of an http node's request in a turn: the same whenever that step runs again.
import { createHash } from "node:crypto";
import { uuidFromBytes } from "../../shared/http";

/** Which request of which turn: everything here is the same when the turn is run again. */
export interface HttpRequestInTurn {
  openid: string;
  /** The message's key: WeChat's retry and the finish after a crash share it. */
  dedupKey: string;
  /** Which of the turn's requests (a turn can pass through several http nodes, or one twice). */
  round: number;
  flowId: string;
  nodeId: string;
}

/**
 * A UUID hashed from the request's place in the turn, and not from the engine's requestId: that
 * holds the step's clock and seed, which a retry of the message after a crash draws afresh, as
 * does every step after the first when a turn is finished after a crash. Hashed, the follower's
 * openid and MsgId do not reach the receiver, and the openid keeps two followers' keys apart.
 */
export function httpIdempotencyKey(request: HttpRequestInTurn): string {
  const { openid, dedupKey, round, flowId, nodeId } = request;
  const digest = createHash("sha256")
    .update(JSON.stringify([openid, dedupKey, round, flowId, nodeId]))
    .digest();
  return uuidFromBytes(digest, 8);
}
