// The key a retried callback shares with its first delivery (WeChat retries up to three times).
import type { InboundMessage } from "./inbound";

/** `msg:<MsgId>` for messages; `evt:<openid>:<CreateTime>:<Event>:<EventKey>` for events. */
export function dedupKey(msg: InboundMessage): string {
  if (msg.msgType === "event") {
    const eventKey = "eventKey" in msg ? (msg.eventKey ?? "") : "";
    return `evt:${msg.fromUserName}:${msg.createTime}:${msg.event}:${eventKey}`;
  }
  if (msg.msgType === "unknown" && msg.event !== undefined) {
    return `evt:${msg.fromUserName}:${msg.createTime}:${msg.event}:${msg.eventKey ?? ""}`;
  }
  if (msg.msgId) return `msg:${msg.msgId}`;
  // A message without MsgId (never seen from WeChat) still needs a stable key.
  return `evt:${msg.fromUserName}:${msg.createTime}:${msg.msgType}:`;
}
