// Turns engine replies into what WeChat receives: passive reply XML, or customer-service API bodies.
import type { Reply } from "../../shared/engine";
import {
  replyToCustomMessage,
  replyToPassiveXml,
  transferCustomerServiceXml,
} from "../wechat/reply";
import type { InboundTurn } from "./types";

/** Long text becomes several messages of WeChat's size; shared, so the simulator shows the same. */
export { expandReply } from "../../shared/wechat/expandReply";

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
