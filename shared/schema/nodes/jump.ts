// jump: continues at another node of this flow, or at another flow (its start node unless one is named).
import { z } from "zod";
import { idSchema } from "../common";
import { nodeBase } from "./base";

export const jumpNodeSchema = z.object({
  ...nodeBase("jump"),
  /** Another flow's id; this flow when absent. */
  flowId: idSchema.optional(),
  /** Target node; the target flow's start node when absent. */
  nodeId: idSchema.optional(),
});
export type JumpNode = z.infer<typeof jumpNodeSchema>;
