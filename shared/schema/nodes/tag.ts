// tag: adds or removes follower tags (emitted as a `tag` effect), then continues along `next`.
import { z } from "zod";
import { nodeBase } from "./base";

export const tagNodeSchema = z.object({
  ...nodeBase("tag"),
  add: z.array(z.string().min(1)).default([]),
  remove: z.array(z.string().min(1)).default([]),
});
export type TagNode = z.infer<typeof tagNodeSchema>;
