// handoff: passes the follower to a human agent; the conversation stays with people until restarted.
import { z } from "zod";
import { nodeBase } from "./base";

export const handoffPriorities = ["urgent", "high", "normal", "low"] as const;
export type HandoffPriority = (typeof handoffPriorities)[number];

export const handoffNodeSchema = z.object({
  ...nodeBase("handoff"),
  /** Why (shown to the agent); templated. */
  reason: z.string().default(""),
  priority: z.enum(handoffPriorities).default("normal"),
  /** Optional WeChat customer-service account (TransInfo.KfAccount). */
  kfAccount: z.string().optional(),
});
export type HandoffNode = z.infer<typeof handoffNodeSchema>;
