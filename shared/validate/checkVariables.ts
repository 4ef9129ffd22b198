// UNKNOWN_VARIABLE: a template or a node refers to a variable the flow does not declare.
import { FOLLOWER_TEMPLATE_FIELDS } from "../engine";
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { problem } from "./problem";
import { variableUses } from "./variableUses";

const builtIn = new Set<string>(FOLLOWER_TEMPLATE_FIELDS);
const builtInList = FOLLOWER_TEMPLATE_FIELDS.join("、");

export const checkVariables: Check = (flow) => {
  const declared = new Set(flow.variables.map((v) => v.name));
  return flow.nodes.flatMap((node) =>
    variableUses(node)
      .filter((use) => !declared.has(use.name) && !builtIn.has(use.name))
      .map((use) => {
        const name = nodeName(node);
        const shown = use.via === "template" ? `{{${use.name}}}` : use.name;
        if (use.name.startsWith("follower.")) {
          return problem(
            "UNKNOWN_VARIABLE",
            { nodeId: node.id, field: use.field },
            `节点${name.zh}用到了不存在的粉丝属性「${shown}」，它会显示为空。可用的粉丝属性：${builtInList}。`,
            `Node ${name.en} uses "${shown}", which is not a follower field and shows as empty. Follower fields: ${FOLLOWER_TEMPLATE_FIELDS.join(", ")}.`,
          );
        }
        return problem(
          "UNKNOWN_VARIABLE",
          { nodeId: node.id, field: use.field },
          `节点${name.zh}用到了未声明的变量「${shown}」。请在流程的变量列表中添加「${use.name}」，或改正拼写。`,
          `Node ${name.en} uses the undeclared variable "${shown}". Add "${use.name}" to the flow's variables or fix the spelling.`,
        );
      }),
  );
};
