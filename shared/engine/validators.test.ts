import { describe, expect, it } from "vitest";
import { validatorSchema } from "../schema";
import { validateInput } from "./validators";

const check = (validator: Record<string, unknown>, input: string) =>
  validateInput(validatorSchema.parse(validator), input);
const value = (validator: Record<string, unknown>, input: string) => {
  const r = check(validator, input);
  return r.ok ? r.value : "FAIL";
};

describe("validateInput", () => {
  it("any: non-empty after trim", () => {
    expect(value({ type: "any" }, "  你好 ")).toBe("你好");
    expect(value({ type: "any" }, "   ")).toBe("FAIL");
  });
  it("number: thousands, full-width, decimals, limits and integers", () => {
    expect(value({ type: "number" }, "1,000")).toBe(1000);
    expect(value({ type: "number" }, "１２.５")).toBe(12.5);
    expect(value({ type: "number" }, "-3")).toBe(-3);
    expect(value({ type: "number" }, "十二")).toBe("FAIL");
    expect(value({ type: "number", integer: true }, "2.5")).toBe("FAIL");
    expect(value({ type: "number", min: 1, max: 10 }, "11")).toBe("FAIL");
    expect(value({ type: "number", min: 1, max: 10 }, "0")).toBe("FAIL");
    expect(value({ type: "number", min: 1, max: 10 }, "10")).toBe(10);
  });
  it("mobile: strips spaces, dashes and +86/0086; stores 11 digits", () => {
    expect(value({ type: "mobile" }, "138 0013 8000")).toBe("13800138000");
    expect(value({ type: "mobile" }, "+86-139-0000-1111")).toBe("13900001111");
    expect(value({ type: "mobile" }, "0086 15000000000")).toBe("15000000000");
    expect(value({ type: "mobile" }, "12800138000")).toBe("FAIL");
    expect(value({ type: "mobile" }, "1380013800")).toBe("FAIL");
  });
  it("email", () => {
    expect(value({ type: "email" }, " a.b@example.cn ")).toBe("a.b@example.cn");
    expect(value({ type: "email" }, "a@b")).toBe("FAIL");
    expect(value({ type: "email" }, "a b@c.com")).toBe("FAIL");
  });
  it("date: three formats, real calendar dates only, stored YYYY-MM-DD", () => {
    expect(value({ type: "date" }, "2026-03-05")).toBe("2026-03-05");
    expect(value({ type: "date" }, "2026/3/5")).toBe("2026-03-05");
    expect(value({ type: "date" }, "2026年3月5日")).toBe("2026-03-05");
    expect(value({ type: "date" }, "2024-02-29")).toBe("2024-02-29");
    expect(value({ type: "date" }, "2026-02-29")).toBe("FAIL");
    expect(value({ type: "date" }, "2026-13-01")).toBe("FAIL");
    expect(value({ type: "date" }, "明天")).toBe("FAIL");
  });
  it("regex: matches with its flags; an invalid pattern always fails", () => {
    expect(value({ type: "regex", pattern: "^[A-Z]{2}\\d{4}$" }, "AB1234")).toBe("AB1234");
    expect(value({ type: "regex", pattern: "^[a-z]+$", flags: "gi" }, "ABC")).toBe("ABC");
    expect(value({ type: "regex", pattern: "^[a-z]+$", flags: "gi" }, "ABC")).toBe("ABC");
    expect(value({ type: "regex", pattern: "([" }, "([")).toBe("FAIL");
  });
});
