// What each typed line means: text to the flow, or a command to the chat.
import { describe, expect, it } from "vitest";
import { parseChatLine } from "./parseChatLine";

describe("parseChatLine", () => {
  it("sends ordinary lines as text, keeping inner spaces", () => {
    expect(parseChatLine("我想 买 T恤\r")).toEqual({
      kind: "input",
      input: { type: "text", text: "我想 买 T恤" },
    });
    expect(parseChatLine("   ")).toEqual({ kind: "empty" });
  });

  it("turns event commands into WeChat events", () => {
    expect(parseChatLine("/subscribe")).toEqual({
      kind: "input",
      input: { type: "event", event: "subscribe" },
    });
    expect(parseChatLine("/subscribe course_fair")).toEqual({
      kind: "input",
      input: { type: "event", event: "subscribe", scene: "course_fair" },
    });
    expect(parseChatLine("/scan fair")).toEqual({
      kind: "input",
      input: { type: "event", event: "scan", scene: "fair" },
    });
    expect(parseChatLine("/click MENU_COURSE")).toEqual({
      kind: "input",
      input: { type: "event", event: "click", key: "MENU_COURSE" },
    });
    expect(parseChatLine("/unsubscribe")).toEqual({
      kind: "input",
      input: { type: "event", event: "unsubscribe" },
    });
    expect(parseChatLine("/kfclose")).toEqual({
      kind: "input",
      input: { type: "event", event: "handoffClosed" },
    });
  });

  it("reads chat commands", () => {
    expect(parseChatLine("/menu 2")).toEqual({ kind: "menu", ref: "2" });
    expect(parseChatLine("/reset")).toEqual({ kind: "reset" });
    expect(parseChatLine("/vars")).toEqual({ kind: "vars" });
    expect(parseChatLine("/help")).toEqual({ kind: "help" });
    expect(parseChatLine("/quit")).toEqual({ kind: "quit" });
    expect(parseChatLine("/http fail:timeout")).toEqual({
      kind: "http",
      mode: { type: "fail", reason: "timeout" },
    });
    expect(parseChatLine("/now 2025-03-14T23:30:00+08:00")).toEqual({
      kind: "now",
      at: Date.parse("2025-03-14T15:30:00Z"),
    });
  });

  it("explains unknown commands and missing arguments instead of sending them", () => {
    expect(parseChatLine("/frobnicate")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("/help"),
    });
    expect(parseChatLine("/scan")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("/scan"),
    });
    expect(parseChatLine("/click")).toMatchObject({ kind: "error" });
    expect(parseChatLine("/menu")).toMatchObject({ kind: "error" });
    expect(parseChatLine("/now yesterday")).toMatchObject({ kind: "error" });
    expect(parseChatLine("/http maybe")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("maybe"),
    });
  });
});
