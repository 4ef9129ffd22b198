import { describe, expect, it } from "vitest";
import { sha1Signature, verifyMsgSignature, verifyUrlSignature } from "./signature";

describe("sha1Signature", () => {
  it("matches WeChat's documented vectors", () => {
    expect(sha1Signature(["AAAAA", "1714036504", "1514711492"])).toBe(
      "f464b24fc39322e44b38aa78f5edd27bd1441696",
    );
    expect(sha1Signature(["AAAAA", "1714037059", "486452656"])).toBe(
      "899cf89e464efb63f54ddac96b0a0a235f53aa78",
    );
  });

  it("does not depend on the order the parts are given in", () => {
    expect(sha1Signature(["1514711492", "AAAAA", "1714036504"])).toBe(
      sha1Signature(["AAAAA", "1714036504", "1514711492"]),
    );
  });

  it("matches the wechatpy msg_signature vector", () => {
    const encrypt =
      "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3";
    expect(sha1Signature(["123456", "1411525903", "461056294", encrypt])).toBe(
      "407518b7649e86ef23978113f92d27afa9296533",
    );
  });
});

describe("verifyUrlSignature", () => {
  const base = { token: "AAAAA", timestamp: "1714036504", nonce: "1514711492" };

  it("accepts both documented requests", () => {
    expect(
      verifyUrlSignature({ ...base, signature: "f464b24fc39322e44b38aa78f5edd27bd1441696" }),
    ).toBe(true);
    expect(
      verifyUrlSignature({
        token: "AAAAA",
        timestamp: "1714037059",
        nonce: "486452656",
        signature: "899cf89e464efb63f54ddac96b0a0a235f53aa78",
      }),
    ).toBe(true);
  });

  it("accepts an upper-case hex signature", () => {
    expect(
      verifyUrlSignature({ ...base, signature: "F464B24FC39322E44B38AA78F5EDD27BD1441696" }),
    ).toBe(true);
  });

  it("rejects a wrong token, a changed timestamp, a truncated or empty signature", () => {
    const signature = "f464b24fc39322e44b38aa78f5edd27bd1441696";
    expect(verifyUrlSignature({ ...base, token: "BBBBB", signature })).toBe(false);
    expect(verifyUrlSignature({ ...base, timestamp: "1714036505", signature })).toBe(false);
    expect(verifyUrlSignature({ ...base, signature: signature.slice(0, 39) })).toBe(false);
    expect(verifyUrlSignature({ ...base, signature: "" })).toBe(false);
    expect(verifyUrlSignature({ ...base, signature: `${signature}00` })).toBe(false);
  });
});

describe("verifyMsgSignature", () => {
  it("checks the Encrypt field as a fourth part", () => {
    const params = { token: "t", timestamp: "1", nonce: "2", encrypt: "abc" };
    const msgSignature = sha1Signature(["t", "1", "2", "abc"]);
    expect(verifyMsgSignature({ ...params, msgSignature })).toBe(true);
    expect(verifyMsgSignature({ ...params, encrypt: "abd", msgSignature })).toBe(false);
    expect(verifyMsgSignature({ ...params, msgSignature: "" })).toBe(false);
  });
});
