// START_MISSING: the flow's start node must exist, or no conversation can begin.
import type { Check } from "./context";
import { problem } from "./problem";

export const checkStart: Check = (flow) => {
  if (flow.nodes.some((n) => n.id === flow.startNodeId)) return [];
  return [
    problem(
      "START_MISSING",
      { field: "startNodeId" },
      `起始节点「${flow.startNodeId}」不存在。请在画布上把一个节点设为起始节点。`,
      `The start node "${flow.startNodeId}" does not exist. Mark a node on the canvas as the start node.`,
    ),
  ];
};
