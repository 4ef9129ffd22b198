// HTTP modes of the terminal chat: parsed from flags, answering every request the same way.
import { describe, expect, it } from "vitest";
import { cannedHttpResult, describeHttpResult, parseHttpMode } from "./httpMode";

describe("parseHttpMode", () => {
  it("reads fail, fail:timeout, fail:<status>, mock:<json> and real", () => {
    expect(parseHttpMode("fail")).toEqual({ ok: true, mode: { type: "fail", reason: "network" } });
    expect(parseHttpMode("fail:timeout")).toEqual({
      ok: true,
      mode: { type: "fail", reason: "timeout" },
    });
    expect(parseHttpMode("fail:404")).toEqual({
      ok: true,
      mode: { type: "fail", reason: "status", status: 404 },
    });
    expect(parseHttpMode('mock:{"a":"x:y"}')).toEqual({
      ok: true,
      mode: { type: "mock", status: 200, body: { a: "x:y" } },
    });
    expect(parseHttpMode("real")).toEqual({ ok: true, mode: { type: "real" } });
  });

  it("rejects anything else with a message naming it", () => {
    expect(parseHttpMode("mock:{oops")).toMatchObject({
      ok: false,
      message: expect.stringContaining("JSON"),
    });
    expect(parseHttpMode("fail:999")).toMatchObject({ ok: false });
    expect(parseHttpMode("")).toMatchObject({ ok: false });
  });
});

describe("cannedHttpResult", () => {
  it("answers as the mode says, and describes the answer in one line", () => {
    const ok = cannedHttpResult({ type: "mock", status: 200, body: { n: 1 } });
    expect(ok).toEqual({ ok: true, status: 200, body: { n: 1 } });
    expect(describeHttpResult(ok)).toBe('⟵ 200 {"n":1}');
    const notFound = cannedHttpResult({ type: "fail", reason: "status", status: 404 });
    expect(notFound).toEqual({ ok: false, reason: "status", status: 404 });
    expect(describeHttpResult(notFound)).toBe("⟵ 请求失败 (status, 404)");
  });
});
