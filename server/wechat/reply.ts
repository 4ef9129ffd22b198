// Passive reply XML (the answer to WeChat's POST), built from the engine's Reply; CreateTime in seconds.
import type { Reply } from "../../shared/engine/types";
import type { Article } from "../../shared/schema";
import { trimText } from "../../shared/wechat";
import type { KeyUsed, WechatCrypto } from "./crypto";

export { replyToCustomMessage } from "./customMessage";

/** Who the reply goes to (the follower's OpenID), from (the account's gh_ id), and when, in Unix seconds. */
export interface PassiveEnvelope {
  toUser: string;
  fromUser: string;
  createTime: number;
}

export type PassiveMessage =
  | { type: "text"; text: string }
  | { type: "image"; mediaId: string }
  | { type: "voice"; mediaId: string }
  | { type: "video"; mediaId: string; title?: string; description?: string }
  | {
      type: "music";
      title?: string;
      description?: string;
      musicUrl?: string;
      hqMusicUrl?: string;
      thumbMediaId: string;
    }
  | { type: "news"; articles: Article[] }
  | { type: "transfer_customer_service"; kfAccount?: string };

// Characters XML 1.0 forbids; WeChat would reject the whole reply over one of them.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** A string as CDATA; a literal `]]>` is split across two sections so it cannot end the first early. */
export function cdata(value: string): string {
  const clean = value.replace(XML_INVALID, "");
  return `<![CDATA[${clean.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

function tag(name: string, value: string | number | undefined): string {
  if (value === undefined) return "";
  const body = typeof value === "number" ? String(value) : cdata(value);
  return `<${name}>${body}</${name}>`;
}

function checkSeconds(createTime: number): number {
  if (!Number.isInteger(createTime) || createTime < 0 || createTime > 99_999_999_999) {
    // Milliseconds here are a known SDK bug: WeChat expects Unix seconds.
    throw new RangeError(`CreateTime must be Unix seconds, got ${createTime}`);
  }
  return createTime;
}

function body(message: PassiveMessage): string {
  switch (message.type) {
    case "text":
      return tag("Content", trimText(message.text));
    case "image":
      return `<Image>${tag("MediaId", message.mediaId)}</Image>`;
    case "voice":
      return `<Voice>${tag("MediaId", message.mediaId)}</Voice>`;
    case "video":
      return `<Video>${tag("MediaId", message.mediaId)}${tag("Title", message.title)}${tag("Description", message.description)}</Video>`;
    case "music":
      return (
        `<Music>${tag("Title", message.title)}${tag("Description", message.description)}` +
        `${tag("MusicUrl", message.musicUrl)}${tag("HQMusicUrl", message.hqMusicUrl)}` +
        `${tag("ThumbMediaId", message.thumbMediaId)}</Music>`
      );
    case "news": {
      // A reply to a follower may carry one article (platform rule since 2018): take the first.
      const article = message.articles[0];
      if (!article) throw new RangeError("A news reply needs at least one article");
      const item =
        `<item>${tag("Title", article.title)}${tag("Description", article.description ?? "")}` +
        `${tag("PicUrl", article.picUrl ?? "")}${tag("Url", article.url)}</item>`;
      return `${tag("ArticleCount", 1)}<Articles>${item}</Articles>`;
    }
    case "transfer_customer_service":
      return message.kfAccount
        ? `<TransInfo>${tag("KfAccount", message.kfAccount)}</TransInfo>`
        : "";
  }
}

/** The whole `<xml>…</xml>` for one passive message. Text over 2048 bytes is trimmed with a marker. */
export function passiveReplyXml(message: PassiveMessage, envelope: PassiveEnvelope): string {
  return (
    `<xml>${tag("ToUserName", envelope.toUser)}${tag("FromUserName", envelope.fromUser)}` +
    `${tag("CreateTime", checkSeconds(envelope.createTime))}${tag("MsgType", message.type)}` +
    `${body(message)}</xml>`
  );
}

/** The engine's Reply as a passive reply. Split long text with splitText first; this only trims. */
export function replyToPassiveXml(reply: Reply, envelope: PassiveEnvelope): string {
  switch (reply.type) {
    case "text":
      return passiveReplyXml({ type: "text", text: reply.text }, envelope);
    case "image":
      return passiveReplyXml({ type: "image", mediaId: reply.mediaId }, envelope);
    case "voice":
      return passiveReplyXml({ type: "voice", mediaId: reply.mediaId }, envelope);
    case "video":
      return passiveReplyXml(
        {
          type: "video",
          mediaId: reply.mediaId,
          title: reply.title,
          description: reply.description,
        },
        envelope,
      );
    case "news":
      return passiveReplyXml({ type: "news", articles: reply.articles }, envelope);
  }
}

/** Hands the follower's message to WeChat's own customer-service system (optionally one agent). */
export function transferCustomerServiceXml(
  envelope: PassiveEnvelope & { kfAccount?: string },
): string {
  return passiveReplyXml(
    envelope.kfAccount
      ? { type: "transfer_customer_service", kfAccount: envelope.kfAccount }
      : { type: "transfer_customer_service" },
    envelope,
  );
}

export interface EncryptedReplyParts {
  encrypt: string;
  msgSignature: string;
  timestamp: string | number;
  nonce: string;
}

export interface EncryptReplyOptions {
  timestamp: string | number;
  nonce: string;
  /** The key the request was decrypted with; defaults to the current one. */
  key?: KeyUsed;
}

/**
 * The safe-mode reply body. Either from already encrypted parts, or (convenience for the route)
 * by encrypting a passive reply XML with the given crypto.
 */
export function encryptedReplyXml(parts: EncryptedReplyParts): string;
export function encryptedReplyXml(
  crypto: WechatCrypto,
  xml: string,
  options: EncryptReplyOptions,
): string;
export function encryptedReplyXml(
  first: EncryptedReplyParts | WechatCrypto,
  xml?: string,
  options?: EncryptReplyOptions,
): string {
  let parts: EncryptedReplyParts;
  if ("encrypt" in first && typeof first.encrypt === "function") {
    const crypto = first as WechatCrypto;
    if (xml === undefined || !options)
      throw new TypeError("encryptedReplyXml needs the xml and options");
    const out = crypto.encrypt(xml, {
      timestamp: options.timestamp,
      nonce: options.nonce,
      ...(options.key ? { key: options.key } : {}),
    });
    parts = { ...out, timestamp: options.timestamp, nonce: options.nonce };
  } else {
    parts = first as EncryptedReplyParts;
  }
  return (
    `<xml>${tag("Encrypt", parts.encrypt)}${tag("MsgSignature", parts.msgSignature)}` +
    `<TimeStamp>${String(parts.timestamp)}</TimeStamp>${tag("Nonce", parts.nonce)}</xml>`
  );
}
