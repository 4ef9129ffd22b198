// Runs a JavaScript pattern on RE2 (re2js, linear time) with JavaScript's meaning, or says why it cannot.
import { RE2JS } from "re2js";
import {
  caseClosure,
  complement,
  LINE_TERMINATORS,
  MAX_CODE_POINT,
  MAX_CODE_UNIT,
  normalized,
  type Ranges,
} from "./regexCharSet";
import type { CharsNode, ParsedRegex, RegexNode } from "./regexSyntax";

/** What JavaScript has and RE2 does not; a doubtful pattern using one is refused. */
export type LinearUnsupported =
  | "backreference"
  | "lookahead"
  /** `$` with `m` followed by more pattern: RE2's `$` knows only \n as a line end. */
  | "multilineEnd"
  /** `(?i:…)` and the like. */
  | "modifiers"
  /** `v` classes with nesting, `--`, `&&` or `\q{…}`. */
  | "classSetOperations"
  /**
   * `\P{…}` with `i` and `u`: JavaScript folds case after negating the property, RE2 before.
   */
  | "negatedPropertyIgnoringCase"
  /** RE2 refused the translation: an unknown Unicode property, a repetition too large … */
  | "engine";

export type LinearRegex =
  | { ok: true; test(subject: string): boolean; re2Source: string }
  | { ok: false; unsupported: LinearUnsupported; detail?: string };

/** Longest text a pattern is run on; counts above it are rewritten to what they mean for such text. */
const MAX_SUBJECT = 1000;
/**
 * Without `u`, JavaScript reads a message by UTF-16 code unit and RE2 by code point, so an emoji is
 * two characters to one and one to the other. Each surrogate code unit is moved, in the message and
 * in the pattern, to a private-use code point of its own (plane 15), which RE2 reads as one character.
 */
const SURROGATE_SHIFT = 0xf0000 - 0xd800;

class Unsupported extends Error {
  constructor(readonly feature: LinearUnsupported) {
    super(feature);
  }
}

interface Flags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  unicode: boolean;
}

function hex(cp: number): string {
  return `\\x{${cp.toString(16)}}`;
}

function literal(cp: number): string {
  if (/^[0-9A-Za-z]$/.test(String.fromCharCode(cp))) return String.fromCharCode(cp);
  if (cp >= 0x80 && (cp < 0xd800 || (cp > 0xdfff && cp <= MAX_CODE_UNIT))) {
    return String.fromCharCode(cp);
  }
  return hex(cp);
}

function rangesText(r: Ranges): string {
  let out = "";
  for (let i = 0; i < r.length; i += 2) {
    out += r[i] === r[i + 1] ? literal(r[i]!) : `${literal(r[i]!)}-${literal(r[i + 1]!)}`;
  }
  return out;
}

const NOTHING = `[^${hex(0)}-${hex(MAX_CODE_POINT)}]`;
const ANYTHING = `[${hex(0)}-${hex(MAX_CODE_POINT)}]`;

/** The surrogate code units of `r` moved to their private-use stand-ins. */
function shiftSurrogates(r: Ranges): Ranges {
  const out: number[] = [];
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i]!;
    const hi = r[i + 1]!;
    if (hi < 0xd800 || lo > 0xdfff) {
      out.push(lo, hi);
      continue;
    }
    if (lo < 0xd800) out.push(lo, 0xd7ff);
    out.push(Math.max(lo, 0xd800) + SURROGATE_SHIFT, Math.min(hi, 0xdfff) + SURROGATE_SHIFT);
    if (hi > 0xdfff) out.push(0xe000, hi);
  }
  return normalized(out);
}

function nullable(node: RegexNode): boolean {
  switch (node.type) {
    case "chars":
    case "dot":
      return false;
    case "seq":
      return node.items.every(nullable);
    case "alt":
      return node.alternatives.some(nullable);
    case "repeat":
      return node.min === 0 || nullable(node.body);
    case "modified":
      return nullable(node.body);
    default:
      return true;
  }
}

class Emitter {
  lookbehinds = false;

  constructor(private readonly flags: Flags) {}

  /** `atEnd`: nothing in the pattern can match after this node. */
  emit(node: RegexNode, atEnd: boolean): string {
    switch (node.type) {
      case "chars":
        return this.chars(node);
      case "dot": {
        const max = this.flags.unicode ? MAX_CODE_POINT : MAX_CODE_UNIT;
        return this.set(this.flags.dotAll ? [0, max] : complement(LINE_TERMINATORS, max));
      }
      case "seq":
        return node.items
          .map((item, i) => this.emit(item, atEnd && i === node.items.length - 1))
          .join("");
      case "alt":
        return `(?:${node.alternatives.map((a) => this.emit(a, atEnd)).join("|")})`;
      case "repeat":
        return this.repeat(node, atEnd);
      case "assertion":
        return this.assertion(node.kind, atEnd);
      case "look": {
        if (!node.behind) throw new Unsupported("lookahead");
        this.lookbehinds = true;
        return `(?<${node.negated ? "!" : "="}${this.emit(node.body, false)})`;
      }
      case "backreference":
        throw new Unsupported("backreference");
      case "modified":
        throw new Unsupported("modifiers");
    }
  }

  private chars(node: CharsNode): string {
    if (node.opaque) throw new Unsupported("classSetOperations");
    if (this.flags.unicode) {
      if (this.flags.ignoreCase && node.properties.some((p) => p.startsWith("\\P"))) {
        throw new Unsupported("negatedPropertyIgnoringCase");
      }
      // RE2's (?i) folds like JavaScript with `u` (simple case folding), negated classes included.
      const body = rangesText(node.ranges) + node.properties.join("");
      if (body === "") return node.negated ? ANYTHING : NOTHING;
      if (!node.negated && node.properties.length === 0) return this.set(node.ranges);
      return `[${node.negated ? "^" : ""}${body}]`;
    }
    let r = node.ranges;
    if (this.flags.ignoreCase) r = caseClosure(r, true);
    if (node.negated) r = complement(r, MAX_CODE_UNIT);
    return this.set(r);
  }

  /** A set already in final form (case closure and negation done, or left to RE2's (?i) with `u`). */
  private set(r: Ranges): string {
    const ranges = this.flags.unicode ? r : shiftSurrogates(r);
    if (ranges.length === 0) return NOTHING;
    if (ranges.length === 2 && ranges[0] === ranges[1]) return literal(ranges[0]!);
    return `[${rangesText(ranges)}]`;
  }

  private repeat(node: Extract<RegexNode, { type: "repeat" }>, atEnd: boolean): string {
    let { min, max } = node;
    // The text is at most MAX_SUBJECT characters, and RE2 refuses counts above 1,000.
    if (max > MAX_SUBJECT) max = Number.POSITIVE_INFINITY;
    if (min > MAX_SUBJECT) {
      if (!nullable(node.body)) return NOTHING;
      min = 0;
      max = Number.POSITIVE_INFINITY;
    }
    const body = `(?:${this.emit(node.body, atEnd && max <= 1)})`;
    if (max === Number.POSITIVE_INFINITY) return `${body}{${min},}`;
    return `${body}{${min},${max}}`;
  }

  private assertion(kind: "^" | "$" | "\\b" | "\\B", atEnd: boolean): string {
    const others = `[${hex(0x0d)}${hex(0x2028)}${hex(0x2029)}]`;
    if (kind === "^" && this.flags.multiline) {
      this.lookbehinds = true;
      return `(?:(?m:^)|(?<=${others}))`;
    }
    if (kind === "$" && this.flags.multiline) {
      // Consuming the line end is harmless when nothing follows, and RE2 has no lookahead.
      if (!atEnd) throw new Unsupported("multilineEnd");
      return `(?:(?m:$)|${others})`;
    }
    return kind;
  }
}

/** The message as RE2 must see it for a pattern without `u` (see SURROGATE_SHIFT). */
function shiftedSubject(subject: string): string {
  if (!/[\uD800-\uDFFF]/.test(subject)) return subject;
  return subject.replace(/[\uD800-\uDFFF]/g, (unit) =>
    String.fromCodePoint(unit.charCodeAt(0) + SURROGATE_SHIFT),
  );
}

/** A search for the pattern on re2js that answers as `new RegExp(pattern, flags).test` would. */
export function linearRegex(parsed: ParsedRegex, flags: string): LinearRegex {
  const f: Flags = {
    ignoreCase: flags.includes("i"),
    multiline: flags.includes("m"),
    dotAll: flags.includes("s"),
    unicode: parsed.unicode,
  };
  const emitter = new Emitter(f);
  let source: string;
  try {
    source = emitter.emit(parsed.root, true);
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, unsupported: error.feature };
    throw error;
  }
  if (f.unicode && f.ignoreCase) source = `(?i)${source}`;
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, emitter.lookbehinds ? RE2JS.LOOKBEHINDS : 0);
  } catch (error) {
    return { ok: false, unsupported: "engine", detail: (error as Error).message };
  }
  const test = f.unicode
    ? (subject: string) => re.test(subject)
    : (subject: string) => re.test(shiftedSubject(subject));
  return { ok: true, test, re2Source: source };
}
