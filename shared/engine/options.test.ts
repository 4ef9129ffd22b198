import { describe, expect, it } from "vitest";
import { optionSchema, type QuestionOption } from "../schema";
import { matchOption, optionNumber, renderOptions } from "./options";

const opts = (...list: Array<[string, string, string[]?]>): QuestionOption[] =>
  list.map(([id, label, synonyms]) => optionSchema.parse({ id, label, synonyms }));

/** "满意/不满意" → options o0 满意, o1 不满意. */
const labelled = (labels: string): QuestionOption[] =>
  opts(...labels.split("/").map((label, i): [string, string] => [`o${i}`, label]));

const sizes = opts(["s", "小号", ["S码"]], ["m", "中号"], ["l", "大号", ["L码", "加大"]]);

describe("renderOptions", () => {
  it("numbers options one per line", () => {
    expect(renderOptions(sizes, "numbered")).toBe("1. 小号\n2. 中号\n3. 大号");
  });
  it("renders menu links with the url-encoded label and the option id", () => {
    expect(renderOptions(opts(["ok", "满意"]), "menu")).toBe(
      '<a href="weixin://bizmsgmenu?msgmenucontent=%E6%BB%A1%E6%84%8F&msgmenuid=ok">满意</a>',
    );
  });
});

describe("matchOption", () => {
  const pick = (text: string, menuId?: string) =>
    matchOption(sizes, menuId ? { text, menuId } : { text })?.id ?? null;

  it("takes a clicked menu id first", () => {
    expect(pick("whatever", "m")).toBe("m");
    expect(pick("大号", "nope")).toBe("l");
  });
  it("takes numbers in ASCII, full-width, with a dot, and in Chinese", () => {
    expect(pick("1")).toBe("s");
    expect(pick("２")).toBe("m");
    expect(pick("3.")).toBe("l");
    expect(pick(" 二 ")).toBe("m");
    expect(pick("三")).toBe("l");
    expect(pick("4")).toBeNull();
  });
  it("takes labels and synonyms after normalisation", () => {
    expect(pick("中号")).toBe("m");
    expect(pick("s码")).toBe("s");
    expect(pick("Ｌ码")).toBe("l");
  });
  it("takes a text containing exactly one option", () => {
    expect(pick("我想要加大的")).toBe("l");
    expect(pick("小号还是大号")).toBeNull();
  });
  it("takes a fuzzy match to exactly one option", () => {
    const fruits = opts(["a", "apple"], ["b", "banana"]);
    expect(matchOption(fruits, { text: "aple" })?.id).toBe("a");
    expect(matchOption(fruits, { text: "bananna" })?.id).toBe("b");
    expect(matchOption(fruits, { text: "cherry" })).toBeNull();
    const close = opts(["x", "cat"], ["y", "car"]);
    expect(matchOption(close, { text: "caz" })).toBeNull();
  });
  it("does not take a word the follower negates", () => {
    const yesNo = opts(["yes", "是"], ["no", "否"]);
    expect(matchOption(yesNo, { text: "不是" })).toBeNull();
    expect(matchOption(yesNo, { text: "是的" })?.id).toBe("yes");
    const issue = opts(["quality", "商品质量", ["有问题"]], ["delivery", "物流太慢"]);
    expect(matchOption(issue, { text: "东西没有问题" })).toBeNull();
    expect(matchOption(issue, { text: "东西有问题" })?.id).toBe("quality");
  });
  it("prefers an option's longer word over another's shorter word inside it", () => {
    const rating = opts(["ok", "满意"], ["bad", "不满意"]);
    expect(matchOption(rating, { text: "我不满意" })?.id).toBe("bad");
    expect(matchOption(rating, { text: "很不满意！" })?.id).toBe("bad");
    expect(matchOption(rating, { text: "非常满意" })?.id).toBe("ok");
    const need = opts(["want", "需要"], ["skip", "不需要"]);
    expect(matchOption(need, { text: "暂时不需要了" })?.id).toBe("skip");
  });
  describe("a negation across hedges (不太满意) never picks the word it negates", () => {
    // [the question's options, the answer, the option it picks or null to ask again]
    const cases: Array<[string, string, string | null]> = [
      // The question has the negated form: that is what the follower meant.
      ["满意/不满意", "不太满意", "不满意"],
      ["满意/不满意", "不是很满意", "不满意"],
      ["满意/不满意", "不怎么满意", "不满意"],
      ["满意/不满意", "不算满意", "不满意"],
      ["满意/不满意", "一点也不满意", "不满意"],
      ["满意/不满意", "并不满意", "不满意"],
      ["满意/不满意", "说实话不太满意。", "不满意"],
      ["喜欢/不喜欢", "没那么喜欢", "不喜欢"],
      ["喜欢/不喜欢", "没有那么喜欢", "不喜欢"],
      ["喜欢/不喜欢", "不大喜欢", "不喜欢"],
      ["好/不好", "不很好", "不好"],
      ["好/不好", "不太好", "不好"],
      ["好/不好", "不够好", "不好"],
      // Graded options: the negated form may carry other hedges than the answer.
      ["很满意/一般/不太满意", "不是很满意", "不太满意"],
      ["很满意/一般/不太满意", "不很满意", "不太满意"],
      ["很满意/一般/不太满意", "不太满意", "不太满意"],
      ["很满意/一般/不太满意", "很满意", "很满意"],
      ["满意/不太满意", "不是很满意", "不太满意"],
      ["很好/一般/不好", "不是很好", "不好"],
      ["满意/非常满意", "不太满意", null],
      // It has not: no match, so the question is asked again.
      ["满意/一般", "不太满意", null],
      ["满意/一般", "不是很满意", null],
      ["满意/一般", "没那么满意", null],
      ["满意/一般", "并不满意", null],
      ["好/一般", "不很好", null],
      ["喜欢/一般", "不大喜欢", null],
      // A hedge without a negation leaves the word as it is.
      ["满意/不满意", "满意", "满意"],
      ["满意/不满意", "非常满意", "满意"],
      ["满意/不满意", "很满意", "满意"],
      ["满意/不满意", "太满意了", "满意"],
      ["满意/不满意", "我是非常满意的", "满意"],
      ["满意/不满意", "特别满意", "满意"],
      ["满意/不满意", "不是特别满意", "不满意"],
      ["需要/不需要", "特别需要", "需要"],
      ["满意/一般", "很满意", "满意"],
      ["喜欢/不喜欢", "很喜欢", "喜欢"],
      ["好/不好", "很好", "好"],
      ["满意/不满意", "不满意", "不满意"],
      ["满意/不满意", "很不满意", "不满意"],
      // Not wanting something is no choice of it.
      ["大号/小号", "不要大号", null],
      ["大号/小号", "不想要大号，要小号", "小号"],
      ["大号/小号", "我要大号", "大号"],
      ["红色/蓝色", "不想要红色", null],
      ["去/不去", "不想去", "不去"],
      ["去/不去", "想去", "去"],
      ["开发票/不开", "不需要开发票", null],
      ["要/不要", "我不要", "不要"],
      ["要/不要", "要", "要"],
      ["需要/不需要", "不需要", "不需要"],
      // English answers too.
      ["satisfied/other", "not satisfied", null],
      ["satisfied/other", "Not very satisfied.", null],
      ["satisfied/not satisfied", "not very satisfied", "not satisfied"],
      ["satisfied/not satisfied", "not satisfied", "not satisfied"],
      ["satisfied/not satisfied", "very satisfied", "satisfied"],
      ["satisfied/not satisfied", "I'm not really that satisfied", "not satisfied"],
      ["like it/other", "I don't like it", null],
      ["like it/other", "I like it", "like it"],
      ["knot/other", "a knot", "knot"],
      // Negating the negated form is no complaint, but no clear yes either.
      ["好/不好", "不是不好", null],
    ];
    it.each(cases)("%s: %s → %s", (labels, text, expected) => {
      const options = opts(
        ...labels.split("/").map((label, i): [string, string] => [`o${i}`, label]),
      );
      expect(matchOption(options, { text })?.label ?? null).toBe(expected);
    });
  });
  describe("a negation character inside an ordinary word negates nothing", () => {
    // [the question's options, the answer, the option it picks or null to ask again]
    const cases: Array<[string, string, string | null]> = [
      // The character starts a word that ends before the answer: the answer is not negated.
      ["课程/活动", "我想了解未来的课程", "课程"],
      ["课程/其他", "别人推荐的课程", "课程"],
      ["课程/其他", "别的课程也行", "课程"],
      ["课程/其他", "无论什么课程都行", "课程"],
      ["课程/其他", "不过课程要便宜点", "课程"],
      ["课程/其他", "不少课程", "课程"],
      ["满意/一般", "非常满意", "满意"],
      ["满意/不满意", "没错，满意", "满意"],
      ["满意/不满意", "不错，满意", "满意"],
      // The character ends a word right before the answer, or before hedges: 性别男 is gender male.
      ["男/女", "性别男", "男"],
      ["男/女", "我的性别是女", "女"],
      ["男性/女性", "性别女性", "女性"],
      ["初级/中级/高级", "级别是高级", "高级"],
      ["初级/中级/高级", "我的级别高级", "高级"],
      ["课程/活动", "类别是课程", "课程"],
      ["大号/小号", "无非是想要大号", "大号"],
      // Right before the word it does negate it: 不少 is no 少, 没错 no 错.
      ["多/少", "不少", null],
      ["对/错", "没错", null],
      // Real negations still negate.
      ["有兴趣/其他", "没有兴趣", null],
      ["有兴趣/没兴趣", "没有兴趣", "没兴趣"],
      ["发/其他", "别发了", null],
      ["付款/其他", "未付款", null],
      // English: "not only" grades nothing.
      ["satisfied/other", "not only satisfied", "satisfied"],
    ];
    it.each(cases)("%s: %s → %s", (labels, text, expected) => {
      expect(matchOption(labelled(labels), { text })?.label ?? null).toBe(expected);
    });
  });
  describe("insisting (非要) and proposing (要不…吧) choose the option", () => {
    // [the question's options, the answer, the option it picks or null to ask again]
    const cases: Array<[string, string, string | null]> = [
      ["大号/小号", "非要大号", "大号"],
      ["大号/小号", "我就非要大号", "大号"],
      ["大号/小号", "无非要大号", "大号"],
      ["要/不要", "非要", "要"],
      ["大号/小号", "要不大号吧", "大号"],
      ["大号/小号", "那要不大号吧！", "大号"],
      ["大号/小号", "不要大号，要不小号吧", "小号"],
      // A negation before the insisting still negates; 并非 and 绝非 are negations themselves.
      ["大号/小号", "不是非要大号", null],
      ["大号/不要大号", "不是非要大号", "不要大号"],
      ["大号/小号", "并非要大号", null],
      ["大号/小号", "绝非大号", null],
      // 非 and 不 right before the word still negate it.
      ["大号/小号", "非大号", null],
      ["大号/小号", "不是大号", null],
      ["大号/小号", "不要大号", null],
      // Unless 要不 opens a clause that 吧 closes, it wants what is not: 要不辣的 wants it mild.
      ["辣/微辣", "要不辣的", null],
      ["辣/不辣", "要不辣的", "不辣"],
      ["辣/微辣", "我要不辣的吧", null],
      ["大号/小号", "要不大号", null],
      // 要不要 asks; it chooses nothing.
      ["大号/小号", "要不要大号", null],
      ["大号/小号", "要不要大号吧", null],
    ];
    it.each(cases)("%s: %s → %s", (labels, text, expected) => {
      expect(matchOption(labelled(labels), { text })?.label ?? null).toBe(expected);
    });
  });
  describe("a typo never adds, drops or changes a negation", () => {
    // [the question's options, the answer, the option it picks or null to ask again]
    const cases: Array<[string, string, string | null]> = [
      ["满意/一般", "不满意", null],
      ["很满意/一般", "不满意", null],
      ["喜欢/一般", "不喜欢", null],
      ["有问题/其他", "没问题", null],
      ["有问题/其他", "没有问题", null],
      ["已付款/其他", "未付款", null],
      // 不错 means good; one changed character after a negation is another word, not a typo.
      ["好/不好", "不错", null],
      ["对/错", "不错", null],
      ["对/错", "不对", null],
      // Typos elsewhere are still forgiven.
      ["满意/不满意", "不满易", "不满意"],
      ["满意/不满意", "满易", "满意"],
      ["没问题/有问题", "没问提", "没问题"],
      ["无线耳机/有线耳机", "无线耳鸡", "无线耳机"],
    ];
    it.each(cases)("%s: %s → %s", (labels, text, expected) => {
      expect(matchOption(labelled(labels), { text })?.label ?? null).toBe(expected);
    });
  });
  describe("a number with a unit is the option that says it, not a position", () => {
    // Shown as "1. 2人 / 2. 3人 / 3. 4人及以上". A bare number is a position (what the numbered
    // list invites; the validator warns about these labels); a number with a unit is a label.
    const cases: Array<[string, string, string | null]> = [
      ["2人/3人/4人及以上", "3", "4人及以上"],
      ["2人/3人/4人及以上", "3.", "4人及以上"],
      ["2人/3人/4人及以上", "3人", "3人"],
      ["2人/3人/4人及以上", "３人", "3人"],
      ["2人/3人/4人及以上", "3 人", "3人"],
      ["2人/3人/4人及以上", "3个人", "3人"],
      ["2人/3人/4人及以上", "3位", "3人"],
      ["2人/3人/4人及以上", "我们3人", "3人"],
      ["2人/3人/4人及以上", "4人及以上", "4人及以上"],
      // A different number is no typo: ask again rather than guess.
      ["2人/4人及以上", "3人", null],
      ["2人/3人/4人及以上", "5人", null],
      ["iphone 14/其他", "iphone 16", null],
      ["iphone 14/iphone 15", "iphone15", "iphone 15"],
    ];
    it.each(cases)("%s: %s → %s", (labels, text, expected) => {
      expect(matchOption(labelled(labels), { text })?.label ?? null).toBe(expected);
    });
  });
  it("keeps English options apart by the longer one", () => {
    const english = opts(["yes", "satisfied"], ["no", "not satisfied"]);
    expect(matchOption(english, { text: "Not satisfied" })?.id).toBe("no");
    expect(matchOption(english, { text: "i am not satisfied" })?.id).toBe("no");
    expect(matchOption(english, { text: "very satisfied" })?.id).toBe("yes");
  });
  it("treats options sharing a word as ambiguous", () => {
    const shared = opts(["x", "套餐", ["优惠"]], ["y", "其他", ["优惠"]]);
    expect(matchOption(shared, { text: "优惠" })).toBeNull();
  });
  it("matches nothing for empty or unrelated text", () => {
    expect(pick("   ")).toBeNull();
    expect(pick("今天天气不错")).toBeNull();
  });
});

describe("optionNumber", () => {
  it("reads 1–999, with 、 or ) and Chinese one to ten", () => {
    expect(optionNumber("10")).toBe(10);
    expect(optionNumber("2、")).toBe(2);
    expect(optionNumber("十")).toBe(10);
    expect(optionNumber("1.5")).toBeNull();
  });
  it("reads only a bare number, never one followed by a unit or a word", () => {
    for (const text of ["3人", "3 人", "3个人", "3位", "3号", "3楼", "3个", "三人", "第3"]) {
      expect(optionNumber(text), text).toBeNull();
    }
    expect(optionNumber("3。")).toBe(3);
    expect(optionNumber("3)")).toBe(3);
  });
});
