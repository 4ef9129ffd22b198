// UNKNOWN_VARIABLE: a template or a node refers to a variable the flow does not declare.
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { problem } from "./problem";
import { variableUses } from "./variableUses";

/** Names the engine fills in itself: `follower.tags`, `follower.scene`, … */
function isBuiltIn(name: string): boolean {
  return name.startsWith("follower.");
}

export const checkVariables: Check = (flow) => {
  const declared = new Set(flow.variables.map((v) => v.name));
  return flow.nodes.flatMap((node) =>
    variableUses(node)
      .filter((use) => !declared.has(use.name) && !isBuiltIn(use.name))
      .map((use) => {
        const name = nodeName(node);
        const shown = use.via === "template" ? `{{${use.name}}}` : use.name;
        return problem(
          "UNKNOWN_VARIABLE",
          { nodeId: node.id, field: use.field },
          `节点${name.zh}用到了未声明的变量「${shown}」。请在流程的变量列表中添加「${use.name}」，或改正拼写。`,
          `Node ${name.en} uses the undeclared variable "${shown}". Add "${use.name}" to the flow's variables or fix the spelling.`,
        );
      }),
  );
};
