// Keyword triggers: does a message match, and which trigger wins when several do.
import type { KeywordMatchMode, KeywordTrigger } from "../schema";
import { fuzzyEquals, normalizeText } from "./normalize";
import { regexTest, type SafeRegex, safeRegex } from "./regex";

/** exact > regex > contains > fuzzy: the more deliberate pattern wins a tie on priority. */
const MODE_STRENGTH: Record<KeywordMatchMode, number> = {
  exact: 3,
  regex: 2,
  contains: 1,
  fuzzy: 0,
};

export interface KeywordCandidate {
  flowId: string;
  trigger: KeywordTrigger;
  /** Position of the trigger in its flow, the last tie-breaker. */
  order: number;
}

interface PreparedPattern {
  normalized: string;
  /** null: a regular expression the engine will not run (see safeRegex), which never matches. */
  regex: SafeRegex | null;
}
const preparedPatterns = new WeakMap<KeywordTrigger, PreparedPattern>();

function prepare(trigger: KeywordTrigger): PreparedPattern {
  let p = preparedPatterns.get(trigger);
  if (!p) {
    let regex: SafeRegex | null = null;
    if (trigger.match === "regex") {
      regex = safeRegex(trigger.pattern, "i");
    }
    p = { normalized: normalizeText(trigger.pattern), regex };
    preparedPatterns.set(trigger, p);
  }
  return p;
}

/**
 * `text` must already be normalised with `normalizeText`. A regex also gets the raw message
 * (trimmed) when normalising changed it, so a pattern written with full-width characters or
 * with significant spacing still matches what the follower typed.
 */
export function keywordMatches(trigger: KeywordTrigger, text: string, raw?: string): boolean {
  const p = prepare(trigger);
  switch (trigger.match) {
    case "exact":
      return text === p.normalized;
    case "contains":
      return p.normalized.length > 0 && text.includes(p.normalized);
    case "regex":
      if (regexTest(p.regex, text)) return true;
      return raw !== undefined && raw !== text && regexTest(p.regex, raw);
    case "fuzzy":
      return fuzzyEquals(text, p.normalized);
  }
}

function compare(a: KeywordCandidate, b: KeywordCandidate): number {
  if (a.trigger.priority !== b.trigger.priority) return b.trigger.priority - a.trigger.priority;
  const strength = MODE_STRENGTH[b.trigger.match] - MODE_STRENGTH[a.trigger.match];
  if (strength !== 0) return strength;
  if (a.flowId !== b.flowId) return a.flowId < b.flowId ? -1 : 1;
  return a.order - b.order;
}

/** The winning trigger for a raw message: priority, then mode strength, then flow id, then order. */
export function selectKeywordTrigger(
  candidates: readonly KeywordCandidate[],
  rawText: string,
): KeywordCandidate | null {
  if (candidates.length === 0) return null;
  const text = normalizeText(rawText);
  const raw = rawText.trim();
  let best: KeywordCandidate | null = null;
  for (const c of candidates) {
    if (!keywordMatches(c.trigger, text, raw)) continue;
    if (!best || compare(c, best) < 0) best = c;
  }
  return best;
}
