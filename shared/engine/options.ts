// A question's options: how they are shown to a follower, and which one an answer picks.
import type { QuestionOption } from "../schema";
import { isNegatedForm, NEGATIONS, negationBefore } from "./negation";
import { fuzzyEquals, normalizeText } from "./normalize";

export type OptionDisplay = "numbered" | "menu";

const renderedOptions = new WeakMap<QuestionOption[], { display: OptionDisplay; text: string }>();

/** "1. 标签" lines, or one clickable weixin://bizmsgmenu link per line (cached per options list). */
export function renderOptions(options: QuestionOption[], display: OptionDisplay): string {
  const cached = renderedOptions.get(options);
  if (cached && cached.display === display) return cached.text;
  const text = formatOptions(options, display);
  renderedOptions.set(options, { display, text });
  return text;
}

function formatOptions(options: QuestionOption[], display: OptionDisplay): string {
  if (display === "menu") {
    return options
      .map(
        (o) =>
          `<a href="weixin://bizmsgmenu?msgmenucontent=${encodeURIComponent(o.label)}&msgmenuid=${o.id}">${o.label}</a>`,
      )
      .join("\n");
  }
  return options.map((o, i) => `${i + 1}. ${o.label}`).join("\n");
}

const CHINESE_NUMBERS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** "1", "１", "1.", "1、", "一" → 1; anything else → null. Expects normalised text. */
export function optionNumber(text: string): number | null {
  const bare = text.replace(/[.、。)）]$/, "").trim();
  if (/^\d{1,3}$/.test(bare)) return Number(bare);
  return CHINESE_NUMBERS[bare] ?? null;
}

interface PreparedOptions {
  /** Normalised label and synonyms per option, empty words dropped. */
  words: string[][];
  /** The same words split for fuzzy matching. */
  fuzzyKeys: FuzzyKey[][];
}
const prepared = new WeakMap<QuestionOption[], PreparedOptions>();

function prepare(options: QuestionOption[]): PreparedOptions {
  let p = prepared.get(options);
  if (!p) {
    const words = options.map((o) =>
      [o.label, ...o.synonyms].map(normalizeText).filter((w) => w.length > 0),
    );
    p = { words, fuzzyKeys: words.map((list) => list.map(fuzzyKey)) };
    prepared.set(options, p);
  }
  return p;
}

interface Occurrence {
  option: number;
  word: string;
  start: number;
  end: number;
}

/** The options with a negated form of the word among theirs: 不满意 for 满意. */
function negatedForms(word: string, words: string[][]): number[] {
  const options: number[] = [];
  for (let option = 0; option < words.length; option++) {
    const negated = words[option]!.some((w) => isNegatedForm(w, word));
    if (negated) options.push(option);
  }
  return options;
}

/**
 * The options the text names by one of their words. A word inside a longer word of another
 * option found at the same place does not count (满意 inside 我不满意 when another option is
 * 不满意), nor does a negated one. A word negated across hedges names the option that is its
 * negated form, if there is one: 不太满意 is 不满意, never 满意.
 */
function optionsNamedIn(text: string, words: string[][]): Set<number> {
  const found: Occurrence[] = [];
  for (let option = 0; option < words.length; option++) {
    for (const word of words[option]!) {
      for (let start = text.indexOf(word); start >= 0; start = text.indexOf(word, start + 1)) {
        found.push({ option, word, start, end: start + word.length });
      }
    }
  }
  const named = new Set<number>();
  for (const o of found) {
    const inside = found.some(
      (other) =>
        other.option !== o.option &&
        other.start <= o.start &&
        other.end >= o.end &&
        other.end - other.start > o.end - o.start,
    );
    if (inside) continue;
    const negation = negationBefore(text, o.start);
    if (negation === null) named.add(o.option);
    else if (negation === "hedged") {
      for (const option of negatedForms(o.word, words)) named.add(option);
    }
  }
  return named;
}

/**
 * A text as fuzzy matching sees it. A typo may not add, drop or change a negation (不满意 is no
 * typo of 满意, 没问题 none of 有问题) or a digit (3人 is no typo of 2人). The rest must be close
 * on its own, without the negations, so one changed character of a short word is not forgiven
 * because a negation came first (不错 is no typo of 不好).
 */
interface FuzzyKey {
  negations: string;
  digits: string;
  rest: string;
}

function fuzzyKey(text: string): FuzzyKey {
  let negations = "";
  let digits = "";
  let rest = "";
  for (const char of text) {
    if (NEGATIONS.has(char)) {
      negations += char;
      continue;
    }
    if (char >= "0" && char <= "9") digits += char;
    rest += char;
  }
  return { negations, digits, rest };
}

function fuzzyAny(text: FuzzyKey, words: FuzzyKey[]): boolean {
  for (const w of words) {
    if (
      text.negations === w.negations &&
      text.digits === w.digits &&
      fuzzyEquals(text.rest, w.rest)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Which option an answer picks, tried in this order: the clicked menu id; a number ("1", "１",
 * "1.", "一"); a label or synonym equal after normalisation; the text containing exactly one
 * option's label or synonym (not negated, not inside another option's longer word; 不太满意
 * names 不满意); a fuzzy match to exactly one (never across a negation or a digit). Ambiguity is no match: better to ask again than to guess.
 */
export function matchOption(
  options: QuestionOption[],
  input: { text: string; menuId?: string },
): QuestionOption | null {
  if (input.menuId) {
    const clicked = options.find((o) => o.id === input.menuId);
    if (clicked) return clicked;
  }
  const text = normalizeText(input.text);
  if (text.length === 0) return null;
  const n = optionNumber(text);
  if (n !== null && n >= 1 && n <= options.length) return options[n - 1]!;
  const { words, fuzzyKeys } = prepare(options);
  // Exact label or synonym; a word two options share is ambiguous.
  let found = -1;
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.includes(text)) {
      if (found >= 0) return null;
      found = i;
    }
  }
  if (found >= 0) return options[found]!;
  // The text names exactly one option's word.
  const named = optionsNamedIn(text, words);
  if (named.size > 1) return null;
  for (const i of named) return options[i]!;
  // Close to exactly one option's word.
  const key = fuzzyKey(text);
  for (let i = 0; i < words.length; i++) {
    if (fuzzyAny(key, fuzzyKeys[i]!)) {
      if (found >= 0) return null;
      found = i;
    }
  }
  return found >= 0 ? options[found]! : null;
}
