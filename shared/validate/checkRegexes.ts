// INVALID_REGEX: regular expressions (keyword triggers, input validators, `matches` rules) must compile.
import { backtracksExplosively } from "../engine/regex";
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

/** Why the engine will not use a pattern (it never matches then), or null when it will. */
export function regexError(pattern: string, flags = ""): { zh: string; en: string } | null {
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { zh: detail, en: detail };
  }
  if (backtracksExplosively(pattern)) {
    return {
      zh: "重复的分组里又有重复，或分组的几个选项可能匹配同样的文字，例如 (a+)+、(a+){3}、(a|ab)+，遇到某些消息会让服务器卡住，引擎不会使用它；可改用字符集，如 [ab]+",
      en: "a repeated group that itself repeats, or whose alternatives can match the same text, like (a+)+, (a+){3} or (a|ab)+, can stall the server on some messages, so the engine will not use it; a character set such as [ab]+ does the job",
    };
  }
  return null;
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
          `关键词触发器「${trigger.id}」的正则表达式「${trigger.pattern}」无效（${error.zh}）。请改正它，或把匹配方式改为“包含”。`,
          `The regular expression "${trigger.pattern}" of keyword trigger "${trigger.id}" is invalid (${error.en}). Fix it or match by "contains" instead.`,
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
          `节点${name.zh}的正则表达式「${pattern}」无效（${error.zh}）。请改正它。`,
          `The regular expression "${pattern}" in node ${name.en} is invalid (${error.en}). Fix it.`,
        ),
      );
    }
  }
  return problems;
};
