// Edges that lead nowhere, and outputs (options, branches, HTTP outcomes) that lead nowhere.
import { FAILURE, type FlowNode, outputsOf, SUCCESS } from "../schema";
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

/** A node's output handles, worked out once per node: large flows have thousands of edges. */
function handlesOf(node: FlowNode, cache: Map<FlowNode, Set<string>>): Set<string> {
  let handles = cache.get(node);
  if (!handles) {
    handles = new Set(outputsOf(node).map((o) => o.handle));
    cache.set(node, handles);
  }
  return handles;
}

function danglingEdges(nodes: Map<string, FlowNode>, flow: Parameters<Check>[0]): Problem[] {
  const problems: Problem[] = [];
  const handles = new Map<FlowNode, Set<string>>();
  for (const edge of flow.edges) {
    const source = nodes.get(edge.source);
    if (!source) {
      problems.push(
        problem(
          "DANGLING_EDGE",
          { edgeId: edge.id, field: "source" },
          `连线「${edge.id}」的起点节点「${edge.source}」不存在。请删除这条连线。`,
          `Edge "${edge.id}" starts at node "${edge.source}", which does not exist. Delete the edge.`,
        ),
      );
      continue;
    }
    if (!nodes.has(edge.target)) {
      const name = nodeName(source);
      problems.push(
        problem(
          "DANGLING_EDGE",
          { edgeId: edge.id, field: "target" },
          `从节点${name.zh}出发的连线「${edge.id}」指向不存在的节点「${edge.target}」。请重新连接或删除它。`,
          `Edge "${edge.id}" from node ${name.en} points at node "${edge.target}", which does not exist. Reconnect or delete it.`,
        ),
      );
      continue;
    }
    if (!handlesOf(source, handles).has(edge.sourceHandle)) {
      const name = nodeName(source);
      problems.push(
        problem(
          "DANGLING_EDGE",
          { edgeId: edge.id, field: "sourceHandle" },
          `连线「${edge.id}」接在节点${name.zh}上已不存在的出口「${edge.sourceHandle}」（可能是删掉的选项或分支）。请删除它并从现有出口重新连接。`,
          `Edge "${edge.id}" leaves node ${name.en} from output "${edge.sourceHandle}", which no longer exists (a deleted option or branch?). Delete it and connect from an existing output.`,
        ),
      );
    }
  }
  return problems;
}

function unconnectedOutputs(node: FlowNode, connected: Set<string>): Problem[] {
  const name = nodeName(node);
  const has = (handle: string) => connected.has(`${node.id}\u0000${handle}`);
  if (node.kind === "question" && node.answer.type === "options") {
    return node.answer.options.flatMap((option, index) =>
      has(option.id)
        ? []
        : [
            problem(
              "OPTION_WITHOUT_EDGE",
              { nodeId: node.id, field: `answer.options.${index}` },
              `节点${name.zh}的选项「${option.label}」没有连线，粉丝选了它对话就会中断。请从这个选项拉一条连线到下一步。`,
              `Option "${option.label}" of node ${name.en} has no edge, so choosing it ends the conversation. Drag an edge from the option to the next step.`,
            ),
          ],
    );
  }
  if (node.kind === "condition" || node.kind === "ab") {
    return node.branches.flatMap((branch, index) => {
      if (has(branch.id)) return [];
      const label = branch.label || branch.id;
      return [
        problem(
          "BRANCH_WITHOUT_EDGE",
          { nodeId: node.id, field: `branches.${index}` },
          `节点${name.zh}的分支「${label}」没有连线，走到这里对话会结束。如果不是有意为之，请给它连一条线。`,
          `Branch "${label}" of node ${name.en} has no edge; a conversation taking it ends there. Connect it unless that is intended.`,
        ),
      ];
    });
  }
  if (node.kind === "http") {
    const outcomes = [
      { handle: SUCCESS, zh: "成功", en: "success" },
      { handle: FAILURE, zh: "失败", en: "failure" },
    ];
    return outcomes.flatMap((outcome) =>
      has(outcome.handle)
        ? []
        : [
            problem(
              "HTTP_EDGE_MISSING",
              { nodeId: node.id, field: outcome.handle },
              `请求节点${name.zh}的「${outcome.zh}」出口没有连线，请求${outcome.zh}时粉丝将收不到任何回复。请连一条线。`,
              `The ${outcome.en} output of HTTP node ${name.en} has no edge, so on ${outcome.en} the follower hears nothing. Connect it.`,
            ),
          ],
    );
  }
  return [];
}

export const checkEdges: Check = (flow) => {
  const nodes = new Map(flow.nodes.map((n) => [n.id, n]));
  const connected = new Set(
    flow.edges.filter((e) => nodes.has(e.target)).map((e) => `${e.source}\u0000${e.sourceHandle}`),
  );
  return [
    ...danglingEdges(nodes, flow),
    ...flow.nodes.flatMap((node) => unconnectedOutputs(node, connected)),
  ];
};
