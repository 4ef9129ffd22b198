// GET/PUT /api/flows/:id/tests over the admin API: empty when absent, validated saves, clear errors.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ApiTestKit, createApiTestKit, sampleFlow } from "./apiTestKit";

let kit: ApiTestKit;

const testCase = {
  id: "hi",
  name: "问候",
  steps: [{ input: { type: "text", text: "hi-greeting" }, expect: ["您好"] }],
};

beforeEach(async () => {
  kit = await createApiTestKit();
  writeFileSync(join(kit.flowsDir, "greeting.json"), JSON.stringify(sampleFlow()));
  await kit.login();
});
afterEach(() => kit.close());

describe("flow test cases API", () => {
  it("answers an empty list for a flow without cases, 404 for no flow, 401 without login", async () => {
    const res = await kit.call("GET", "/api/flows/greeting/tests");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cases: [] });
    expect((await kit.call("GET", "/api/flows/nothing/tests")).status).toBe(404);
    expect(
      (await kit.call("GET", "/api/flows/greeting/tests", undefined, { cookie: null })).status,
    ).toBe(401);
  });

  it("saves cases as flows/<id>.tests.json and reads them back", async () => {
    const put = await kit.call("PUT", "/api/flows/greeting/tests", { cases: [testCase] });
    expect(put.status).toBe(200);
    const file = JSON.parse(readFileSync(join(kit.flowsDir, "greeting.tests.json"), "utf8"));
    expect(file).toEqual({ schemaVersion: 1, flowId: "greeting", cases: [testCase] });
    const get = await kit.call("GET", "/api/flows/greeting/tests");
    expect(await get.json()).toEqual({ cases: [testCase] });
    // The flow list still holds just the flow, not its test file.
    const list = (await (await kit.call("GET", "/api/flows")).json()) as {
      flows: Array<{ id: string }>;
    };
    expect(list.flows.map((f) => f.id)).toEqual(["greeting"]);
  });

  it("refuses malformed cases naming the field, and leaves the file alone", async () => {
    const bad = { ...testCase, steps: [{ input: { type: "wave" }, expect: [] }] };
    const res = await kit.call("PUT", "/api/flows/greeting/tests", { cases: [bad] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: { en: string } } };
    expect(body.error.code).toBe("invalid_test_cases");
    expect(body.error.message.en).toContain("cases.0.steps.0.input.type");
    expect(existsSync(join(kit.flowsDir, "greeting.tests.json"))).toBe(false);
  });

  it("refuses a response body nested too deep to write back, with a 400 naming the field", async () => {
    // Sent as text: the test's own JSON.stringify could not write it either.
    const body = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const input = `{"type":"httpResult","result":{"ok":true,"status":200,"body":${body}}}`;
    const text = `{"cases":[{"id":"hi","name":"问候","steps":[{"input":${input},"expect":[]}]}]}`;
    const res = await kit.call("PUT", "/api/flows/greeting/tests", text);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { message: { en: string } } };
    expect(answer.error.message.en).toContain("cases.0.steps.0.input.result.body");
    expect(existsSync(join(kit.flowsDir, "greeting.tests.json"))).toBe(false);
    // A body of ordinary depth is kept.
    const shallow = {
      type: "httpResult",
      result: { ok: true, status: 200, body: { order: { items: [1] } } },
    };
    const saved = await kit.call("PUT", "/api/flows/greeting/tests", {
      cases: [{ ...testCase, steps: [{ input: shallow, expect: [] }] }],
    });
    expect(saved.status).toBe(200);
  });

  it("explains a broken file on disk by file and field", async () => {
    writeFileSync(
      join(kit.flowsDir, "greeting.tests.json"),
      JSON.stringify({ schemaVersion: 1, flowId: "greeting", cases: [{ id: "x" }] }),
    );
    const res = await kit.call("GET", "/api/flows/greeting/tests");
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { message: { en: string } } };
    expect(body.error.message.en).toContain("greeting.tests.json (field cases.0.name)");
  });
});
