// ab: weighted split; a follower keeps the branch first drawn for them (sticky).
import { z } from "zod";
import { idSchema } from "../common";
import { nodeBase } from "./base";

export const abBranchSchema = z.object({
  id: idSchema,
  label: z.string().default(""),
  /** Percent; the weights of a node must add up to 100. */
  weight: z.number().min(0).max(100),
});
export type AbBranch = z.infer<typeof abBranchSchema>;

export const abNodeSchema = z.object({
  ...nodeBase("ab"),
  branches: z.array(abBranchSchema).min(2),
});
export type AbNode = z.infer<typeof abNodeSchema>;
