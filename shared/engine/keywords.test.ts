import { describe, expect, it } from "vitest";
import { keywordTriggerSchema } from "../schema";
import { type KeywordCandidate, keywordMatches, selectKeywordTrigger } from "./keywords";
import { normalizeText } from "./normalize";

const kw = (id: string, match: string, pattern: string, priority = 0) =>
  keywordTriggerSchema.parse({ id, type: "keyword", match, pattern, priority });
const matches = (match: string, pattern: string, input: string) =>
  keywordMatches(kw("k", match, pattern), normalizeText(input));

describe("normalizeText", () => {
  it("trims, lowercases, converts full-width and collapses spaces", () => {
    expect(normalizeText("  ＨＥＬＬＯ　 Ｗorld\t! ")).toBe("hello world !");
  });
});

describe("keywordMatches", () => {
  it("exact needs the whole message", () => {
    expect(matches("exact", "菜单", " 菜单 ")).toBe(true);
    expect(matches("exact", "Menu", "ＭＥＮＵ")).toBe(true);
    expect(matches("exact", "菜单", "菜单呢")).toBe(false);
  });
  it("contains finds the keyword anywhere", () => {
    expect(matches("contains", "价格", "这个价格多少")).toBe(true);
    expect(matches("contains", "价格", "多少钱")).toBe(false);
  });
  it("regex is case-insensitive and an invalid one never matches", () => {
    expect(matches("regex", "^order\\d+$", "ORDER123")).toBe(true);
    expect(matches("regex", "([", "([")).toBe(false);
  });
  it("regex also sees the raw message, so full-width patterns still match", () => {
    const trigger = kw("k", "regex", "^（预约）");
    expect(keywordMatches(trigger, normalizeText("（预约）明天"))).toBe(false);
    expect(keywordMatches(trigger, normalizeText("（预约）明天"), "（预约）明天")).toBe(true);
    expect(
      selectKeywordTrigger(
        [{ flowId: "a", order: 0, trigger: kw("f", "regex", "^ＶＩＰ$") }],
        "ＶＩＰ",
      ),
    ).not.toBeNull();
  });
  it("fuzzy allows 1 edit for 2–4 characters and 2 for longer", () => {
    expect(matches("fuzzy", "退款", "退钱")).toBe(true);
    expect(matches("fuzzy", "退款申请", "退款申")).toBe(true);
    expect(matches("fuzzy", "退款", "我想退款")).toBe(false);
    expect(matches("fuzzy", "customer", "custmer")).toBe(true);
    expect(matches("fuzzy", "customer", "cstmr")).toBe(false);
    expect(matches("fuzzy", "a", "b")).toBe(false);
  });
});

describe("selectKeywordTrigger", () => {
  const c = (flowId: string, order: number, trigger: ReturnType<typeof kw>): KeywordCandidate => ({
    flowId,
    order,
    trigger,
  });
  it("prefers priority, then exact > regex > contains > fuzzy, then flow id, then order", () => {
    const low = c("a", 0, kw("low", "contains", "价"));
    const high = c("z", 0, kw("high", "fuzzy", "价格", 5));
    expect(selectKeywordTrigger([low, high], "价格")?.trigger.id).toBe("high");
    const modes = [
      c("a", 0, kw("fz", "fuzzy", "价格")),
      c("a", 1, kw("ct", "contains", "价格")),
      c("a", 2, kw("rx", "regex", "价格")),
      c("a", 3, kw("ex", "exact", "价格")),
    ];
    expect(selectKeywordTrigger(modes, "价格")?.trigger.id).toBe("ex");
    expect(selectKeywordTrigger(modes.slice(0, 3), "价格")?.trigger.id).toBe("rx");
    expect(selectKeywordTrigger(modes.slice(0, 2), "价格")?.trigger.id).toBe("ct");
    const byFlow = [c("b", 0, kw("b1", "contains", "价")), c("a", 1, kw("a1", "contains", "价"))];
    expect(selectKeywordTrigger(byFlow, "价")?.trigger.id).toBe("a1");
    const byOrder = [
      c("a", 1, kw("two", "contains", "价")),
      c("a", 0, kw("one", "contains", "价")),
    ];
    expect(selectKeywordTrigger(byOrder, "价")?.trigger.id).toBe("one");
  });
  it("returns null when nothing matches", () => {
    expect(selectKeywordTrigger([c("a", 0, kw("k", "exact", "hi"))], "hello")).toBeNull();
  });
});
