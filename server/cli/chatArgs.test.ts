// Arguments of `npm run chat`: files, flags in both spellings, and usage errors.
import { describe, expect, it } from "vitest";
import { parseChatArgs } from "./chatArgs";

describe("parseChatArgs", () => {
  it("takes files and defaults to failing HTTP, seed 1 and the real clock", () => {
    expect(parseChatArgs(["flows/a.json", "flows/b.json"])).toEqual({
      ok: true,
      args: {
        files: ["flows/a.json", "flows/b.json"],
        http: { type: "fail", reason: "network" },
        httpText: "fail",
        seed: 1,
        help: false,
      },
    });
  });

  it("reads --http, --now and --seed, with a space or =", () => {
    const parsed = parseChatArgs([
      "flows/a.json",
      '--http=mock:{"ok":true}',
      "--now",
      "2025-03-14T10:00:00+08:00",
      "--seed=7",
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      args: {
        http: { type: "mock", body: { ok: true } },
        now: Date.parse("2025-03-14T02:00:00Z"),
        seed: 7,
      },
    });
  });

  it("explains what is wrong", () => {
    expect(parseChatArgs(["a.json", "--verbose"])).toMatchObject({
      ok: false,
      message: expect.stringContaining("--verbose"),
    });
    expect(parseChatArgs(["a.json", "--now", "soon"])).toMatchObject({
      ok: false,
      message: expect.stringContaining("soon"),
    });
    expect(parseChatArgs(["a.json", "--seed", "-1"])).toMatchObject({ ok: false });
    expect(parseChatArgs(["a.json", "--http"])).toMatchObject({ ok: false });
    expect(parseChatArgs([])).toMatchObject({
      ok: false,
      message: expect.stringContaining("flow file"),
    });
    expect(parseChatArgs(["--help"])).toMatchObject({ ok: true, args: { help: true } });
  });
});
