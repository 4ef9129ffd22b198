// Import errors read in the marketer's language.
import { describe, expect, it } from "vitest";
import { loadErrorText } from "./loadErrorText";

describe("loadErrorText", () => {
  it("translates zod's usual phrasings into Chinese and leaves English alone", () => {
    const missing = "Invalid input: expected string, received undefined";
    expect(loadErrorText(missing, "zh")).toBe("缺少此项（应为文字）");
    expect(loadErrorText(missing, "en")).toBe(missing);
    expect(loadErrorText("Too small: expected array to have >=1 items", "zh")).toBe(
      "至少需要 1 项",
    );
    expect(loadErrorText("Too small: expected string to have >=1 characters", "zh")).toBe(
      "不能为空",
    );
  });

  it("picks one side of a bilingual schema message", () => {
    const both = "只能包含字母、数字、_ 和 - / letters, digits, _ and - only";
    expect(loadErrorText(both, "zh")).toBe("只能包含字母、数字、_ 和 -");
    expect(loadErrorText(both, "en")).toBe("letters, digits, _ and - only");
  });

  it("keeps a message it does not know as it is", () => {
    expect(loadErrorText("something odd", "zh")).toBe("something odd");
  });
});
