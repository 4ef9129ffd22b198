// The custom node component per kind, defined once at module level so React Flow never remounts nodes.
import type { NodeTypes } from "@xyflow/react";
import type { NodeKind } from "../../../shared/schema";
import { AbNode } from "./AbNode";
import { ConditionNode } from "./ConditionNode";
import { HttpNode } from "./HttpNode";
import { MessageNode } from "./MessageNode";
import { QuestionNode } from "./QuestionNode";
import { EndNode, HandoffNode, JumpNode, SetNode, TagNode } from "./SimpleNodes";

export const nodeTypes = {
  message: MessageNode,
  question: QuestionNode,
  condition: ConditionNode,
  set: SetNode,
  tag: TagNode,
  http: HttpNode,
  handoff: HandoffNode,
  ab: AbNode,
  jump: JumpNode,
  end: EndNode,
} satisfies Record<NodeKind, unknown> as NodeTypes;
