// Turns engine replies into what WeChat receives: passive reply XML, or customer-service API bodies.
import type { Reply } from "../../shared/engine";
import {
  replyToCustomMessage,
  replyToPassiveXml,
  transferCustomerServiceXml,
} from "../wechat/reply";
import { splitText, TEXT_LIMIT_BYTES } from "../wechat/textLimit";
import type { InboundTurn } from "./types";

/** Long text becomes several messages of WeChat's size, in order. */
export function expandReply(reply: Reply): Reply[] {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short text cannot exceed the limit, so skip measuring.
  if (reply.type !== "text" || reply.text.length * 3 <= TEXT_LIMIT_BYTES) return [reply];
  return splitText(reply.text).map((text) => ({ ...reply, text }));
}

/** WeChat's CreateTime is Unix seconds (never milliseconds). */
function seconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

export function passiveXml(reply: Reply, turn: InboundTurn, nowMs: number): string {
  return replyToPassiveXml(reply, {
    toUser: turn.openid,
    fromUser: turn.account,
    createTime: seconds(nowMs),
  });
}

export function transferXml(
  turn: InboundTurn,
  kfAccount: string | undefined,
  nowMs: number,
): string {
  return transferCustomerServiceXml({
    toUser: turn.openid,
    fromUser: turn.account,
    createTime: seconds(nowMs),
    kfAccount,
  });
}

export function customPayload(reply: Reply, openid: string): string {
  return JSON.stringify(replyToCustomMessage(reply, openid));
}
