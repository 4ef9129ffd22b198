// A formatted problem names the file, where in the flow, the code and both languages.
import { describe, expect, it } from "vitest";
import { formatProblem } from "./formatProblem";
import { problem } from "./problem";

describe("formatProblem", () => {
  it("names file, node and field", () => {
    const p = problem("EMPTY_TEXT", { nodeId: "greet", field: "messages.0.text" }, "空的", "empty");
    expect(formatProblem("flows/a.json", p)).toBe(
      "flows/a.json (node greet, field messages.0.text): 警告 warning EMPTY_TEXT: 空的 / empty",
    );
  });

  it("names a trigger, and nothing in brackets when the problem is about the whole flow", () => {
    const t = problem(
      "KEYWORD_CONFLICT",
      { triggerId: "kw", field: "pattern" },
      "冲突",
      "conflict",
    );
    expect(formatProblem("x.json", t)).toBe(
      "x.json (trigger kw, field pattern): 错误 error KEYWORD_CONFLICT: 冲突 / conflict",
    );
    expect(formatProblem("x.json", problem("NO_ENTRY_TRIGGER", {}, "无", "none"))).toBe(
      "x.json: 警告 warning NO_ENTRY_TRIGGER: 无 / none",
    );
  });
});
