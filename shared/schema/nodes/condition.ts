// condition: ordered branches over variables, follower attributes and time; first match wins, else `else`.
import { z } from "zod";
import { idSchema, variableNameSchema } from "../common";
import { nodeBase } from "./base";

export const followerFields = [
  "subscribed",
  "scene",
  "tags",
  "isNew",
  "interactions",
  "silentDays",
] as const;
export const timeFields = ["hour", "weekday"] as const;

export const operandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("variable"), name: variableNameSchema }),
  z.object({ type: z.literal("follower"), field: z.enum(followerFields) }),
  /** hour 0–23 and weekday 1–7 (Monday = 1) in the flow's time zone. */
  z.object({ type: z.literal("time"), field: z.enum(timeFields) }),
]);
export type Operand = z.infer<typeof operandSchema>;

export const conditionOperators = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "notContains",
  "isEmpty",
  "notEmpty",
  "matches",
  "between",
] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

export const ruleSchema = z.object({
  left: operandSchema,
  op: z.enum(conditionOperators),
  /** Compared as a number when both sides are numbers; `between` reads "9-18" (inclusive). */
  value: z.string().default(""),
});
export type ConditionRule = z.infer<typeof ruleSchema>;

export const branchSchema = z.object({
  id: idSchema,
  label: z.string().default(""),
  /** all: every rule must hold; any: one is enough. */
  match: z.enum(["all", "any"]).default("all"),
  rules: z.array(ruleSchema).min(1),
});
export type ConditionBranch = z.infer<typeof branchSchema>;

export const conditionNodeSchema = z.object({
  ...nodeBase("condition"),
  branches: z.array(branchSchema).min(1),
});
export type ConditionNode = z.infer<typeof conditionNodeSchema>;
