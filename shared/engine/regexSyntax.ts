// Reads a JavaScript regular expression (one that `new RegExp` accepted) into a small syntax tree.
import {
  complement,
  DIGITS,
  MAX_CODE_POINT,
  MAX_CODE_UNIT,
  normalized,
  type Ranges,
  SPACE,
  WORD,
} from "./regexCharSet";

/** One character out of a set: a literal, a class, an escape such as \d. */
export interface CharsNode {
  type: "chars";
  /** Matches what the ranges and properties do not. */
  negated: boolean;
  ranges: Ranges;
  /** Unicode properties as RE2 writes them (`\p{Han}`, `\P{L}`), with `u` or `v` only. */
  properties: string[];
  /** A `v` class with nesting, `--`, `&&` or `\q{…}`: its members are not worked out. */
  opaque: boolean;
}

export type RegexNode =
  | CharsNode
  | { type: "dot" }
  | { type: "seq"; items: RegexNode[] }
  | { type: "alt"; alternatives: RegexNode[] }
  | { type: "repeat"; body: RegexNode; min: number; max: number }
  | { type: "assertion"; kind: "^" | "$" | "\\b" | "\\B" }
  | { type: "look"; behind: boolean; negated: boolean; body: RegexNode }
  | { type: "backreference" }
  /** `(?i:…)`, `(?-s:…)`: flags changed for part of the pattern. */
  | { type: "modified"; flags: string; body: RegexNode };

export interface ParsedRegex {
  root: RegexNode;
  /** `u` or `v`: the pattern is read by code point, and its classes may hold properties. */
  unicode: boolean;
}

const CONTROL_ESCAPES: Record<string, number> = { f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };

function single(cp: number): CharsNode {
  return { type: "chars", negated: false, ranges: [cp, cp], properties: [], opaque: false };
}

/** How a JavaScript Unicode property escape is written in RE2, which knows short names only. */
function re2Property(body: string, negated: boolean): string {
  const eq = body.indexOf("=");
  let name = body;
  if (eq >= 0) {
    const key = body.slice(0, eq);
    // Script_Extensions (scx) is not Script, so it is left for RE2 to refuse.
    if (["General_Category", "gc", "Script", "sc"].includes(key)) name = body.slice(eq + 1);
  }
  return `\\${negated ? "P" : "p"}{${name}}`;
}

/** Capturing groups, for telling a backreference `\2` from a legacy octal escape. */
function countGroups(pattern: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") {
      if (pattern[i + 1] !== "?") n++;
      else if (pattern[i + 2] === "<" && pattern[i + 3] !== "=" && pattern[i + 3] !== "!") n++;
    }
  }
  return n;
}

class Parser {
  private i = 0;
  private readonly unicode: boolean;
  private readonly unicodeSets: boolean;
  private readonly groups: number;
  private readonly namedGroups: boolean;
  private readonly universe: number;
  /** \w (and so \W): with `u` and `i`, JavaScript adds ſ and the Kelvin sign, which fold to s and k. */
  private readonly word: Ranges;

  constructor(
    private readonly src: string,
    flags: string,
  ) {
    this.unicodeSets = flags.includes("v");
    this.unicode = this.unicodeSets || flags.includes("u");
    this.groups = countGroups(src);
    this.namedGroups = /\(\?<(?![=!])/.test(src);
    this.universe = this.unicode ? MAX_CODE_POINT : MAX_CODE_UNIT;
    this.word =
      this.unicode && flags.includes("i")
        ? normalized([...WORD, 0x17f, 0x17f, 0x212a, 0x212a])
        : WORD;
  }

  parse(): RegexNode {
    const node = this.disjunction();
    if (this.i < this.src.length) throw new Error(`unexpected ${this.src[this.i]} at ${this.i}`);
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.i + offset];
  }

  private disjunction(): RegexNode {
    const alternatives = [this.alternative()];
    while (this.peek() === "|") {
      this.i++;
      alternatives.push(this.alternative());
    }
    return alternatives.length === 1 ? alternatives[0]! : { type: "alt", alternatives };
  }

  private alternative(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.src.length && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.term();
      items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0]! : { type: "seq", items };
  }

  private quantified(atom: RegexNode): RegexNode {
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === "*" || c === "+" || c === "?") {
      this.i++;
      min = c === "+" ? 1 : 0;
      max = c === "?" ? 1 : Number.POSITIVE_INFINITY;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    } else {
      return atom;
    }
    if (this.peek() === "?") this.i++;
    return { type: "repeat", body: atom, min, max };
  }

  private term(): RegexNode {
    const c = this.peek()!;
    if (c === "^" || c === "$") {
      this.i++;
      return { type: "assertion", kind: c };
    }
    if (c === ".") {
      this.i++;
      return { type: "dot" };
    }
    if (c === "(") return this.group();
    if (c === "[") return this.charClass();
    if (c === "\\") return this.atomEscape();
    return single(this.literal());
  }

  private literal(): number {
    const cp = this.unicode ? this.src.codePointAt(this.i)! : this.src.charCodeAt(this.i);
    this.i += cp > MAX_CODE_UNIT ? 2 : 1;
    return cp;
  }

  private group(): RegexNode {
    const rest = this.src.slice(this.i, this.i + 4);
    let look: { behind: boolean; negated: boolean } | null = null;
    let modifiers: string | null = null;
    if (rest.startsWith("(?=") || rest.startsWith("(?!")) {
      look = { behind: false, negated: rest[2] === "!" };
      this.i += 3;
    } else if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) {
      look = { behind: true, negated: rest[3] === "!" };
      this.i += 4;
    } else if (rest.startsWith("(?<")) {
      this.i = this.src.indexOf(">", this.i) + 1;
    } else if (rest.startsWith("(?:")) {
      this.i += 3;
    } else if (rest.startsWith("(?")) {
      const m = /^\(\?([a-z]*)(?:-([a-z]*))?:/.exec(this.src.slice(this.i));
      if (!m) throw new Error(`unknown group at ${this.i}`);
      modifiers = m[0].slice(2, -1);
      this.i += m[0].length;
    } else {
      this.i += 1;
    }
    const body = this.disjunction();
    if (this.peek() !== ")") throw new Error(`unclosed group at ${this.i}`);
    this.i++;
    if (look) return { type: "look", ...look, body };
    if (modifiers !== null) return { type: "modified", flags: modifiers, body };
    return body;
  }

  private atomEscape(): RegexNode {
    const c = this.peek(1);
    if (c === "b" || c === "B") {
      this.i += 2;
      return { type: "assertion", kind: c === "b" ? "\\b" : "\\B" };
    }
    if (c !== undefined && c >= "1" && c <= "9") {
      const digits = /^\d+/.exec(this.src.slice(this.i + 1))![0];
      if (Number(digits) <= this.groups) {
        this.i += 1 + digits.length;
        return { type: "backreference" };
      }
    }
    if (c === "k" && (this.unicode || this.namedGroups)) {
      this.i = this.src.indexOf(">", this.i) + 1;
      return { type: "backreference" };
    }
    return this.classEscapeOrChar(false);
  }

  /** After a backslash: a set (\d, \p{…}) or one character. `inClass`: `\b` is a backspace. */
  private classEscapeOrChar(inClass: boolean): CharsNode {
    const c = this.peek(1);
    if (c === undefined) throw new Error("trailing backslash");
    const set = (ranges: Ranges, negated = false): CharsNode => ({
      type: "chars",
      negated: false,
      ranges: negated ? complement(ranges, this.universe) : ranges,
      properties: [],
      opaque: false,
    });
    switch (c) {
      case "d":
      case "D":
        this.i += 2;
        return set(DIGITS, c === "D");
      case "s":
      case "S":
        this.i += 2;
        return set(SPACE, c === "S");
      case "w":
      case "W":
        this.i += 2;
        return set(this.word, c === "W");
      case "p":
      case "P":
        if (this.unicode) {
          const close = this.src.indexOf("}", this.i);
          const property = re2Property(this.src.slice(this.i + 3, close), c === "P");
          this.i = close + 1;
          return {
            type: "chars",
            negated: false,
            ranges: [],
            properties: [property],
            opaque: false,
          };
        }
    }
    return single(this.escapedChar(inClass));
  }

  /** The character a backslash escape stands for, JavaScript's legacy (Annex B) forms included. */
  private escapedChar(inClass: boolean): number {
    const start = this.i;
    const c = this.src[start + 1]!;
    this.i += 2;
    if (c in CONTROL_ESCAPES) return CONTROL_ESCAPES[c]!;
    if (c === "b" && inClass) return 0x08;
    if (c === "c") {
      const letter = this.peek();
      const ok = letter !== undefined && /[A-Za-z]/.test(letter);
      const legacy = inClass && !this.unicode && letter !== undefined && /[\d_]/.test(letter);
      if (ok || legacy) {
        this.i++;
        return letter!.charCodeAt(0) % 32;
      }
      this.i = start + 1; // `\c` alone is a backslash, and the c is read next as itself
      return 0x5c;
    }
    if (c === "x") {
      const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
      if (m) {
        this.i += 2;
        return Number.parseInt(m[0], 16);
      }
      return 0x78;
    }
    if (c === "u") return this.unicodeEscape();
    if (c === "0" && !/^\d/.test(this.src.slice(this.i))) return 0;
    if (c >= "0" && c <= "7" && !this.unicode) {
      // Legacy octal: up to three digits, at most \377.
      let digits = c;
      const next = () => this.peek();
      if (next() !== undefined && next()! >= "0" && next()! <= "7") {
        digits += this.src[this.i++];
        if (c <= "3" && next() !== undefined && next()! >= "0" && next()! <= "7") {
          digits += this.src[this.i++];
        }
      }
      return Number.parseInt(digits, 8);
    }
    // Any other escaped character stands for itself (\. \* \/ and, without `u`, \a \8 …).
    this.i = start + 1;
    return this.literal();
  }

  private unicodeEscape(): number {
    const rest = this.src.slice(this.i);
    if (this.unicode) {
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(rest);
      if (braced) {
        this.i += braced[0].length;
        return Number.parseInt(braced[1]!, 16);
      }
    }
    const m = /^[0-9a-fA-F]{4}/.exec(rest);
    if (!m) return 0x75;
    this.i += 4;
    const unit = Number.parseInt(m[0], 16);
    const trail = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(this.src.slice(this.i));
    if (this.unicode && unit >= 0xd800 && unit <= 0xdbff && trail) {
      this.i += 6;
      return 0x10000 + ((unit - 0xd800) << 10) + (Number.parseInt(trail[1]!, 16) - 0xdc00);
    }
    return unit;
  }

  private charClass(): CharsNode {
    this.i++;
    const negated = this.peek() === "^";
    if (negated) this.i++;
    if (this.unicodeSets) {
      const end = this.classEnd();
      const body = this.src.slice(this.i, end);
      if (/\[|--|&&|\\q\{/.test(body.replace(/\\[^q]/g, ""))) {
        this.i = end + 1;
        return { type: "chars", negated, ranges: [], properties: [], opaque: true };
      }
    }
    const pairs: number[] = [];
    const properties: string[] = [];
    const add = (atom: CharsNode) => {
      pairs.push(...atom.ranges);
      properties.push(...atom.properties);
    };
    while (this.peek() !== "]") {
      if (this.i >= this.src.length) throw new Error("unclosed class");
      const from = this.classAtom();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.i++;
        const to = this.classAtom();
        const lo = isSingle(from);
        const hi = isSingle(to);
        if (lo !== null && hi !== null) {
          pairs.push(lo, hi);
        } else {
          // Annex B: `[\d-z]` is \d, a hyphen and z.
          add(from);
          pairs.push(0x2d, 0x2d);
          add(to);
        }
      } else {
        add(from);
      }
    }
    this.i++;
    return { type: "chars", negated, ranges: normalized(pairs), properties, opaque: false };
  }

  /** Index of the `]` that closes the (possibly nested) `v` class whose body starts here. */
  private classEnd(): number {
    let depth = 0;
    for (let j = this.i; j < this.src.length; j++) {
      const c = this.src[j];
      if (c === "\\") j++;
      else if (c === "[") depth++;
      else if (c === "]") {
        if (depth === 0) return j;
        depth--;
      }
    }
    throw new Error("unclosed class");
  }

  private classAtom(): CharsNode {
    if (this.peek() !== "\\") return single(this.literal());
    const c = this.peek(1);
    if (c === "-" && this.unicode) {
      this.i += 2;
      return single(0x2d);
    }
    if (c !== undefined && (c === "8" || c === "9")) {
      this.i += 2;
      return single(c.charCodeAt(0));
    }
    return this.classEscapeOrChar(true);
  }
}

function isSingle(node: CharsNode): number | null {
  const r = node.ranges;
  return node.properties.length === 0 && r.length === 2 && r[0] === r[1] ? r[0]! : null;
}

/** The tree of a pattern that `new RegExp(pattern, flags)` accepts; throws on what it cannot read. */
export function parseRegex(pattern: string, flags: string): ParsedRegex {
  const parser = new Parser(pattern, flags);
  return { root: parser.parse(), unicode: /[uv]/.test(flags) };
}
