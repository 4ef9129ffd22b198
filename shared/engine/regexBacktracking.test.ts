import { describe, expect, it } from "vitest";
import { withoutOuterDotStars } from "./regex";
import { backtracksPolynomially } from "./regexBacktracking";
import { parseRegex } from "./regexSyntax";

function doubtful(pattern: string, flags = ""): boolean {
  const source = withoutOuterDotStars(pattern);
  return backtracksPolynomially(parseRegex(source, flags), flags);
}

describe("backtracksPolynomially", () => {
  it("leaves the common patterns to the built-in engine", () => {
    for (const p of [
      "^\\d{11}$",
      "1[3-9]\\d{9}",
      "^(?:\\+?86)?1[3-9]\\d{9}$",
      "优惠|活动",
      "订单\\s*\\d+",
      "(订单|order)\\d+",
      "(订单|order)\\s*[:：]?\\s*\\d{8,20}",
      "(?:\\d+,)?\\d+x", // the comma ends the first \d+
      "退(款|货)",
      "优惠.*活动",
      ".*优惠.*活动.*", // the outer .* go first
      "^\\s*(是|好的?|ok|yes)\\s*$",
      "[\\u4e00-\\u9fa5]{2,4}",
      "^.{1,20}$",
      "(\\d{1,3}\\.){3}\\d{1,3}",
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}",
      "\\bvip\\b",
      "(?<!不)喜欢",
      "(?=.*\\d)(?=.*[a-z]).{8,}",
      "\\w+\\s+\\w+",
      "[^,]+,[^,]+,x",
      "(.)\\1",
      "A+a+x", // different characters without `i`
    ]) {
      expect(doubtful(p), p).toBe(false);
      expect(doubtful(p, "i"), `${p} /i`).toBe(p === "A+a+x");
    }
  });

  it("flags chains of repetitions that can split one run of characters many ways", () => {
    for (const p of [
      "\\d+\\d+x", // 0.4 s on 1,000 digits in JavaScript
      "\\d+\\d+\\d+x",
      "^a*a*a*b$",
      ".*a.*b.*c.*d", // a.*b.*c after the outer .* go
      "a.*b.*c",
      "\\d+5\\d+x", // the 5 between them can be taken by both
      "\\d+\\s*\\d+元", // \s* may be empty
      "\\d+[a-z]?\\d+",
      "订单.*\\d+元",
      "(?:ab)*(?:ab)*x",
      "\\d?\\d?\\d?\\d?\\d?\\d?\\d?\\d?\\d?\\d?x", // 2^10 ways
      "(?:\\d+,?)?\\d+x",
      "(?:好|行)+(?:好|行)+吗",
      "(\\d+)\\1", // a backreference repeats what its group took
      "(?=\\d+\\d+x)", // a lookaround on its own
      "(?<=\\d+\\d+)x",
      "[ab]*a[ab]{20}x", // 1,000² ways, each reading 20 characters: 40 ms in JavaScript
      "x.*a.{500}y",
      "\\d+(?:\\b)+\\d+x", // repeated assertions take nothing, so they do not separate
    ]) {
      expect(doubtful(p), p).toBe(true);
    }
  });

  it("allows each way to read a few characters after it", () => {
    expect(doubtful("[ab]*a[ab]{3}x")).toBe(false);
    expect(doubtful("[ab]*.{5}x")).toBe(true); // 24 ms in JavaScript on 1,000 characters
    expect(doubtful("a.{500}y")).toBe(false); // one way per start
    expect(doubtful("你好.*请问有什么优惠活动")).toBe(true); // 9 characters after the .*
    expect(doubtful("你好.*请问优惠")).toBe(false);
  });

  it("counts the search as one repetition, which a leading ^ or a leading literal stops", () => {
    expect(doubtful("\\d+x")).toBe(false); // n² at most
    expect(doubtful("^\\d+\\d+x")).toBe(false); // one start only
    expect(doubtful("^\\d+\\d+\\d+x")).toBe(true);
    expect(doubtful("^\\d+\\d+x", "m")).toBe(true); // with m, ^ holds after every line end
    // Starts are where 订单 is, so runs of spaces after different starts are different runs.
    expect(doubtful("订单\\s*[:：]?\\s*\\d+")).toBe(false);
    expect(doubtful("\\s*[:：]?\\s*\\d+")).toBe(true);
  });

  it("lets a required character between two repetitions end the first when it cannot take it", () => {
    expect(doubtful("\\d+x\\d+y")).toBe(false);
    expect(doubtful("\\d+[a-z]+\\d+y")).toBe(false);
    // With `i` the case of letters no longer separates them.
    expect(doubtful("[a-z]+X[a-z]+y")).toBe(false);
    expect(doubtful("[a-z]+X[a-z]+y", "i")).toBe(true);
  });
});
