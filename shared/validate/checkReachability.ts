// UNREACHABLE_NODE: a node no conversation can arrive at from the start, a trigger or a jump.
import type { Flow } from "../schema";
import { type Check, othersThan } from "./context";
import { nodeName } from "./nodeName";
import { problem } from "./problem";

/** Node ids a conversation can enter this flow at, before following any edge. */
function entryNodeIds(flow: Flow, otherFlows: Flow[] | undefined): string[] {
  const entries = [flow.startNodeId];
  for (const trigger of flow.triggers) if (trigger.nodeId) entries.push(trigger.nodeId);
  for (const node of flow.nodes) {
    if (node.kind === "jump" && node.nodeId && (!node.flowId || node.flowId === flow.id)) {
      entries.push(node.nodeId);
    }
  }
  for (const other of otherFlows ?? []) {
    for (const node of other.nodes) {
      if (node.kind === "jump" && node.flowId === flow.id && node.nodeId) entries.push(node.nodeId);
    }
  }
  return entries;
}

export const checkReachability: Check = (flow, context) => {
  const next = new Map<string, string[]>();
  for (const edge of flow.edges) {
    next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  }
  const reached = new Set<string>();
  const queue = entryNodeIds(flow, othersThan(flow, context));
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...(next.get(id) ?? []));
  }
  return flow.nodes
    .filter((node) => !reached.has(node.id))
    .map((node) => {
      const name = nodeName(node);
      return problem(
        "UNREACHABLE_NODE",
        { nodeId: node.id },
        `节点${name.zh}无法到达：起始节点、触发器和跳转都不会走到这里。请把它连到流程中，或者删除它。`,
        `Node ${name.en} cannot be reached from the start node, a trigger or a jump. Connect it to the flow or delete it.`,
      );
    });
};
