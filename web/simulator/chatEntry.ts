// What the phone shows, one entry per bubble or system line; the component translates codes into words.

import type { Reply } from "../../shared/engine";
import type { HandoffPriority } from "../../shared/schema";
import type { TestInput } from "../../shared/testcase";
import type { SplitPart } from "../../shared/wechat";
import type { MenuNote } from "./phoneMenu";
import type { WindowVerdict } from "./serviceWindow";

/**
 * A reply as the server's sandbox returns it: like an engine reply, without the node; a piece of a
 * long text split to WeChat's size says which piece it is.
 */
export type SandboxReply = (
  | { type: "text"; text: string }
  | { type: "image"; mediaId: string; previewUrl?: string }
  | { type: "voice"; mediaId: string }
  | { type: "video"; mediaId: string; title?: string; description?: string }
  | {
      type: "news";
      articles: Array<{ title: string; description?: string; picUrl?: string; url: string }>;
    }
  | { type: "transfer_customer_service"; kfAccount?: string }
) & { split?: SplitPart };

export type ShownReply = Exclude<SandboxReply, { type: "transfer_customer_service" }>;

export type SystemLine =
  | { code: "handoff"; priority: HandoffPriority; reason: string }
  | { code: "transfer" }
  | { code: "http"; method: string; url: string }
  | { code: "httpResult"; summary: string }
  | { code: "tag"; add: string[]; remove: string[] }
  | { code: "startAt"; nodeId: string }
  | { code: "ended" }
  /** The agent closed the session in WeChat's customer service (simulated). */
  | { code: "handoffClosed" }
  /** The conversation had been idle past the flow's session timeout. */
  | { code: "expired" }
  | { code: "error"; message: string }
  | { code: "noReply" }
  /** A node's messages were not sent (promotional content for a minor at night); the flow went on. */
  | { code: "withheld"; reason: "promotionalAtNight" }
  | { code: "clock"; at: number }
  /** `text` when the server explained itself in both languages. */
  | { code: "serverError"; message: string; text?: { zh: string; en: string } }
  /** The server's own note, in both languages (e.g. the flow is not published). */
  | { code: "serverWarning"; zh: string; en: string }
  /** A menu button did something on the phone (opened a page, the camera) or had nothing to send. */
  | { code: "menu"; note: MenuNote };

export type ChatEntry =
  | { id: number; kind: "follower"; input: TestInput; at: number }
  | {
      id: number;
      kind: "account";
      reply: ShownReply;
      /** null in server mode, where the server does not say which node spoke. */
      nodeId: string | null;
      flowId: string | null;
      at: number;
      /** passive = the HTTP reply to WeChat; custom = the customer-service API. */
      channel: "passive" | "custom";
      /** For custom messages: the window and quota they use, or why WeChat would refuse them. */
      window?: WindowVerdict;
      delaySeconds?: number;
      /** Text over WeChat's 2048 bytes goes as several messages: this is piece `index` (from 1) of `count`. */
      split?: SplitPart;
    }
  | { id: number; kind: "system"; line: SystemLine; nodeId?: string; at: number };

export type EngineReply = Reply;
