// DUPLICATE_ID: node, edge and trigger ids are unique in a flow; option and branch ids within their node.
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

function repeated<T>(items: readonly T[], idOf: (item: T) => string): Array<[T, number]> {
  const seen = new Set<string>();
  const out: Array<[T, number]> = [];
  items.forEach((item, index) => {
    const id = idOf(item);
    if (seen.has(id)) out.push([item, index]);
    seen.add(id);
  });
  return out;
}

export const checkDuplicateIds: Check = (flow) => {
  const problems: Problem[] = [];
  for (const [node] of repeated(flow.nodes, (n) => n.id)) {
    problems.push(
      problem(
        "DUPLICATE_ID",
        { nodeId: node.id, field: "id" },
        `有多个节点使用编号「${node.id}」。请给其中一个换一个编号。`,
        `Several nodes use the id "${node.id}". Give one of them another id.`,
      ),
    );
  }
  for (const [edge] of repeated(flow.edges, (e) => e.id)) {
    problems.push(
      problem(
        "DUPLICATE_ID",
        { edgeId: edge.id, field: "id" },
        `有多条连线使用编号「${edge.id}」。请删除重复的连线后重新连接。`,
        `Several edges use the id "${edge.id}". Delete the duplicate and connect again.`,
      ),
    );
  }
  for (const [trigger] of repeated(flow.triggers, (t) => t.id)) {
    problems.push(
      problem(
        "DUPLICATE_ID",
        { triggerId: trigger.id, field: "id" },
        `有多个触发器使用编号「${trigger.id}」。请给其中一个换一个编号。`,
        `Several triggers use the id "${trigger.id}". Give one of them another id.`,
      ),
    );
  }
  for (const node of flow.nodes) {
    const name = nodeName(node);
    const lists =
      node.kind === "question" && node.answer.type === "options"
        ? [{ items: node.answer.options, field: "answer.options", zh: "选项", en: "options" }]
        : node.kind === "condition" || node.kind === "ab"
          ? [{ items: node.branches, field: "branches", zh: "分支", en: "branches" }]
          : [];
    for (const list of lists) {
      for (const [item, index] of repeated(list.items, (i: { id: string }) => i.id)) {
        problems.push(
          problem(
            "DUPLICATE_ID",
            { nodeId: node.id, field: `${list.field}.${index}.id` },
            `节点${name.zh}中有多个${list.zh}使用编号「${item.id}」。请给其中一个换一个编号。`,
            `Node ${name.en} has several ${list.en} with the id "${item.id}". Give one of them another id.`,
          ),
        );
      }
    }
  }
  return problems;
};
