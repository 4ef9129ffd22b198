// Triggers: what starts a flow (keywords, WeChat events, the fallback for unmatched messages).
import { z } from "zod";
import { idSchema } from "./common";

export const keywordMatchModes = ["exact", "contains", "regex", "fuzzy"] as const;
export type KeywordMatchMode = (typeof keywordMatchModes)[number];

export const keywordTriggerSchema = z.object({
  id: idSchema,
  type: z.literal("keyword"),
  match: z.enum(keywordMatchModes).default("contains"),
  /** The keyword, or a regular expression when `match` is `regex`. */
  pattern: z.string().min(1),
  /** Higher wins when several triggers match the same message. */
  priority: z.number().int().default(0),
  /** A global keyword also works in the middle of a conversation (人工, 菜单, 重新开始). */
  global: z.boolean().default(false),
  /** `start` begins this flow; `restart` begins the follower's current flow again. */
  action: z.enum(["start", "restart"]).default("start"),
  /** Node to start at; the flow's start node when absent. */
  nodeId: idSchema.optional(),
});

export const flowEvents = ["subscribe", "scan", "click"] as const;
export type FlowEvent = (typeof flowEvents)[number];

export const eventTriggerSchema = z.object({
  id: idSchema,
  type: z.literal("event"),
  /** subscribe: a follow (optionally through a QR scene); scan: a follower scanned a scene QR; click: a menu CLICK key. */
  event: z.enum(flowEvents),
  /** QR scene for subscribe/scan (without the `qrscene_` prefix); any scene when absent. */
  scene: z.string().optional(),
  /** Menu CLICK key, for `click`. */
  key: z.string().optional(),
  nodeId: idSchema.optional(),
});

/** The flow that answers messages no other trigger or conversation claims. At most one flow has it. */
export const fallbackTriggerSchema = z.object({
  id: idSchema,
  type: z.literal("fallback"),
  nodeId: idSchema.optional(),
});

export const triggerSchema = z.discriminatedUnion("type", [
  keywordTriggerSchema,
  eventTriggerSchema,
  fallbackTriggerSchema,
]);
export type KeywordTrigger = z.infer<typeof keywordTriggerSchema>;
export type EventTrigger = z.infer<typeof eventTriggerSchema>;
export type FallbackTrigger = z.infer<typeof fallbackTriggerSchema>;
export type Trigger = z.infer<typeof triggerSchema>;
