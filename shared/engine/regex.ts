// Marketer-written regular expressions, compiled defensively: invalid ones never match, and those
// that may backtrack exponentially or polynomially run on a linear-time engine (or, when they use
// what it lacks, never match).
import { backtracksPolynomially } from "./regexBacktracking";
import { type LinearRegex, type LinearUnsupported, linearRegex } from "./regexLinear";
import { type ParsedRegex, parseRegex } from "./regexSyntax";

/** Longer messages are cut to this many characters before a regex sees them. */
export const REGEX_SUBJECT_LIMIT = 1000;

/** How many times a quantifier at position i lets its atom repeat: 1 when there is none. */
function maxRepeatAt(pattern: string, i: number): number {
  const c = pattern[i];
  if (c === "+" || c === "*") return Number.POSITIVE_INFINITY;
  if (c === "?") return 1;
  if (c !== "{") return 1;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 16));
  if (!m) return 1;
  if (m[2] === undefined) return Number(m[1]);
  return m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
}

/** A quantifier at position i that lets its atom match a varying number of times. */
function variableRepeatAt(pattern: string, i: number): boolean {
  const c = pattern[i];
  if (c === "+" || c === "*" || c === "?") return true;
  if (c !== "{") return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 16));
  return m !== null && m[2] !== undefined && m[3] !== m[1];
}

/** Repetitions above this count as unbounded: `{1,10}` is bounded, `{1,11}` is not. */
const BOUNDED_REPEAT = 10;

interface Group {
  /** Contains an unbounded repetition (`+`, `*`, `{n,}`, `{n,m}` with a large m). */
  unbounded: boolean;
  /** Can match text of different lengths or in different ways (any variable repetition, overlapping alternatives). */
  ambiguous: boolean;
  /** First character of each alternative when it is a plain literal, else null. */
  firsts: Array<string | null>;
  /** The next character starts an alternative. */
  atStart: boolean;
}

const NOT_LITERAL = new Set(["\\", "[", "(", ")", "|", ".", "^", "$", "?", "*", "+", "{"]);

/** Alternatives that start with distinct plain characters never compete for the same text. */
function alternativesOverlap(firsts: Array<string | null>): boolean {
  if (firsts.length < 2) return false;
  const seen = new Set<string>();
  for (const f of firsts) {
    if (f === null || seen.has(f)) return true;
    seen.add(f);
  }
  return false;
}

/** Where a group's own syntax (`?:`, `?=`, `?<name>` …) ends, for the `(` at position i. */
function groupPrefixEnd(pattern: string, i: number): number {
  if (pattern[i + 1] !== "?") return i;
  const next = pattern[i + 2];
  if (next === ":" || next === "=" || next === "!") return i + 2;
  if (next === "<") {
    if (pattern[i + 3] === "=" || pattern[i + 3] === "!") return i + 3;
    const close = pattern.indexOf(">", i + 3);
    return close < 0 ? i + 1 : close;
  }
  return i + 1;
}

/**
 * True for a pattern that can backtrack exponentially (or to a high power) on a message that
 * does not match, which would freeze the runtime for every follower:
 * - a group with an unbounded repetition inside that is itself repeated: `(a+)+`, `(\w*x)*`, `(a+){5}`;
 * - a group that can match the same text in several ways, repeated without bound: `(a|aa)+`,
 *   `(a|a)*`, `(a{1,3})+`, `(\d|\w)+`. Alternatives that start with different plain characters,
 *   like `(是|好)+` or `(订单|order)+`, are fine.
 * 24 characters can take seconds with such a pattern. They run on the linear-time engine.
 */
export function backtracksExplosively(pattern: string): boolean {
  const groups: Group[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const top = groups[groups.length - 1];
    if (inClass) {
      if (c === "\\") i++;
      else if (c === "]") inClass = false;
      continue;
    }
    if (top?.atStart && c !== "|" && c !== ")") {
      top.atStart = false;
      top.firsts.push(
        NOT_LITERAL.has(c) || variableRepeatAt(pattern, i + 1) ? null : c.toLowerCase(),
      );
    }
    if (c === "\\") {
      i++;
    } else if (c === "[") {
      inClass = true;
    } else if (c === "(") {
      groups.push({ unbounded: false, ambiguous: false, firsts: [], atStart: true });
      i = groupPrefixEnd(pattern, i);
    } else if (c === "|") {
      if (top) {
        if (top.atStart) top.firsts.push(null);
        top.atStart = true;
      }
    } else if (c === ")") {
      const group = groups.pop();
      if (!group) continue;
      if (group.atStart) group.firsts.push(null);
      const ambiguous = group.ambiguous || alternativesOverlap(group.firsts);
      const repeat = maxRepeatAt(pattern, i + 1);
      if (group.unbounded && repeat >= 2) return true;
      if (ambiguous && repeat > BOUNDED_REPEAT) return true;
      const parent = groups[groups.length - 1];
      if (parent) {
        parent.unbounded ||= group.unbounded;
        parent.ambiguous ||= ambiguous;
      }
    } else if (top && variableRepeatAt(pattern, i)) {
      top.ambiguous = true;
      if (maxRepeatAt(pattern, i) > BOUNDED_REPEAT) top.unbounded = true;
    }
  }
  return false;
}

/** Whether the character at `i` is escaped by an odd run of backslashes before it. */
function escaped(pattern: string, i: number): boolean {
  let slashes = 0;
  for (let j = i - 1; j >= 0 && pattern[j] === "\\"; j--) slashes++;
  return slashes % 2 === 1;
}

/**
 * The pattern without a `.*` (or `.*?`) that opens or closes it. A search (`test`) finds the same
 * messages either way, since `.*` may match nothing; but a leading `.*` makes the engine try every
 * start with every length: `.*优惠.*活动.*` took 290 ms on "优惠" × 500, `优惠.*活动` 1 ms.
 */
export function withoutOuterDotStars(pattern: string): string {
  let p = pattern;
  for (;;) {
    const lead = /^\.\*\??/.exec(p);
    if (lead) {
      p = p.slice(lead[0].length);
      continue;
    }
    const tail = /\.\*\??$/.exec(p);
    if (tail && !escaped(p, tail.index) && !insideClass(p, tail.index)) {
      p = p.slice(0, tail.index);
      continue;
    }
    return p;
  }
}

/** Roughly, whether `i` is inside a character class (`[.*]`), where `.` and `*` are literals. */
function insideClass(pattern: string, i: number): boolean {
  // Wrong only towards leaving a pattern as it is, which is always correct.
  return pattern.lastIndexOf("[", i) > pattern.lastIndexOf("]", i);
}

/** A compiled marketer pattern: `test` searches the first REGEX_SUBJECT_LIMIT characters of a message. */
export interface SafeRegex {
  /** `builtin`: JavaScript's RegExp. `linear`: re2js, for a pattern that may backtrack polynomially. */
  readonly engine: "builtin" | "linear";
  /** The pattern as compiled: without an outer `.*`. */
  readonly source: string;
  test(subject: string): boolean;
}

/** Which engine runs a pattern, or why none does (then it never matches). */
export type RegexVerdict =
  | { use: "builtin" | "linear" }
  | { use: "none"; why: "invalid"; error: string }
  | { use: "none"; why: "unsupported"; feature: LinearUnsupported | "unreadable"; detail?: string };

interface Compiled {
  verdict: RegexVerdict;
  regex: SafeRegex | null;
}

/** Bounded: cleared when full, since patterns come from flows, which change rarely. */
const cache = new Map<string, Compiled>();
const CACHE_SIZE = 1000;

function cut(subject: string): string {
  return subject.length > REGEX_SUBJECT_LIMIT ? subject.slice(0, REGEX_SUBJECT_LIMIT) : subject;
}

function compile(pattern: string, rawFlags: string): Compiled {
  // `g` and `y` are dropped so that `test()` never carries a position from one message to the next.
  const flags = rawFlags.replace(/[gy]/g, "");
  const source = withoutOuterDotStars(pattern);
  let builtin: RegExp;
  try {
    new RegExp(pattern, flags);
    builtin = new RegExp(source, flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { verdict: { use: "none", why: "invalid", error: message }, regex: null };
  }
  let parsed: ParsedRegex;
  let doubtful: boolean;
  let linear: LinearRegex;
  try {
    parsed = parseRegex(source, flags);
    // Exponential ones too: on the linear engine `(a+)+` is as quick as `a+`, and the cautious rule
    // also catches `^[\w.+-]+@[\w-]+(\.[\w-]+)+$`, the usual e-mail check, which should work.
    doubtful = backtracksExplosively(pattern) || backtracksPolynomially(parsed, flags);
    linear = doubtful ? linearRegex(parsed, flags) : { ok: false, unsupported: "engine" };
  } catch {
    // Not understood (or nested past the stack), so possibly slow, and not translatable either.
    return { verdict: { use: "none", why: "unsupported", feature: "unreadable" }, regex: null };
  }
  if (!doubtful) {
    const test = (subject: string) => builtin.test(cut(subject));
    return { verdict: { use: "builtin" }, regex: { engine: "builtin", source, test } };
  }
  if (!linear.ok) {
    const { unsupported: feature, detail } = linear;
    return { verdict: { use: "none", why: "unsupported", feature, detail }, regex: null };
  }
  const run = linear.test;
  const test = (subject: string) => {
    try {
      return run(cut(subject));
    } catch {
      return false; // the engine never throws; a pattern that cannot be run does not match
    }
  };
  return { verdict: { use: "linear" }, regex: { engine: "linear", source, test } };
}

function compiled(pattern: string, flags: string): Compiled {
  const key = `${flags}/${pattern}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = compile(pattern, flags);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, entry);
  }
  return entry;
}

/**
 * The compiled pattern, or null when it is invalid, or may backtrack badly and uses what the linear
 * engine lacks (backreferences, lookaheads). Ordinary patterns run on JavaScript's RegExp (about
 * 0.1 µs a match); those that may backtrack exponentially or polynomially on re2js.
 */
export function safeRegex(pattern: string, flags = ""): SafeRegex | null {
  return compiled(pattern, flags).regex;
}

/** What `safeRegex` does with a pattern, for telling the marketer why one never matches. */
export function regexVerdict(pattern: string, flags = ""): RegexVerdict {
  return compiled(pattern, flags).verdict;
}

/** Tests a message against a pattern compiled by `safeRegex`; null never matches. */
export function regexTest(re: SafeRegex | null, subject: string): boolean {
  return re?.test(subject) ?? false;
}
