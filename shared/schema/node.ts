// The node union: every kind a flow can hold, told apart by `kind`.
import { z } from "zod";
import { abNodeSchema } from "./nodes/ab";
import { conditionNodeSchema } from "./nodes/condition";
import { endNodeSchema } from "./nodes/end";
import { handoffNodeSchema } from "./nodes/handoff";
import { httpNodeSchema } from "./nodes/http";
import { jumpNodeSchema } from "./nodes/jump";
import { messageNodeSchema } from "./nodes/message";
import { questionNodeSchema } from "./nodes/question";
import { setNodeSchema } from "./nodes/set";
import { tagNodeSchema } from "./nodes/tag";

export const nodeSchema = z.discriminatedUnion("kind", [
  messageNodeSchema,
  questionNodeSchema,
  conditionNodeSchema,
  setNodeSchema,
  tagNodeSchema,
  httpNodeSchema,
  handoffNodeSchema,
  abNodeSchema,
  jumpNodeSchema,
  endNodeSchema,
]);
export type FlowNode = z.infer<typeof nodeSchema>;
export type NodeKind = FlowNode["kind"];
export type NodeOfKind<K extends NodeKind> = Extract<FlowNode, { kind: K }>;

export const nodeKinds = [
  "message",
  "question",
  "condition",
  "set",
  "tag",
  "http",
  "handoff",
  "ab",
  "jump",
  "end",
] as const satisfies readonly NodeKind[];
