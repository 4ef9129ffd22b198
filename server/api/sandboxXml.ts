// The sandbox's WeChat side: a follower's input as the callback XML WeChat would post, and the passive reply read back.
import { randomInt } from "node:crypto";
import type { TestInput } from "../../shared/testcase";
import type { SplitPart } from "../../shared/wechat";
import { cdata } from "../wechat/reply";
import { childOf, parseRoot, textOf } from "../wechat/xmlTree";

/** Stands in for the account's original id (gh_…), which the server does not need to know. */
export const SANDBOX_ACCOUNT = "gh_huashu_sandbox";
/** The agent who closes a sandbox follower's customer-service session (`account@wechat id`). */
export const SANDBOX_KF_ACCOUNT = "sandbox@huashu";

export type SandboxInput = Exclude<TestInput, { type: "httpResult" | "effectResult" | "startAt" }>;

/** A reply as the simulator shows it; a piece of a split long text says which (shared/wechat). */
export type SandboxReply = (
  | { type: "text"; text: string }
  | { type: "image"; mediaId: string }
  | { type: "voice"; mediaId: string }
  | { type: "video"; mediaId: string; title?: string; description?: string }
  | {
      type: "news";
      articles: Array<{ title: string; description?: string; picUrl?: string; url: string }>;
    }
  | { type: "transfer_customer_service"; kfAccount?: string }
) & { split?: SplitPart };

function el(tag: string, value: string | number): string {
  return typeof value === "number"
    ? `<${tag}>${value}</${tag}>`
    : `<${tag}>${cdata(value)}</${tag}>`;
}

function msgId(): string {
  return `${randomInt(1, 2 ** 47)}${randomInt(0, 100000)}`;
}

/** The body fields after the common header, as WeChat sends them for this kind of message. */
function bodyOf(input: SandboxInput): string {
  switch (input.type) {
    case "text":
      return (
        el("MsgType", "text") +
        el("Content", input.text) +
        el("MsgId", msgId()) +
        (input.menuId ? el("bizmsgmenuid", input.menuId) : "")
      );
    case "media":
      switch (input.media) {
        case "image":
          return (
            el("MsgType", "image") +
            el("PicUrl", input.url ?? "https://example.com/sandbox.jpg") +
            el("MediaId", input.mediaId ?? "sandbox-media") +
            el("MsgId", msgId())
          );
        case "voice":
          return (
            el("MsgType", "voice") +
            el("MediaId", input.mediaId ?? "sandbox-media") +
            el("Format", "amr") +
            el("MsgId", msgId())
          );
        case "video":
        case "shortvideo":
          return (
            el("MsgType", input.media) +
            el("MediaId", input.mediaId ?? "sandbox-media") +
            el("ThumbMediaId", "sandbox-thumb") +
            el("MsgId", msgId())
          );
        case "location":
          return (
            el("MsgType", "location") +
            el("Location_X", "31.2304") +
            el("Location_Y", "121.4737") +
            el("Scale", "15") +
            el("Label", input.label ?? "") +
            el("MsgId", msgId())
          );
        case "link":
          return (
            el("MsgType", "link") +
            el("Title", input.label ?? "") +
            el("Description", "") +
            el("Url", input.url ?? "https://example.com/") +
            el("MsgId", msgId())
          );
      }
      break;
    case "event":
      switch (input.event) {
        case "subscribe":
          return (
            el("MsgType", "event") +
            el("Event", "subscribe") +
            (input.scene
              ? el("EventKey", `qrscene_${input.scene}`) + el("Ticket", "sandbox-ticket")
              : "")
          );
        case "unsubscribe":
          return el("MsgType", "event") + el("Event", "unsubscribe");
        case "scan":
          return (
            el("MsgType", "event") +
            el("Event", "SCAN") +
            el("EventKey", input.scene ?? "") +
            el("Ticket", "sandbox-ticket")
          );
        case "click":
          return el("MsgType", "event") + el("Event", "CLICK") + el("EventKey", input.key ?? "");
        case "view":
          return el("MsgType", "event") + el("Event", "VIEW") + el("EventKey", input.url ?? "");
        case "handoffClosed":
          return (
            el("MsgType", "event") +
            el("Event", "kf_close_session") +
            el("KfAccount", SANDBOX_KF_ACCOUNT)
          );
      }
  }
  throw new Error("unreachable");
}

/** The plaintext callback XML, CreateTime in Unix seconds. */
export function inboundXml(input: SandboxInput, openid: string, createTime: number): string {
  return `<xml>${el("ToUserName", SANDBOX_ACCOUNT)}${el("FromUserName", openid)}${el("CreateTime", createTime)}${bodyOf(input)}</xml>`;
}

function text(node: unknown, tag: string): string | undefined {
  return textOf(childOf(node, tag));
}

/** The fields of an encrypted reply: `<Encrypt>`, `<MsgSignature>`, `<TimeStamp>`, `<Nonce>`. */
export function encryptedReplyParts(xml: string) {
  const root = parseRoot(xml);
  return {
    encrypt: text(root, "Encrypt") ?? "",
    msgSignature: text(root, "MsgSignature") ?? "",
    timestamp: text(root, "TimeStamp") ?? "",
    nonce: text(root, "Nonce") ?? "",
  };
}

/** Reads a passive reply's XML back into what the follower would see; null for `success`/empty. */
export function parsePassiveReply(body: string): SandboxReply | null {
  if (body.trim() === "" || body.trim() === "success") return null;
  const root = parseRoot(body);
  const type = text(root, "MsgType");
  switch (type) {
    case "text":
      return { type: "text", text: text(root, "Content") ?? "" };
    case "image":
      return { type: "image", mediaId: text(childOf(root, "Image"), "MediaId") ?? "" };
    case "voice":
      return { type: "voice", mediaId: text(childOf(root, "Voice"), "MediaId") ?? "" };
    case "video": {
      const video = childOf(root, "Video");
      const title = text(video, "Title");
      const description = text(video, "Description");
      return {
        type: "video",
        mediaId: text(video, "MediaId") ?? "",
        ...(title ? { title } : {}),
        ...(description ? { description } : {}),
      };
    }
    case "news": {
      const items = childOf(childOf(root, "Articles"), "item");
      const list = Array.isArray(items) ? items : items === undefined ? [] : [items];
      return {
        type: "news",
        articles: list.map((item) => {
          const description = text(item, "Description");
          const picUrl = text(item, "PicUrl");
          return {
            title: text(item, "Title") ?? "",
            url: text(item, "Url") ?? "",
            ...(description ? { description } : {}),
            ...(picUrl ? { picUrl } : {}),
          };
        }),
      };
    }
    case "transfer_customer_service": {
      const kfAccount = text(childOf(root, "TransInfo"), "KfAccount");
      return { type: "transfer_customer_service", ...(kfAccount ? { kfAccount } : {}) };
    }
    default:
      throw new Error(`the server answered with an unknown reply type ${type ?? "(none)"}`);
  }
}
