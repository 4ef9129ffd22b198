// Whether a word in a follower's answer is negated: 不满意, 不太满意, "not very satisfied", but not 特别满意.

/** Right before an option's word these say the opposite: 不是 does not pick 是, 没有问题 not 有问题. */
export const NEGATIONS = new Set(["不", "没", "沒", "别", "別", "非", "未", "无", "無"]);

/**
 * Ordinary words that end in a negation character, so it would stand right before the answer (or
 * the hedges before it) and negate it: 性别男 is gender male, 级别是高级 level senior, 无非是想要大号
 * only wanting 大号. Words that start with one need no entry: in 未来的课程, 别人推荐的课程, 不过课程
 * the character negates a word that ends before the answer; and where the rest of the word is
 * the answer it does negate it (不少 is no 少, 没错 no 错, 非常规 no 常规).
 * Except 非要 (insist on): 非要 picks 要, not 不要. It is a hedge too (非要大号), so a negation
 * before it is still seen: 不是非要大号 does not want 大号 either.
 */
const ORDINARY_WORDS = ["性别", "级别", "类别", "无非", "非要"];

/** Words that end in 非 and negate with it, whatever follows: 并非要大号 is 并非 + 要大号. */
const NEGATION_WORDS = ["并非", "绝非", "决非"];

function endsNegationWord(text: string, at: number): boolean {
  return NEGATION_WORDS.some((word) => {
    const from = at - word.length + 1;
    return from >= 0 && text.startsWith(word, from);
  });
}

/** What ends a clause of an answer: in 不要大号，要不小号吧 the proposal is a clause of its own. */
const CLAUSE_END = /[\s,，.。!！?？;；~～…]/;

/**
 * Whether the 不 at `at` is that of 要不 proposing what follows: 要不大号吧 is "how about 大号
 * then". Only where 要不 opens a clause (那要不 too) that ends in 吧; elsewhere 要不 wants what is
 * not (要不辣的, 我要不辣的吧) or asks (要不要).
 */
function proposesAt(text: string, at: number): boolean {
  if (text[at] !== "不" || text[at - 1] !== "要" || text[at + 1] === "要") return false;
  const opens = text[at - 2] === "那" ? at - 2 : at - 1;
  if (opens > 0 && !CLAUSE_END.test(text[opens - 1]!)) return false;
  const rest = text.slice(at + 1);
  const end = rest.search(CLAUSE_END);
  return (end < 0 ? rest : rest.slice(0, end)).endsWith("吧");
}

/**
 * Whether the character at `at` negates: it is a negation and not part of an ordinary word there,
 * unless it ends a negation word; nor the 不 of a proposal.
 */
function isNegationAt(text: string, at: number): boolean {
  const char = text[at];
  if (char === undefined || !NEGATIONS.has(char)) return false;
  if (endsNegationWord(text, at)) return true;
  if (proposesAt(text, at)) return false;
  return !ORDINARY_WORDS.some((word) => {
    for (let i = word.indexOf(char); i >= 0; i = word.indexOf(char, i + 1)) {
      if (at >= i && text.startsWith(word, at - i)) return true;
    }
    return false;
  });
}

/**
 * Adverbs that grade the word after them and may stand between a negation and the word it
 * negates: 不太满意, 不是很满意, 不怎么满意, 没那么喜欢, 不大喜欢, 不算满意, 不够好, 没有那么好;
 * and the wanting that shopping answers put first: 不要大号, 不想去, 不想要红色, 不需要发票,
 * 不是非要大号. Without a negation in front (很满意, 太满意了, 非要大号) they leave the word as it
 * is. A short list, not a parser: at most MAX_HEDGES of them in a row are looked through.
 */
const HEDGES = "太 很 大 算 够 是 有 怎么 咋 那么 这么 特别 十分 非常 完全 要 想 想要 需要 非要"
  .split(" ")
  // Longest first: 需要 is one hedge, not a 要 with a 需 left in front of it.
  .sort((a, b) => b.length - a.length);
const MAX_HEDGES = 3;

/**
 * Whether the word at `start` is negated right before it (不满意) or across hedges (不太满意).
 * Hedges are looked for first: 特别 ends in 别 but does not negate (特别满意); so are ordinary
 * words (性别男). A hedge whose first character ends a negation word is none (并非要大号).
 */
export function negationBefore(text: string, start: number): "direct" | "hedged" | null {
  if (/^[a-z]/.test(text[start] ?? "")) return englishNegationBefore(text, start);
  let at = start;
  let hedges = 0;
  for (;;) {
    const hedge =
      hedges < MAX_HEDGES
        ? HEDGES.find(
            (h) =>
              at >= h.length &&
              text.startsWith(h, at - h.length) &&
              !endsNegationWord(text, at - h.length),
          )
        : undefined;
    if (hedge) {
      at -= hedge.length;
      hedges++;
    } else if (at > 0 && isNegationAt(text, at - 1)) {
      return hedges === 0 ? "direct" : "hedged";
    } else {
      return null;
    }
  }
}

/**
 * English answers negate with a word before, possibly across a few grading words: "not satisfied",
 * "not very satisfied", "don't really like". Expects normalised (lower-case) text.
 */
const ENGLISH_NEGATION =
  /(?:^|[^a-z'])(?:not|no|never|don't|dont|doesn't|didn't|isn't|wasn't|aren't|won't|can't|cannot)\s+((?:(?:very|that|so|really|too|quite|particularly|all that)\s+){0,3})$/;

function englishNegationBefore(text: string, start: number): "direct" | "hedged" | null {
  const m = ENGLISH_NEGATION.exec(text.slice(Math.max(0, start - 60), start));
  if (!m) return null;
  return m[1] ? "hedged" : "direct";
}

/**
 * An option word that is the negated form of `word`: 不满意 for 满意, "not satisfied" for "satisfied".
 * Hedges on either side do not count, so graded options meet: 不太满意 is the negated form of
 * 满意 and of 很满意 (不是很满意 picks 不太满意), 没兴趣 that of 有兴趣.
 */
export function isNegatedForm(candidate: string, word: string): boolean {
  if (/^[a-z]/.test(word)) return candidate === `not ${word}`;
  return isNegationAt(candidate, 0) && withoutHedges(candidate.slice(1)) === withoutHedges(word);
}

/** `word` without the hedges in front of it: 满意 for 很满意; a word all hedges stays (要, 有). */
function withoutHedges(word: string): string {
  let rest = word;
  for (let hedges = 0; hedges < MAX_HEDGES; hedges++) {
    const hedge = HEDGES.find((h) => rest.length > h.length && rest.startsWith(h));
    if (!hedge) break;
    rest = rest.slice(hedge.length);
  }
  return rest;
}
