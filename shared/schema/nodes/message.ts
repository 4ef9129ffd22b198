// message: sends one or more WeChat messages, then continues along `next`.
import { z } from "zod";
import { messageSchema } from "../common";
import { nodeBase } from "./base";

export const messageNodeSchema = z.object({
  ...nodeBase("message"),
  messages: z.array(messageSchema).min(1),
  /** When above 0 the messages are sent later (a `delayedSend` effect) and the flow goes on at once. */
  delaySeconds: z.number().int().min(0).max(172800).default(0),
});
export type MessageNode = z.infer<typeof messageNodeSchema>;
