// The syntax locator agrees with JSON.parse on what is valid and points at the right line and column.
import { describe, expect, it } from "vitest";
import { findJsonSyntaxError } from "./jsonSyntaxError";

describe("findJsonSyntaxError", () => {
  it("finds nothing wrong with valid JSON", () => {
    for (const text of [
      '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}',
      "[]",
      ' "s" ',
      "\ufeff{}",
    ]) {
      expect(findJsonSyntaxError(text)).toBeNull();
    }
  });

  it("points at a missing comma on its own line", () => {
    const text = '{\n  "id": "demo",\n  "name": "演示"\n  "nodes": []\n}';
    expect(findJsonSyntaxError(text)).toEqual({
      line: 4,
      column: 3,
      message: 'expected "," or "}" after a property value, found """',
    });
  });

  it("points at a trailing comma, a bad literal, an unterminated string and the end of the file", () => {
    expect(findJsonSyntaxError('{"a": 1,}')).toMatchObject({ line: 1, column: 9 });
    expect(findJsonSyntaxError('{"a": tru}')).toMatchObject({ line: 1, column: 10 });
    expect(findJsonSyntaxError('{"a": "x')).toMatchObject({ message: "unterminated string" });
    expect(findJsonSyntaxError('{"a": 1')).toMatchObject({ line: 1, column: 8 });
    expect(findJsonSyntaxError("")).toMatchObject({ line: 1, column: 1 });
    expect(findJsonSyntaxError("{} {}")).toMatchObject({ column: 4 });
  });

  it("counts columns in characters, so Chinese text does not shift them", () => {
    expect(findJsonSyntaxError('{"名称": "话术" x}')).toMatchObject({ line: 1, column: 13 });
  });
});
