// The key a retried callback shares with its first delivery (WeChat retries up to three times).
import type { InboundEvent, InboundMessage } from "./inbound";

/**
 * `msg:<openid>:<MsgId>` for messages; `evt:<openid>:<CreateTime>:<Event>:<EventKey>` for events,
 * plus `:<MsgID>` for events that carry one (TEMPLATESENDJOBFINISH, MASSSENDJOBFINISH): two
 * template messages to one follower can finish in the same second, and only their MsgID tells them
 * apart. Customer-service events add their agents for the same reason (see kfAgents); the key of
 * any other event stays as it was stored. A retry comes from the same follower: with the MsgId
 * alone, one follower's message with another's MsgId (forged or corrupted) passed for that one's
 * retry, was lost, and got its reply.
 */
export function dedupKey(msg: InboundMessage): string {
  if (msg.msgType === "event") {
    const eventKey = "eventKey" in msg ? (msg.eventKey ?? "") : "";
    const id = "msgId" in msg && msg.msgId ? `:${msg.msgId}` : kfAgents(msg);
    return `evt:${msg.fromUserName}:${msg.createTime}:${msg.event}:${eventKey}${id}`;
  }
  if (msg.msgType === "unknown" && msg.event !== undefined) {
    const id = msg.msgId ? `:${msg.msgId}` : "";
    return `evt:${msg.fromUserName}:${msg.createTime}:${msg.event}:${msg.eventKey ?? ""}${id}`;
  }
  if (msg.msgId) return `msg:${msg.fromUserName}:${msg.msgId}`;
  // A message without MsgId (never seen from WeChat) still needs a stable key.
  return `evt:${msg.fromUserName}:${msg.createTime}:${msg.msgType}:`;
}

/**
 * `:<KfAccount>` (create, close) or `:<FromKfAccount>:<ToKfAccount>` (switch). These events carry
 * no EventKey, and agents can pass a follower on twice in one second (A to B, then B to C): keyed
 * by time alone, the second would be answered as a retry of the first and dropped.
 */
function kfAgents(event: InboundEvent): string {
  switch (event.event) {
    case "kf_create_session":
    case "kf_close_session":
      return `:${event.kfAccount}`;
    case "kf_switch_session":
      return `:${event.fromKfAccount}:${event.toKfAccount}`;
    default:
      return "";
  }
}
