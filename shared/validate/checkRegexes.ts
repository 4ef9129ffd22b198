// INVALID_REGEX: regular expressions (keyword triggers, input validators, `matches` rules) must compile.
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

/** The compiler's complaint, or null when the pattern compiles. */
export function regexError(pattern: string, flags = ""): string | null {
  try {
    new RegExp(pattern, flags);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const checkRegexes: Check = (flow) => {
  const problems: Problem[] = [];
  for (const trigger of flow.triggers) {
    if (trigger.type !== "keyword" || trigger.match !== "regex") continue;
    const error = regexError(trigger.pattern);
    if (error) {
      problems.push(
        problem(
          "INVALID_REGEX",
          { triggerId: trigger.id, field: "pattern" },
          `关键词触发器「${trigger.id}」的正则表达式「${trigger.pattern}」无效（${error}）。请改正它，或把匹配方式改为“包含”。`,
          `The regular expression "${trigger.pattern}" of keyword trigger "${trigger.id}" is invalid (${error}). Fix it or match by "contains" instead.`,
        ),
      );
    }
  }
  for (const node of flow.nodes) {
    const name = nodeName(node);
    const patterns: Array<{ field: string; pattern: string; flags: string }> = [];
    if (node.kind === "question" && node.answer.type === "input") {
      const v = node.answer.validator;
      if (v.type === "regex") patterns.push({ field: "answer.validator.pattern", ...v });
    }
    if (node.kind === "condition") {
      node.branches.forEach((b, i) => {
        b.rules.forEach((r, j) => {
          if (r.op === "matches") {
            patterns.push({ field: `branches.${i}.rules.${j}.value`, pattern: r.value, flags: "" });
          }
        });
      });
    }
    for (const { field, pattern, flags } of patterns) {
      const error = regexError(pattern, flags);
      if (!error) continue;
      problems.push(
        problem(
          "INVALID_REGEX",
          { nodeId: node.id, field },
          `节点${name.zh}的正则表达式「${pattern}」无效（${error}）。请改正它。`,
          `The regular expression "${pattern}" in node ${name.en} is invalid (${error}). Fix it.`,
        ),
      );
    }
  }
  return problems;
};
