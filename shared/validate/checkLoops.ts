// LOOP_WITHOUT_QUESTION / LOOP_MAY_NOT_END: a cycle of nodes one message walks through without
// stopping at a question. The engine stops such a walk after MAX_NODE_VISITS nodes and, rather
// than send two hundred messages, sends the follower nothing at all.

import { MAX_NODE_VISITS } from "../engine/walk";
import type { Flow, FlowNode } from "../schema";
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

/** Nodes where a walk goes on to the next node in the same message. */
const PASS_THROUGH = new Set<FlowNode["kind"]>([
  "message",
  "condition",
  "set",
  "tag",
  "ab",
  "jump",
  // The runtime feeds the request's result back and walks on within the same message.
  "http",
]);

/** Nodes whose way out can differ from one pass to the next: a loop through them may end. */
const MAY_LEAVE = new Set<FlowNode["kind"]>(["condition", "ab", "http"]);

/** Strongly connected groups of the graph (Tarjan, iterative: flows can be long chains). */
function cycles(ids: string[], next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; edge: number }> = [{ id: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = next.get(frame.id) ?? [];
      if (frame.edge < targets.length) {
        const target = targets[frame.edge++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.id);
        const selfLoop = (next.get(frame.id) ?? []).includes(frame.id);
        if (group.length > 1 || selfLoop) groups.push(group);
      }
    }
  }
  return groups;
}

export const checkLoops: Check = (flow: Flow) => {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const passes = (id: string) => {
    const kind = byId.get(id)?.kind;
    return kind !== undefined && PASS_THROUGH.has(kind);
  };
  const next = new Map<string, string[]>();
  const link = (source: string, target: string) => {
    if (passes(source) && passes(target)) next.set(source, [...(next.get(source) ?? []), target]);
  };
  for (const edge of flow.edges) link(edge.source, edge.target);
  for (const node of flow.nodes) {
    if (node.kind === "jump" && node.nodeId && (!node.flowId || node.flowId === flow.id)) {
      link(node.id, node.nodeId);
    }
    if (node.kind === "jump" && !node.nodeId && node.flowId === flow.id) {
      link(node.id, flow.startNodeId);
    }
  }
  const order = flow.nodes.map((n) => n.id);
  const problems: Problem[] = [];
  for (const group of cycles(order.filter(passes), next)) {
    // Reported on the group's first node in the flow's own order, naming the others.
    const members = order.filter((id) => group.includes(id)).map((id) => byId.get(id)!);
    const first = members[0]!;
    const zhNames = members.map((n) => nodeName(n).zh).join("→");
    const enNames = members.map((n) => nodeName(n).en).join(", ");
    const mayLeave = members.some((n) => MAY_LEAVE.has(n.kind));
    problems.push(
      mayLeave
        ? problem(
            "LOOP_MAY_NOT_END",
            { nodeId: first.id },
            `节点 ${zhNames} 连成了一个环，环里没有提问节点，只能靠条件、A/B 分支或请求结果离开：如果一直离不开，粉丝的一条消息会让流程在环里转上 ${MAX_NODE_VISITS} 个节点后停下，而且什么都不回复。请确认环一定会结束，或在环里加一个提问节点。`,
            `Nodes ${enNames} form a loop with no question in it, left only through a condition, an A/B split or a request's result. If it is never left, one message goes round it for ${MAX_NODE_VISITS} nodes and then stops, and the follower gets no reply at all. Make sure the loop ends, or put a question in it.`,
          )
        : problem(
            "LOOP_WITHOUT_QUESTION",
            { nodeId: first.id },
            `节点 ${zhNames} 连成了一个环，环里没有提问节点，也没有分支能离开：粉丝的一条消息会让流程一直转下去，经过 ${MAX_NODE_VISITS} 个节点后停下，而且什么都不回复。请断开环里的一条连线，或在环里加一个提问节点。`,
            `Nodes ${enNames} form a loop with no question in it and no branch out of it: one message goes round it until ${MAX_NODE_VISITS} nodes have passed, then stops, and the follower gets no reply at all. Remove one of its connections, or put a question in it.`,
          ),
    );
  }
  return problems;
};
