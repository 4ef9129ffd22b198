// end: closes the conversation; the next message starts afresh through the triggers.
import { z } from "zod";
import { nodeBase } from "./base";

export const endNodeSchema = z.object({
  ...nodeBase("end"),
});
export type EndNode = z.infer<typeof endNodeSchema>;
