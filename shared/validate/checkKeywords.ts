// KEYWORD_CONFLICT and MULTIPLE_FALLBACK: one keyword (and one fallback) answers to one flow only.
import type { Flow, KeywordTrigger } from "../schema";
import { type Check, othersThan } from "./context";
import { type Problem, problem } from "./problem";

const modeNames = {
  exact: { zh: "完全匹配", en: "exact" },
  contains: { zh: "包含", en: "contains" },
  regex: { zh: "正则", en: "regex" },
  fuzzy: { zh: "模糊", en: "fuzzy" },
} as const;

function keyOf(trigger: KeywordTrigger): string {
  return `${trigger.match}\u0000${trigger.pattern.trim().toLowerCase()}`;
}

function keywordTriggers(flow: Flow): KeywordTrigger[] {
  return flow.triggers.filter((t): t is KeywordTrigger => t.type === "keyword");
}

export const checkKeywords: Check = (flow, context) => {
  const problems: Problem[] = [];
  const others = othersThan(flow, context) ?? [];
  const claimedHere = new Set<string>();
  for (const trigger of keywordTriggers(flow)) {
    const key = keyOf(trigger);
    const mode = modeNames[trigger.match];
    const keyword = trigger.pattern.trim();
    if (claimedHere.has(key)) {
      problems.push(
        problem(
          "KEYWORD_CONFLICT",
          { triggerId: trigger.id, field: "pattern" },
          `关键词「${keyword}」（${mode.zh}）在本流程中出现了两次。请删除重复的触发器。`,
          `The keyword "${keyword}" (${mode.en}) appears twice in this flow. Delete the duplicate trigger.`,
        ),
      );
    }
    claimedHere.add(key);
    const rival = others.find((other) => keywordTriggers(other).some((t) => keyOf(t) === key));
    if (rival) {
      problems.push(
        problem(
          "KEYWORD_CONFLICT",
          { triggerId: trigger.id, field: "pattern" },
          `关键词「${keyword}」（${mode.zh}）已被流程「${rival.name}」使用，粉丝发送它时无法确定进入哪个流程。请修改或删除其中一个。`,
          `The keyword "${keyword}" (${mode.en}) is also used by flow "${rival.name}", so it is unclear which flow answers. Change or delete one of them.`,
        ),
      );
    }
  }
  return problems;
};

export const checkFallback: Check = (flow, context) => {
  const fallbacks = flow.triggers.filter((t) => t.type === "fallback");
  if (fallbacks.length === 0) return [];
  const problems: Problem[] = fallbacks
    .slice(1)
    .map((trigger) =>
      problem(
        "MULTIPLE_FALLBACK",
        { triggerId: trigger.id },
        "本流程有多个兜底触发器，只能保留一个。请删除多余的。",
        "This flow has more than one fallback trigger; only one may remain. Delete the extra ones.",
      ),
    );
  const rival = (othersThan(flow, context) ?? []).find((other) =>
    other.triggers.some((t) => t.type === "fallback"),
  );
  if (rival) {
    problems.push(
      problem(
        "MULTIPLE_FALLBACK",
        { triggerId: fallbacks[0]!.id },
        `流程「${rival.name}」已经是兜底流程（回答没有匹配到任何关键词的消息）。只能有一个兜底流程，请删除其中一个的兜底触发器。`,
        `Flow "${rival.name}" is already the fallback (it answers messages no keyword matches). Only one flow may be; remove the fallback trigger from one of them.`,
      ),
    );
  }
  return problems;
};
