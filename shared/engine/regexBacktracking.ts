// Whether a pattern may backtrack worse than quadratically, and so must run on a linear-time engine.
import {
  caseClosure,
  complement,
  intersection,
  intersects,
  MAX_CODE_POINT,
  type Ranges,
  union,
} from "./regexCharSet";
import type { ParsedRegex, RegexNode } from "./regexSyntax";

/** Repetitions above this count as unbounded, as in `backtracksExplosively`. */
const BOUNDED_REPEAT = 10;
/** What an unbounded repetition costs: about one way per character of a 1,000-character message. */
const UNBOUNDED_WAYS = 1000;
/**
 * A search tries every start, which counts as an unbounded repetition of anything before the
 * pattern; with one more unbounded repetition that gives about n² steps, a millisecond or so on
 * 1,000 characters. More than that is the n³ case and worse: 0.4 s and up.
 */
const MAX_WAYS = UNBOUNDED_WAYS * UNBOUNDED_WAYS;
/**
 * Each way then reads what follows it: `[ab]*a[ab]{20}x` tries 20 characters at each of its
 * 1,000² ways (40 ms on 1,000 characters), `x.*a.{500}y` 500. Up to 4 per way is allowed
 * (`[ab]*.{5}x` took 24 ms, `[ab]*.{2}x` 2.5 ms).
 */
const MAX_WORK = MAX_WAYS * 4;
/** Analysis steps before giving up and calling the pattern doubtful. */
const BUDGET = 20_000;
const EVERYTHING: Ranges = [0, MAX_CODE_POINT];

/** A repetition still able to take more of the message, and what was required since it. */
interface Open {
  chars: Ranges;
  /** Ways to split a run of characters among this repetition and those chained before it. */
  ways: number;
  /** Characters of single required atoms met since: the repetition must be able to take each. */
  middles: Ranges[];
  /** How many required characters each way reads after this repetition. */
  reads: number;
}

/** The search itself: it tries the pattern at every start, as if `[^]*?` came first. */
const SEARCH: Open = { chars: EVERYTHING, ways: UNBOUNDED_WAYS, middles: [], reads: 0 };

class Doubtful extends Error {}

class Analysis {
  private steps = 0;

  constructor(
    private readonly ignoreCase: boolean,
    private readonly multiline: boolean,
  ) {}

  /** Characters a node may consume, widened by `i` and with properties taken as anything. */
  charsOf(node: RegexNode): Ranges {
    switch (node.type) {
      case "chars": {
        const known = node.properties.length === 0 && !node.opaque;
        let ranges = known ? node.ranges : EVERYTHING;
        if (known && node.negated) ranges = complement(ranges, MAX_CODE_POINT);
        return this.ignoreCase ? caseClosure(ranges, false) : ranges;
      }
      case "dot":
      case "backreference":
        return EVERYTHING;
      case "seq":
        return node.items.reduce<Ranges>((all, n) => union(all, this.charsOf(n)), []);
      case "alt":
        return node.alternatives.reduce<Ranges>((all, n) => union(all, this.charsOf(n)), []);
      case "repeat":
      case "modified":
        return this.charsOf(node.body);
      case "assertion":
      case "look":
        return [];
    }
  }

  walk(node: RegexNode, open: Open[]): Open[] {
    if (++this.steps > BUDGET || open.length > 64) throw new Doubtful();
    switch (node.type) {
      case "chars":
      case "dot":
        return this.required(this.charsOf(node), open);
      case "assertion":
        // Without `m`, `^` holds at the first character only: no search, nothing open before it.
        return node.kind === "^" && !this.multiline ? [] : open;
      case "look":
        this.walk(node.body, [SEARCH]);
        return open;
      case "backreference":
        // It can take any length of text that its group took: a repetition of anything.
        return this.repetition(EVERYTHING, 0, Number.POSITIVE_INFINITY, open);
      case "modified":
        return this.walk(node.body, open);
      case "seq":
        return node.items.reduce((state, item) => this.walk(item, state), open);
      case "alt":
        return node.alternatives.flatMap((alternative) => this.walk(alternative, open));
      case "repeat":
        return this.repeat(node, open);
    }
  }

  /**
   * `count` characters from `chars` that must be there: repetitions that cannot take them stop
   * here; the others read them on every way.
   */
  private required(chars: Ranges, open: Open[], count = 1): Open[] {
    return open
      .filter((o) => intersects(o.chars, chars))
      .map((o) => {
        const reads = o.reads + count;
        if (o.ways * reads > MAX_WORK) throw new Doubtful();
        return { ...o, middles: [...o.middles, chars], reads };
      });
  }

  private repeat(node: Extract<RegexNode, { type: "repeat" }>, open: Open[]): Open[] {
    const { body, min, max } = node;
    if (!hasVariablePart(body)) {
      const width = longest(body);
      if (width === 0) {
        // Assertions and lookarounds only (`(?:\b)+`, `(?=x)*`): judged once, consuming nothing.
        const after = this.walk(body, open);
        return min === 0 ? [...open, ...after] : after;
      }
      if (max === min) {
        return min === 0 ? open : this.required(this.charsOf(body), open, min * width);
      }
      return this.repetition(this.charsOf(body), min, max, open, min * width);
    }
    // A group with its own choices inside, repeated a few times (more is refused as explosive):
    // unrolled, each optional round adding its outcome to the ones before.
    if (max > BOUNDED_REPEAT) throw new Doubtful();
    let state = open;
    for (let k = 0; k < min; k++) state = this.walk(body, state);
    let all = state;
    for (let k = min; k < max; k++) {
      state = this.walk(body, state);
      all = [...all, ...state];
    }
    return all;
  }

  /** A repetition of single characters from `chars`: chained with the open ones it can share text with. */
  private repetition(chars: Ranges, min: number, max: number, open: Open[], reads = min): Open[] {
    const own = max > BOUNDED_REPEAT ? UNBOUNDED_WAYS : max - min + 1;
    let ways = own;
    for (const o of open) {
      const shared = intersection(o.chars, chars);
      if (shared.length === 0 || !o.middles.every((m) => intersects(m, shared))) continue;
      ways = Math.max(ways, o.ways * own);
      if (ways > MAX_WAYS) throw new Doubtful();
    }
    const kept = min === 0 ? open : this.required(chars, open, reads);
    return [...kept, { chars, ways, middles: [], reads: 0 }];
  }
}

/** The most characters a node without variable parts can take. */
function longest(node: RegexNode): number {
  switch (node.type) {
    case "chars":
    case "dot":
      return 1;
    case "seq":
      return node.items.reduce((sum, item) => sum + longest(item), 0);
    case "alt":
      return Math.max(...node.alternatives.map(longest));
    case "repeat":
      return node.max * longest(node.body);
    case "modified":
      return longest(node.body);
    default:
      return 0;
  }
}

/** Whether a node can match texts of different lengths or in different ways. */
function hasVariablePart(node: RegexNode): boolean {
  switch (node.type) {
    case "repeat":
      return node.max !== node.min || hasVariablePart(node.body);
    case "backreference":
      return true;
    case "seq":
      return node.items.some(hasVariablePart);
    case "alt":
      return node.alternatives.some(hasVariablePart);
    case "modified":
    case "look":
      return hasVariablePart(node.body);
    default:
      return false;
  }
}

/**
 * True when a search with the pattern may take more than about n² steps on an n-character
 * message that does not match, as `\d+\d+x` does (0.4 s on 1,000 digits). The rule, from left to
 * right: two repetitions chain when the second can take characters the first can, and every
 * single character required between them could be taken by both, so that one run of such
 * characters can be split between them in many ways. The search counts as an unbounded
 * repetition of anything before the pattern (unless it opens with `^`), so a repetition that can
 * start anywhere in a run chains with it. Each repetition splits a run in about 1,000 ways when
 * unbounded, max − min + 1 when bounded (`?` 2, `{1,3}` 3); the pattern is doubtful when a chain
 * splits one in more than 1,000² ways: `\d+\d+x`, `a.*b.*c`, `\d+5\d+x`, `^a*a*a*b$`, `\d?` ten
 * times and then x; or when each way then reads more than 4 required characters that the run
 * may hold: `[ab]*a[ab]{20}x`. `订单\s*\d+`, `订单\s*:?\s*\d+`, `优惠.*活动`, `^1[3-9]\d{9}$` are not.
 * Lookarounds are judged on their own; a backreference counts as a repetition of anything.
 * False alarms cost speed only (the linear engine is slower on ordinary messages).
 */
export function backtracksPolynomially(parsed: ParsedRegex, flags: string): boolean {
  const ignoreCase = flags.includes("i") || hasCaseModifier(parsed.root);
  try {
    new Analysis(ignoreCase, flags.includes("m")).walk(parsed.root, [SEARCH]);
    return false;
  } catch (error) {
    if (error instanceof Doubtful) return true;
    throw error;
  }
}

function hasCaseModifier(node: RegexNode): boolean {
  switch (node.type) {
    case "modified":
      return /^[a-z]*i/.test(node.flags) || hasCaseModifier(node.body);
    case "repeat":
    case "look":
      return hasCaseModifier(node.body);
    case "seq":
      return node.items.some(hasCaseModifier);
    case "alt":
      return node.alternatives.some(hasCaseModifier);
    default:
      return false;
  }
}
