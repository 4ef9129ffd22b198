// INVALID_REGEX: regular expressions (keyword triggers, input validators, `matches` rules) must compile.
import { type RegexVerdict, regexVerdict } from "../engine/regex";
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

type Unsupported = Extract<RegexVerdict, { why: "unsupported" }>;

/** What the linear-time engine lacks, named for the marketer. */
function missingFeature(verdict: Unsupported): { zh: string; en: string } {
  switch (verdict.feature) {
    case "backreference":
      return { zh: "反向引用（如 \\1、\\k<名称>）", en: "backreferences (\\1, \\k<name>)" };
    case "lookahead":
      return { zh: "向前查找（(?=…)、(?!…)）", en: "lookaheads ((?=…), (?!…))" };
    case "multilineEnd":
      return {
        zh: "多行模式（m）下后面还有内容的 $",
        en: "a $ followed by more pattern in multiline mode (m)",
      };
    case "modifiers":
      return { zh: "局部标志（如 (?i:…)）", en: "inline flags such as (?i:…)" };
    case "classSetOperations":
      return {
        zh: "v 标志的字符集运算（嵌套、--、&&、\\q{…}）",
        en: "v-flag set operations (nesting, --, &&, \\q{…})",
      };
    case "negatedPropertyIgnoringCase":
      return { zh: "同时带 i 和 u 标志的 \\P{…}", en: "\\P{…} together with the i and u flags" };
    case "engine":
    case "unreadable":
      return {
        zh: `其中的某些写法（RE2：${verdict.detail ?? ""}）`,
        en: `part of it (RE2: ${verdict.detail ?? ""})`,
      };
  }
}

/** Why the engine will not use a pattern (it never matches then), or null when it will. */
export function regexError(pattern: string, flags = ""): { zh: string; en: string } | null {
  const verdict = regexVerdict(pattern, flags);
  if (verdict.use !== "none") return null;
  if (verdict.why === "invalid") return { zh: verdict.error, en: verdict.error };
  if (verdict.feature === "unreadable") {
    return {
      zh: "引擎读不懂其中的某些写法，无法确认它不会让服务器卡住，因此不会使用它；请简化这个正则表达式",
      en: "the engine cannot read part of it, so cannot make sure it will not stall the server, and will not use it; simplify the pattern",
    };
  }
  const feature = missingFeature(verdict);
  return {
    zh: `其中的重复部分可以用很多种方式分配同一段文字，例如 \\d+\\d+、a.*b.*c、(a+)+、(a|ab)+，遇到长消息会让服务器卡住，所以引擎改用线性时间的匹配方式来运行它；但这种方式不支持${feature.zh}，因此引擎不会使用它。请去掉或改写这部分，或让重复部分不能匹配同样的字符（例如把 \\d+\\d+ 写成 \\d{2,}，把 (a+)+ 写成 a+）`,
    en: `its repeated parts can share out the same text in many ways, like \\d+\\d+, a.*b.*c, (a+)+ or (a|ab)+, which would stall the server on long messages, so the engine runs it on a linear-time matcher instead; that matcher does not support ${feature.en}, so the engine will not use it. Remove or rewrite that part, or keep repeated parts from matching the same characters (\\d+\\d+ can be \\d{2,}, (a+)+ can be a+)`,
  };
}

export const checkRegexes: Check = (flow) => {
  const problems: Problem[] = [];
  for (const trigger of flow.triggers) {
    if (trigger.type !== "keyword" || trigger.match !== "regex") continue;
    // Keyword triggers and `matches` rules ignore case in the engine, so they are judged with `i`.
    const error = regexError(trigger.pattern, "i");
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
            patterns.push({
              field: `branches.${i}.rules.${j}.value`,
              pattern: r.value,
              flags: "i",
            });
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
