// Settings a node cannot work without: A/B weights adding up to 100, an HTTP address.
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

export const checkNodeSettings: Check = (flow) => {
  const problems: Problem[] = [];
  for (const node of flow.nodes) {
    const name = nodeName(node);
    if (node.kind === "ab") {
      const total = node.branches.reduce((sum, b) => sum + b.weight, 0);
      if (Math.abs(total - 100) > 1e-9) {
        problems.push(
          problem(
            "AB_WEIGHTS",
            { nodeId: node.id, field: "branches" },
            `A/B 节点${name.zh}各分支的比例加起来是 ${total}%，应为 100%。请调整比例。`,
            `The branch weights of A/B node ${name.en} add up to ${total}%, not 100%. Adjust them.`,
          ),
        );
      }
    }
    if (node.kind === "http" && !node.url.trim()) {
      problems.push(
        problem(
          "HTTP_URL_EMPTY",
          { nodeId: node.id, field: "url" },
          `请求节点${name.zh}没有填写请求地址。请填写以 https:// 开头的地址。`,
          `HTTP node ${name.en} has no URL. Enter an address starting with https://.`,
        ),
      );
    }
  }
  return problems;
};
