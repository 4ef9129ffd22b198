// Building blocks shared by every part of the flow document: ids, positions, WeChat messages.
import { z } from "zod";

/** Ids stay put once created: letters, digits, `_` and `-`, so they diff cleanly and fit URLs. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "只能包含字母、数字、_ 和 - / letters, digits, _ and - only");
export type Id = z.infer<typeof idSchema>;

/** A variable name usable in `{{name}}` templates. */
export const variableNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "变量名须以字母或 _ 开头 / must start with a letter or _");

export const positionSchema = z.object({ x: z.number(), y: z.number() });
export type Position = z.infer<typeof positionSchema>;

export const textMessageSchema = z.object({
  type: z.literal("text"),
  /** May contain `{{variable}}` (or `{{variable|fallback}}`) placeholders. */
  text: z.string(),
});
export const imageMessageSchema = z.object({
  type: z.literal("image"),
  /** WeChat media id (permanent material) used when sending. */
  mediaId: z.string(),
  /** Optional picture address the editor and simulator show as a preview. */
  previewUrl: z.string().optional(),
});
export const voiceMessageSchema = z.object({ type: z.literal("voice"), mediaId: z.string() });
export const videoMessageSchema = z.object({
  type: z.literal("video"),
  mediaId: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
});
export const articleSchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  picUrl: z.string().optional(),
  url: z.string(),
});
export type Article = z.infer<typeof articleSchema>;
/** A news (图文) message. WeChat passes only one article in a reply; validation flags more. */
export const newsMessageSchema = z.object({
  type: z.literal("news"),
  articles: z.array(articleSchema).min(1),
});

export const messageSchema = z.discriminatedUnion("type", [
  textMessageSchema,
  imageMessageSchema,
  voiceMessageSchema,
  videoMessageSchema,
  newsMessageSchema,
]);
export type Message = z.infer<typeof messageSchema>;
export type MessageType = Message["type"];
