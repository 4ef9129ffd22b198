// Declared flow variables: what a template, an input or a condition may refer to.
import { z } from "zod";
import { variableNameSchema } from "./common";

export const variableTypes = ["string", "number", "boolean"] as const;
export const variableSchema = z.object({
  name: variableNameSchema,
  type: z.enum(variableTypes).default("string"),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
});
export type Variable = z.infer<typeof variableSchema>;
export type VariableValue = string | number | boolean | null;
