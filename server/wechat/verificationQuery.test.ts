import { describe, expect, it } from "vitest";
import { readVerificationQuery } from "./verificationQuery";

const read = (query: string) => readVerificationQuery(`http://h/wechat?${query}`);
const problem = (query: string) => {
  const reading = read(query);
  return reading.ok ? "ok" : reading.problem.split(":")[0];
};

describe("readVerificationQuery", () => {
  it("reads a plaintext verification and a safe-mode one", () => {
    expect(read("signature=ab&timestamp=1&nonce=2&echostr=3")).toEqual({
      ok: true,
      query: { mode: "plain", signature: "ab", timestamp: "1", nonce: "2", echostr: "3" },
    });
    expect(read("msg_signature=cd&timestamp=1&nonce=2&echostr=a%2Bb%2F%3D&openid=x")).toEqual({
      ok: true,
      query: { mode: "safe", signature: "cd", timestamp: "1", nonce: "2", echostr: "a+b/=" },
    });
  });

  it("names a parameter that is missing or empty", () => {
    expect(readVerificationQuery("http://h/wechat")).toEqual({
      ok: false,
      problem: expect.stringMatching(/^signature is missing: .*signature \(or msg_signature\)/),
    });
    expect(problem("signature=ab&timestamp=1&nonce=2")).toBe("echostr is missing");
    expect(problem("signature=ab&timestamp=&nonce=2&echostr=3")).toBe("timestamp is empty");
    expect(problem("signature=ab&timestamp=1&nonce&echostr=3")).toBe("nonce is empty");
    expect(problem("msg_signature=&signature=ab&timestamp=1&nonce=2&echostr=3")).toBe(
      "msg_signature is empty",
    );
    // Names are case-sensitive, as WeChat writes them.
    expect(problem("Signature=ab&timestamp=1&nonce=2&echostr=3")).toBe("signature is missing");
  });

  it("names a parameter given more than once, even written another way", () => {
    expect(problem("signature=ab&signature=ab&timestamp=1&nonce=2&echostr=3")).toBe(
      "signature appears 2 times in the query",
    );
    expect(problem("signature=ab&timestamp=1&nonce=2&echostr=3&echostr&%65chostr=4")).toBe(
      "echostr appears 3 times in the query",
    );
    // In either mode: the one not used is still not WeChat's.
    expect(problem("msg_signature=ab&signature=1&signature=2&timestamp=1&nonce=2&echostr=3")).toBe(
      "signature appears 2 times in the query",
    );
  });

  it("names a parameter whose escapes are broken or do not spell UTF-8, and skips such a name", () => {
    for (const bad of [
      "%",
      "1%",
      "%zz",
      "%4",
      "%E4%B8",
      "%C0%AF",
      "%ED%A0%80",
      "%F4%90%80%80",
      "%FF",
    ]) {
      expect(problem(`signature=ab&timestamp=1&nonce=2&echostr=${bad}`), bad).toBe(
        "echostr is not valid percent-encoded UTF-8",
      );
    }
    expect(read("signature=ab&timestamp=%31&nonce=%e4%b8%ad&echostr=%2531&%zz=1")).toMatchObject({
      query: { timestamp: "1", nonce: "中", echostr: "%31" },
    });
  });

  it("names a parameter holding a control character, and lets other text through", () => {
    for (const [escaped, code] of [
      ["%00", "0000"],
      ["%09", "0009"],
      ["%7F", "007F"],
      ["%C2%85", "0085"],
    ]) {
      expect(problem(`signature=ab&timestamp=1&nonce=2&echostr=1${escaped}`), escaped).toBe(
        `echostr contains a control character (U+${code})`,
      );
    }
    expect(
      read("signature=ab&timestamp=1&nonce=2&echostr=%EF%BB%BF%E2%80%A8%E4%B8%AD%20x"),
    ).toMatchObject({ query: { echostr: "\uFEFF\u2028中 x" } });
  });

  it("stops at the fragment, and reads a space written as + or %20", () => {
    expect(read("signature=ab&timestamp=1&nonce=2&echostr=a+b%20c#echostr=x")).toMatchObject({
      query: { echostr: "a b c" },
    });
  });
});
