// Triggers: each names a real node, and a flow has at least one way in (a trigger or another flow's jump).
import { type Check, othersThan } from "./context";
import { type Problem, problem } from "./problem";

export const checkTriggerNodes: Check = (flow) => {
  const ids = new Set(flow.nodes.map((n) => n.id));
  const problems: Problem[] = [];
  for (const trigger of flow.triggers) {
    if (!trigger.nodeId || ids.has(trigger.nodeId)) continue;
    problems.push(
      problem(
        "TRIGGER_NODE_MISSING",
        { triggerId: trigger.id, field: "nodeId" },
        `触发器「${trigger.id}」要从节点「${trigger.nodeId}」开始，但该节点不存在。请重新选择开始节点，或留空从起始节点开始。`,
        `Trigger "${trigger.id}" starts at node "${trigger.nodeId}", which does not exist. Choose another node, or leave it empty to use the start node.`,
      ),
    );
  }
  return problems;
};

export const checkEntry: Check = (flow, context) => {
  if (flow.triggers.length > 0) return [];
  const jumpedInto = (othersThan(flow, context) ?? []).some((other) =>
    other.nodes.some((n) => n.kind === "jump" && n.flowId === flow.id),
  );
  if (jumpedInto) return [];
  return [
    problem(
      "NO_ENTRY_TRIGGER",
      { field: "triggers" },
      `流程「${flow.name}」没有触发器，也没有其他流程跳转到这里，粉丝无法进入。请添加关键词、关注或菜单触发器。`,
      `Flow "${flow.name}" has no trigger and no other flow jumps to it, so no follower can enter it. Add a keyword, follow or menu trigger.`,
    ),
  ];
};
