import { describe, expect, it } from "vitest";
import { backtracksExplosively, regexTest, safeRegex, withoutOuterDotStars } from "./regex";

describe("safeRegex", () => {
  it("refuses patterns that backtrack explosively", () => {
    for (const p of ["(a+)+$", "(\\w*x)*", "((ab)*c)+", "(a{1,}){2,}", "(?:x+y?)*z"]) {
      expect(backtracksExplosively(p), p).toBe(true);
      expect(safeRegex(p)).toBeNull();
    }
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
      expect(safeRegex(p), p).toBeNull();
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
    expect(regexTest(safeRegex("(a+)+$"), `${"a".repeat(5000)}!`)).toBe(false);
    // Polynomial patterns are allowed, but only ever see the first 1,000 characters.
    expect(typeof regexTest(safeRegex("^a*a*a*b$"), `${"a".repeat(10_000)}!`)).toBe("boolean");
  });
});
