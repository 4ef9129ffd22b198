import { describe, expect, it } from "vitest";
import { backtracksExplosively, regexTest, safeRegex } from "./regex";

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
  it("stays quick on a hostile pattern and a long message", () => {
    expect(regexTest(safeRegex("(a+)+$"), `${"a".repeat(5000)}!`)).toBe(false);
    // Polynomial patterns are allowed, but only ever see the first 1,000 characters.
    expect(typeof regexTest(safeRegex("^a*a*a*b$"), `${"a".repeat(10_000)}!`)).toBe("boolean");
  });
});
