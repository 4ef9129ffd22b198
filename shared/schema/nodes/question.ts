// question: a prompt answered by picking an option or by free input checked by a validator.
import { z } from "zod";
import { idSchema, variableNameSchema } from "../common";
import { nodeBase } from "./base";

export const optionSchema = z.object({
  id: idSchema,
  label: z.string().min(1),
  /** Other words a follower may type for this option (e.g. 尺码 for 尺寸). */
  synonyms: z.array(z.string()).default([]),
});
export type QuestionOption = z.infer<typeof optionSchema>;

/** numbered: "1. 选项" lines; menu: clickable weixin://bizmsgmenu links. */
export const optionDisplays = ["numbered", "menu"] as const;

export const optionsAnswerSchema = z.object({
  type: z.literal("options"),
  options: z.array(optionSchema).min(1),
  display: z.enum(optionDisplays).default("numbered"),
  /** Store the chosen option's label in this variable. */
  saveTo: variableNameSchema.optional(),
});

export const validatorSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("any") }),
  z.object({
    type: z.literal("number"),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
  }),
  z.object({ type: z.literal("mobile") }),
  z.object({ type: z.literal("email") }),
  z.object({ type: z.literal("date") }),
  z.object({ type: z.literal("regex"), pattern: z.string().min(1), flags: z.string().default("") }),
]);
export type InputValidator = z.infer<typeof validatorSchema>;
export type ValidatorType = InputValidator["type"];

export const inputAnswerSchema = z.object({
  type: z.literal("input"),
  /** The variable that receives the (normalised) answer. */
  variable: variableNameSchema,
  validator: validatorSchema.default({ type: "any" }),
});

export const questionNodeSchema = z.object({
  ...nodeBase("question"),
  /** The question text; `{{variable}}` placeholders allowed. */
  prompt: z.string(),
  answer: z.discriminatedUnion("type", [optionsAnswerSchema, inputAnswerSchema]),
  /** Said when the answer is not understood; the prompt is repeated after it. */
  reprompt: z.string().default("抱歉，我没有理解您的回答，请再试一次。"),
  /** After this many failed answers the flow leaves along `noMatch`. */
  maxRetries: z.number().int().min(0).max(10).default(2),
});
export type QuestionNode = z.infer<typeof questionNodeSchema>;
