// The test-case file format: valid files parse, malformed ones are explained by file and field.
import { describe, expect, it } from "vitest";
import { formatTestFileErrors, parseTestCases, parseTestFile, serializeTestFile } from "./schema";

const valid = {
  schemaVersion: 1,
  flowId: "ecommerce",
  cases: [
    {
      id: "size",
      name: "尺码推荐",
      follower: { tags: ["老客户"] },
      now: "2025-03-10T10:00:00+08:00",
      steps: [
        { input: { type: "event", event: "subscribe", scene: "course_fair" }, expect: ["您好"] },
        { input: { type: "httpResult", result: { ok: false, reason: "timeout" } }, expect: [] },
      ],
    },
  ],
};

describe("parseTestFile", () => {
  it("accepts a valid file", () => {
    const parsed = parseTestFile(valid);
    expect(parsed.ok).toBe(true);
  });

  it("names the field of a malformed step", () => {
    const broken = structuredClone(valid) as typeof valid;
    (broken.cases[0]!.steps[1]!.input as { type: string }).type = "telepathy";
    const parsed = parseTestFile(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const text = formatTestFileErrors("flows/ecommerce.tests.json", parsed.errors);
    expect(text).toContain("flows/ecommerce.tests.json (field cases.0.steps.1.input.type)");
  });

  it("rejects a bad time and an unknown follower field", () => {
    const broken = structuredClone(valid) as Record<string, unknown> & typeof valid;
    broken.cases[0]!.now = "yesterday";
    (broken.cases[0]!.follower as Record<string, unknown>).age = 3;
    const parsed = parseTestFile(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const fields = parsed.errors.map((e) => e.field);
    expect(fields).toContain("cases.0.now");
    expect(fields).toContain("cases.0.follower");
    expect(parsed.errors.find((e) => e.field === "cases.0.now")?.message).toContain("ISO");
  });

  it("rejects a missing schemaVersion and a file that is not an object", () => {
    expect(parseTestFile({ flowId: "x", cases: [] }).ok).toBe(false);
    const parsed = parseTestFile([]);
    expect(parsed.ok || parsed.errors[0]?.field).toBe("(file)");
  });
});

describe("parseTestCases", () => {
  it("prefixes fields with cases and refuses duplicate ids", () => {
    const dup = parseTestCases([valid.cases[0], valid.cases[0]]);
    expect(dup).toMatchObject({ ok: false, errors: [{ field: "cases.1.id" }] });
    const bad = parseTestCases([{ id: "x", name: "x", steps: [] }]);
    expect(bad).toMatchObject({ ok: false, errors: [{ field: "cases.0.steps" }] });
  });
});

describe("serializeTestFile", () => {
  it("writes a stable file that parses back", () => {
    const text = serializeTestFile("ecommerce", valid.cases as never);
    expect(text.endsWith("}\n")).toBe(true);
    expect(parseTestFile(JSON.parse(text))).toMatchObject({ ok: true, file: valid });
  });
});
