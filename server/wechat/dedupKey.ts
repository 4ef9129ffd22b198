// The key a retried callback shares with its first delivery (WeChat retries up to three times).
import type { InboundMessage } from "./inbound";

/**
 * `msg:<MsgId>` for messages; `evt:<openid>:<CreateTime>:<Event>:<EventKey>` for events, plus
 * `:<MsgID>` for events that carry one (TEMPLATESENDJOBFINISH, MASSSENDJOBFINISH): two template
 * messages to one follower can finish in the same second, and only their MsgID tells them apart.
 */
export function dedupKey(msg: InboundMessage): string {
  if (msg.msgType === "event") {
    const eventKey = "eventKey" in msg ? (msg.eventKey ?? "") : "";
    const id = "msgId" in msg && msg.msgId ? `:${msg.msgId}` : "";
    return `evt:${msg.fromUserName}:${msg.createTime}:${msg.event}:${eventKey}${id}`;
  }
  if (msg.msgType === "unknown" && msg.event !== undefined) {
    const id = msg.msgId ? `:${msg.msgId}` : "";
    return `evt:${msg.fromUserName}:${msg.createTime}:${msg.event}:${msg.eventKey ?? ""}${id}`;
  }
  if (msg.msgId) return `msg:${msg.msgId}`;
  // A message without MsgId (never seen from WeChat) still needs a stable key.
  return `evt:${msg.fromUserName}:${msg.createTime}:${msg.msgType}:`;
}
