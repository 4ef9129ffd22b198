// Parses WeChat's callback XML (plaintext or decrypted) into typed messages; see xmlTree for the safety rules.
import { WechatProtocolError } from "./errors";
import type { InboundMessage, UnknownInbound } from "./inbound";
import { parseEvent } from "./parseEvent";
import { num, parseRoot, rawFields, textOf } from "./xmlTree";

export { MAX_INBOUND_XML_CHARS } from "./xmlTree";

/** Parses a plaintext callback body (or a decrypted safe-mode one) into a typed message. */
export function parseInbound(xml: string): InboundMessage {
  const root = parseRoot(xml);
  const field = (tag: string) => textOf(root[tag]);
  const need = (tag: string): string => {
    const value = field(tag);
    if (value === undefined || value === "") {
      throw new WechatProtocolError("malformed", `The message has no ${tag}.`);
    }
    return value;
  };
  const toUserName = need("ToUserName");
  const fromUserName = need("FromUserName");
  const createTimeText = need("CreateTime");
  if (!/^\d{1,12}$/.test(createTimeText)) {
    throw new WechatProtocolError(
      "malformed",
      `CreateTime "${createTimeText}" is not Unix seconds.`,
    );
  }
  const rawMsgType = need("MsgType");
  const common = {
    toUserName,
    fromUserName,
    createTime: Number(createTimeText),
    raw: rawFields(root),
  };
  const str = (tag: string) => field(tag) ?? "";
  const opt = (tag: string) => {
    const value = field(tag);
    return value === undefined || value === "" ? undefined : value;
  };
  const msgId = str("MsgId");

  switch (rawMsgType.toLowerCase()) {
    case "text": {
      const bizMsgMenuId = opt("bizmsgmenuid");
      return {
        ...common,
        msgType: "text",
        msgId,
        content: str("Content"),
        ...(bizMsgMenuId ? { bizMsgMenuId } : {}),
      };
    }
    case "image":
      return { ...common, msgType: "image", msgId, picUrl: str("PicUrl"), mediaId: str("MediaId") };
    case "voice": {
      const recognition = opt("Recognition");
      return {
        ...common,
        msgType: "voice",
        msgId,
        mediaId: str("MediaId"),
        format: str("Format"),
        ...(recognition ? { recognition } : {}),
      };
    }
    case "video":
    case "shortvideo":
      return {
        ...common,
        msgType: rawMsgType.toLowerCase() as "video" | "shortvideo",
        msgId,
        mediaId: str("MediaId"),
        thumbMediaId: str("ThumbMediaId"),
      };
    case "location":
      return {
        ...common,
        msgType: "location",
        msgId,
        latitude: num(opt("Location_X")),
        longitude: num(opt("Location_Y")),
        scale: num(opt("Scale")),
        label: str("Label"),
      };
    case "link":
      return {
        ...common,
        msgType: "link",
        msgId,
        title: str("Title"),
        description: str("Description"),
        url: str("Url"),
      };
    case "event":
      return parseEvent(root, common, need("Event"));
    default: {
      const unknown: UnknownInbound = { ...common, msgType: "unknown", rawMsgType };
      if (msgId) unknown.msgId = msgId;
      return unknown;
    }
  }
}

export interface EncryptedEnvelope {
  toUserName?: string;
  encrypt: string;
}

/** Reads the `<Encrypt>` of a safe-mode or compatible-mode body; decrypt it with WechatCrypto. */
export function parseEncryptedEnvelope(xml: string): EncryptedEnvelope {
  const root = parseRoot(xml);
  const encrypt = textOf(root.Encrypt);
  if (!encrypt) {
    throw new WechatProtocolError("malformed", "The encrypted body has no <Encrypt> element.");
  }
  const toUserName = textOf(root.ToUserName);
  return toUserName ? { toUserName, encrypt } : { encrypt };
}
