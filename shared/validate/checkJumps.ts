// JUMP_TARGET_MISSING: a jump to a node or flow that does not exist.
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

export const checkJumps: Check = (flow, context) => {
  const problems: Problem[] = [];
  for (const node of flow.nodes) {
    if (node.kind !== "jump") continue;
    const name = nodeName(node);
    const targetFlow =
      !node.flowId || node.flowId === flow.id
        ? flow
        : context.otherFlows?.find((f) => f.id === node.flowId);
    if (!targetFlow) {
      // Without the other flows there is nothing to check a cross-flow jump against.
      if (!context.otherFlows) continue;
      problems.push(
        problem(
          "JUMP_TARGET_MISSING",
          { nodeId: node.id, field: "flowId" },
          `跳转节点${name.zh}指向的流程「${node.flowId}」不存在。请选择一个现有的流程。`,
          `Jump node ${name.en} points at flow "${node.flowId}", which does not exist. Pick an existing flow.`,
        ),
      );
      continue;
    }
    if (node.nodeId && !targetFlow.nodes.some((n) => n.id === node.nodeId)) {
      const where = targetFlow === flow ? "本流程" : `流程「${targetFlow.name}」`;
      const whereEn = targetFlow === flow ? "this flow" : `flow "${targetFlow.name}"`;
      problems.push(
        problem(
          "JUMP_TARGET_MISSING",
          { nodeId: node.id, field: "nodeId" },
          `跳转节点${name.zh}指向的节点「${node.nodeId}」在${where}中不存在。请重新选择目标节点。`,
          `Jump node ${name.en} points at node "${node.nodeId}", which does not exist in ${whereEn}. Choose the target node again.`,
        ),
      );
    }
  }
  return problems;
};
