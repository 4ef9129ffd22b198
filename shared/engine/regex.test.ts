import { describe, expect, it } from "vitest";
import {
  backtracksExplosively,
  REGEX_SUBJECT_LIMIT,
  regexTest,
  regexVerdict,
  safeRegex,
  withoutOuterDotStars,
} from "./regex";

describe("safeRegex", () => {
  it("runs patterns that backtrack explosively on the linear engine, with the same answers", () => {
    const hostile = `${"a".repeat(40)}!`;
    for (const [p, yes, no] of [
      ["(a+)+$", "baaa", "aaa!"],
      ["(\\w*x)*y", "axbxy", "ab"],
      ["^((ab)*c)+$", "abcababc", "abcab"],
      ["(a{1,}){2,}b", "aab", "ab"],
      ["^(?:x+y?)*z", "xxyxz", "yz"],
    ] as const) {
      expect(backtracksExplosively(p), p).toBe(true);
      const re = safeRegex(p);
      expect(re?.engine, p).toBe("linear");
      expect(regexTest(re, yes), `${p} ${yes}`).toBe(new RegExp(p).test(yes));
      expect(regexTest(re, yes), `${p} ${yes}`).toBe(true);
      expect(regexTest(re, no), `${p} ${no}`).toBe(false);
      // A message that would take the built-in engine seconds: answered.
      expect(regexTest(re, hostile), p).toBe(false);
    }
    // The usual e-mail check is explosive by the cautious rule, and works.
    const email = safeRegex("^[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+$");
    expect(email?.engine).toBe("linear");
    expect(regexTest(email, "li.lei+shop@example.com.cn")).toBe(true);
    expect(regexTest(email, "li.lei@example")).toBe(false);
  });
  it("accepts ordinary patterns, including escaped and bracketed quantifier characters", () => {
    for (const p of [
      "^\\d{11}$",
      "(订单|order)\\d+",
      "(ab)+",
      "[(+)]+",
      "\\(a+\\)+",
      "(是|好)+吗",
      "(订单|order)+",
      "(a|b)*c",
      "(\\d{1,3}\\.){3}\\d{1,3}",
      "(a+)?b",
    ]) {
      expect(backtracksExplosively(p), p).toBe(false);
      expect(safeRegex(p)).not.toBeNull();
    }
  });
  it("refuses repeated groups that can match the same text in several ways", () => {
    // Each of these takes seconds on 20–40 characters of "a" (or "1") without a final match.
    for (const p of [
      "(a|a)*b",
      "(a|aa)+b",
      "(?:\\d|\\d\\d)+x",
      "(\\w|\\d)+!",
      "(a|A)+b",
      "(a{1,3})+b",
      "(a+){2}b",
      "(a+){10}b",
      "(.*a){12}b",
      "((a|aa)b?)+c",
    ]) {
      const re = safeRegex(p);
      expect(re?.engine, p).toBe("linear");
      expect(regexTest(re, `${"a".repeat(40)}${"1".repeat(40)}`), p).toBe(false);
    }
  });
  it("never matches with an invalid pattern and drops g/y so tests do not remember positions", () => {
    expect(regexTest(safeRegex("(["), "([")).toBe(false);
    const re = safeRegex("a", "g");
    expect(regexTest(re, "a")).toBe(true);
    expect(regexTest(re, "a")).toBe(true);
  });
  it("searches without a .* that opens or closes the pattern, finding the same messages", () => {
    // A leading .* makes a search try every start with every length: cubic for .*.*.*x.
    expect(withoutOuterDotStars(".*优惠.*活动.*")).toBe("优惠.*活动");
    expect(withoutOuterDotStars(".*.*.*=")).toBe("=");
    expect(withoutOuterDotStars(".*?退款.*?")).toBe("退款");
    expect(safeRegex(".*优惠.*活动.*", "i")?.source).toBe("优惠.*活动");
    // Escaped dots, classes, groups and a + stay as written.
    for (const p of ["a\\.*", "[.*]", "x[a.*]", "(.*)", ".+a", "a.+", "\\.*"]) {
      expect(withoutOuterDotStars(p), p).toBe(p);
    }
    // The same answers as the pattern as written, also across lines and alternatives.
    const cases: Array<[string, string]> = [
      [".*优惠.*活动.*", "有优惠\n活动吗"],
      [".*优惠.*活动.*", "优惠活动"],
      [".*a|b.*", "xb"],
      [".*a|b.*", "c"],
      ["^.*a", "b\na"],
      ["a.*$", "a\nb"],
      [".*", ""],
    ];
    for (const [pattern, text] of cases) {
      for (const flags of ["", "m", "s"]) {
        expect(regexTest(safeRegex(pattern, flags), text), `${pattern} /${flags} ${text}`).toBe(
          new RegExp(pattern, flags).test(text),
        );
      }
    }
  });
  it("stays quick on a hostile pattern and a long message", () => {
    // Exponential in JavaScript's RegExp: seconds for 30 characters.
    expect(regexTest(safeRegex("(a+)+$"), `${"a".repeat(999)}!`)).toBe(false);
    // Only the first 1,000 characters are searched: here all "a", so the end is found.
    expect(regexTest(safeRegex("(a+)+$"), `${"a".repeat(5000)}!`)).toBe(true);
    // Polynomial patterns run on the linear engine, and only ever see the first 1,000 characters.
    expect(safeRegex("^a*a*a*b$")?.engine).toBe("linear");
    expect(regexTest(safeRegex("^a*a*a*b$"), `${"a".repeat(10_000)}!`)).toBe(false);
    expect(regexTest(safeRegex("^a*a*a*b$"), `${"a".repeat(500)}b`)).toBe(true);
  });
});

describe("safeRegex on polynomial patterns", () => {
  const digits = "1".repeat(REGEX_SUBJECT_LIMIT);
  // Each of these takes from 0.4 s to minutes in JavaScript's RegExp on a message like these.
  const hostile: Array<[pattern: string, subject: string, matches: boolean]> = [
    ["\\d+\\d+x", digits, false],
    ["\\d+\\d+x", `${digits.slice(1)}x`, true],
    ["\\d+\\d+\\d+x", digits, false],
    ["\\d+\\d+\\d+x", `${digits.slice(2)}x`, true],
    [".*a.*b.*c.*d", "ab".repeat(500), false],
    [".*a.*b.*c.*d", `${"ab".repeat(499)}cd`, true],
    ["a.*b.*c", "ab".repeat(500), false],
    ["订单.*\\d+元", `订单${"1".repeat(998)}`, false],
    ["订单.*\\d+元", `订单${"1".repeat(997)}元`, true],
    ["\\d+\\s*\\d+元", digits, false],
    // Past the first 1,000 characters nothing is seen, as before.
    ["\\d+\\d+x", `${digits}x`, false],
  ];

  it("runs them on the linear engine and gives the right answers on long hostile messages", () => {
    for (const [pattern, subject, matches] of hostile) {
      const re = safeRegex(pattern);
      expect(re?.engine, pattern).toBe("linear");
      expect(regexTest(re, subject), `${pattern} on ${subject.slice(-12)}`).toBe(matches);
      // The same answer as JavaScript's engine where it can be asked in reasonable time.
      const short = subject.length > 40 ? subject.slice(-40) : subject;
      expect(regexTest(re, short), pattern).toBe(new RegExp(pattern).test(short));
    }
  });

  it("keeps ordinary patterns on the built-in engine", () => {
    for (const p of [
      "^\\d{11}$",
      "1[3-9]\\d{9}",
      "优惠|活动",
      "订单\\s*\\d+",
      ".*优惠.*活动.*",
      "退(款|货)",
    ]) {
      expect(safeRegex(p, "i")?.engine, p).toBe("builtin");
      expect(regexVerdict(p, "i"), p).toEqual({ use: "builtin" });
    }
  });

  it("honours i, m and s on both engines", () => {
    const cases: Array<[pattern: string, flags: string, subject: string, matches: boolean]> = [
      ["^vip\\d+$", "i", "VIP12", true],
      ["^vip\\d+$", "", "VIP12", false],
      ["^\\d+$", "m", "订单\n12", true],
      ["^\\d+$", "", "订单\n12", false],
      ["^a.b$", "s", "a\nb", true],
      ["^a.b$", "", "a\nb", false],
      ["😀", "u", "😀", true],
      ["^.$", "u", "😀", true],
      ["^.$", "", "😀", false],
    ];
    for (const [pattern, flags, subject, matches] of cases) {
      // The same pattern twice: as written (built-in) and after a doubtful \d*\d* (linear).
      const builtin = safeRegex(pattern, flags);
      const doubtfulPattern = `${pattern}|\\d*\\d*x`;
      const linear = safeRegex(doubtfulPattern, flags);
      expect(builtin?.engine).toBe("builtin");
      expect(linear?.engine).toBe("linear");
      expect(regexTest(builtin, subject), `${pattern} /${flags}`).toBe(matches);
      expect(regexTest(linear, subject), `${doubtfulPattern} /${flags}`).toBe(matches);
    }
  });

  it("refuses a doubtful pattern that the linear engine cannot run, and says why", () => {
    // A backreference or a lookahead on its own is fine: JavaScript runs it.
    expect(safeRegex("(.)\\1")?.engine).toBe("builtin");
    expect(safeRegex("\\d+(?=元)")?.engine).toBe("builtin");
    for (const [pattern, feature] of [
      ["(\\d+)\\1", "backreference"],
      ["\\d+\\d+(?=元)", "lookahead"],
      ["\\d+(?!\\d*\\d*元)", "lookahead"],
    ] as const) {
      expect(safeRegex(pattern), pattern).toBeNull();
      expect(regexTest(safeRegex(pattern), "1111元"), pattern).toBe(false);
      expect(regexVerdict(pattern), pattern).toEqual({ use: "none", why: "unsupported", feature });
    }
    // Nested past what the checker can read: refused, never thrown.
    const deep = `${"(?:".repeat(5000)}a${")".repeat(5000)}`;
    expect(regexVerdict(deep)).toEqual({ use: "none", why: "unsupported", feature: "unreadable" });
    expect(regexTest(safeRegex(deep), "a")).toBe(false);
    expect(regexVerdict("(a+)+")).toEqual({ use: "linear" });
    // Explosive and with what the linear engine lacks: never matches.
    expect(regexVerdict("(a+)+\\1")).toEqual({
      use: "none",
      why: "unsupported",
      feature: "backreference",
    });
    expect(regexVerdict("([")).toMatchObject({ use: "none", why: "invalid" });
  });
});
