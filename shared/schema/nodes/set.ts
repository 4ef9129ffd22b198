// set: assigns variables from templates, then continues along `next`.
import { z } from "zod";
import { variableNameSchema } from "../common";
import { nodeBase } from "./base";

export const assignmentSchema = z.object({
  variable: variableNameSchema,
  /** set: the rendered template; add: adds a number; clear: back to the declared default. */
  op: z.enum(["set", "add", "clear"]).default("set"),
  value: z.string().default(""),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const setNodeSchema = z.object({
  ...nodeBase("set"),
  assignments: z.array(assignmentSchema).min(1),
});
export type SetNode = z.infer<typeof setNodeSchema>;
