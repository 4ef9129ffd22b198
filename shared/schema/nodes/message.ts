// message: sends one or more WeChat messages, then continues along `next`.
import { z } from "zod";
import { messageSchema } from "../common";
import { nodeBase } from "./base";

export const messageNodeSchema = z.object({
  ...nodeBase("message"),
  messages: z.array(messageSchema).min(1),
  /** When above 0 the messages are sent later (a `delayedSend` effect) and the flow goes on at once. */
  delaySeconds: z.number().int().min(0).max(172800).default(0),
  /**
   * Promotional content (推广内容): its texts and article titles go out labelled 【广告】, and it is
   * not sent to a follower tagged 未成年 at night (22:00–6:00 in the flow's time zone). Left out
   * rather than written as `false`, so flows from before the field keep their files unchanged.
   */
  promotional: z.boolean().optional(),
});
export type MessageNode = z.infer<typeof messageNodeSchema>;
