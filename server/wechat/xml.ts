// Parses WeChat's callback XML (plaintext or decrypted) into typed messages; see xmlTree for the safety rules.
import { WechatProtocolError } from "./errors";
import type { InboundMessage, UnknownInbound } from "./inbound";
import { parseEvent } from "./parseEvent";
import { num, parseRoot, rawFields, textOf } from "./xmlTree";

export { MAX_INBOUND_XML_CHARS } from "./xmlTree";

// Plain functions rather than closures per message: this runs for every callback.
type Root = Record<string, unknown>;

/**
 * The longest FromUserName accepted. WeChat's OpenIDs have 28 characters; the store keeps at most
 * 128 (followers.openid), and a longer one failed the turn's write after the request was already
 * being answered: WeChat got `success` and the message was lost. Refused here, with a 400 instead.
 */
export const MAX_OPENID_CHARS = 128;

/**
 * What a reply's ToUserName cannot carry: characters XML 1.0 forbids (reply.ts drops them) and
 * unpaired surrogates (UTF-8 cannot encode them). A FromUserName holding one was stored under one
 * name and answered under another.
 */
const NOT_IN_A_REPLY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;

function need(root: Root, tag: string): string {
  const value = textOf(root[tag]);
  if (value === undefined || value === "") {
    throw new WechatProtocolError("malformed", `The message has no ${tag}.`);
  }
  return value;
}

/** FromUserName, checked to be an OpenID the store can keep and a reply can be addressed to. */
function openId(root: Root): string {
  const value = need(root, "FromUserName");
  if (value.length > MAX_OPENID_CHARS) {
    throw new WechatProtocolError(
      "malformed",
      `FromUserName has ${value.length} characters; an OpenID has at most ${MAX_OPENID_CHARS}.`,
    );
  }
  const unfit = NOT_IN_A_REPLY.exec(value)?.[0];
  if (unfit !== undefined) {
    const code = unfit.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    throw new WechatProtocolError(
      "malformed",
      `FromUserName contains U+${code}, which a reply cannot carry; an OpenID is letters, digits, "-" and "_".`,
    );
  }
  return value;
}

function str(root: Root, tag: string): string {
  return textOf(root[tag]) ?? "";
}

function opt(root: Root, tag: string): string | undefined {
  const value = textOf(root[tag]);
  return value === undefined || value === "" ? undefined : value;
}

/** Parses a plaintext callback body (or a decrypted safe-mode one) into a typed message. */
export function parseInbound(xml: string): InboundMessage {
  const root = parseRoot(xml);
  const toUserName = need(root, "ToUserName");
  const fromUserName = openId(root);
  const createTimeText = need(root, "CreateTime");
  if (!/^\d{1,12}$/.test(createTimeText)) {
    throw new WechatProtocolError(
      "malformed",
      `CreateTime "${createTimeText}" is not Unix seconds.`,
    );
  }
  const rawMsgType = need(root, "MsgType");
  const common = {
    toUserName,
    fromUserName,
    createTime: Number(createTimeText),
    raw: rawFields(root),
  };
  const msgId = str(root, "MsgId");

  switch (rawMsgType.toLowerCase()) {
    case "text": {
      // Most traffic: built field by field, since object spread here cost more than the parse.
      const text: Extract<InboundMessage, { msgType: "text" }> = {
        toUserName,
        fromUserName,
        createTime: common.createTime,
        raw: common.raw,
        msgType: "text",
        msgId,
        content: str(root, "Content"),
      };
      const bizMsgMenuId = opt(root, "bizmsgmenuid");
      if (bizMsgMenuId) text.bizMsgMenuId = bizMsgMenuId;
      return text;
    }
    case "image":
      return {
        ...common,
        msgType: "image",
        msgId,
        picUrl: str(root, "PicUrl"),
        mediaId: str(root, "MediaId"),
      };
    case "voice": {
      const recognition = opt(root, "Recognition");
      return {
        ...common,
        msgType: "voice",
        msgId,
        mediaId: str(root, "MediaId"),
        format: str(root, "Format"),
        ...(recognition ? { recognition } : {}),
      };
    }
    case "video":
    case "shortvideo":
      return {
        ...common,
        msgType: rawMsgType.toLowerCase() as "video" | "shortvideo",
        msgId,
        mediaId: str(root, "MediaId"),
        thumbMediaId: str(root, "ThumbMediaId"),
      };
    case "location":
      return {
        ...common,
        msgType: "location",
        msgId,
        latitude: num(opt(root, "Location_X")),
        longitude: num(opt(root, "Location_Y")),
        scale: num(opt(root, "Scale")),
        label: str(root, "Label"),
      };
    case "link":
      return {
        ...common,
        msgType: "link",
        msgId,
        title: str(root, "Title"),
        description: str(root, "Description"),
        url: str(root, "Url"),
      };
    case "event":
      return parseEvent(root, common, need(root, "Event"));
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
