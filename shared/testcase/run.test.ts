// The runner replays a case: passing, failing with a diff naming step and line, http results and time.
import { describe, expect, it } from "vitest";
import { edges, makeFlow } from "../engine/testKit";
import { describeTestInput, formatCaseResult } from "./format";
import { runTestCase, runTestFile } from "./run";
import { parseTestCases, type TestCase } from "./schema";

const shop = makeFlow({
  id: "shop",
  variables: [{ name: "height", type: "number" }],
  triggers: [{ id: "t_buy", type: "keyword", match: "contains", pattern: "买" }],
  nodes: [
    { id: "hi", kind: "message", messages: [{ type: "text", text: "您好" }] },
    {
      id: "ask",
      kind: "question",
      prompt: "身高？",
      answer: { type: "input", variable: "height", validator: { type: "number" } },
    },
    { id: "tell", kind: "message", messages: [{ type: "text", text: "身高 {{height}}" }] },
    { id: "look", kind: "http", method: "GET", url: "https://x.test/{{height}}" },
    { id: "ok", kind: "message", messages: [{ type: "text", text: "查到了" }] },
    { id: "bad", kind: "message", messages: [{ type: "text", text: "没查到" }] },
    {
      id: "clock",
      kind: "condition",
      branches: [
        {
          id: "night",
          label: "夜间",
          rules: [{ left: { type: "time", field: "hour" }, op: "gte", value: "22" }],
        },
      ],
    },
    { id: "late", kind: "message", messages: [{ type: "text", text: "晚上好" }] },
    { id: "day", kind: "message", messages: [{ type: "text", text: "白天好" }] },
  ],
  edges: [
    ...edges("hi->ask", "ask->tell", "tell->look", "look:success->ok", "look:failure->bad"),
    ...edges("clock:night->late", "clock:else->day"),
  ],
});

const happy: TestCase = {
  id: "buy",
  name: "买衣服",
  steps: [
    { input: { type: "text", text: "我想买" }, expect: ["您好", "身高？"] },
    {
      input: { type: "text", text: "170" },
      expect: [{ text: "身高 170", nodeId: "tell" }, "⟶ HTTP GET https://x.test/170"],
    },
    {
      input: { type: "httpResult", result: { ok: true, status: 200, body: {} } },
      expect: ["查到了"],
    },
  ],
};

describe("runTestCase", () => {
  it("passes when every step says what the case expects", () => {
    const result = runTestCase([shop], happy);
    expect(result.passed).toBe(true);
    expect(result.steps.map((s) => s.diff)).toEqual([[], [], []]);
    expect(result.steps[1]?.actual[0]).toEqual({ text: "身高 170", nodeId: "tell" });
  });

  it("fails with the step, position, expected and actual of each difference", () => {
    const edited = makeFlow({
      ...shop,
      nodes: shop.nodes.map((n) =>
        n.id === "ok" ? { ...n, messages: [{ type: "text", text: "订单已找到" }] } : n,
      ),
    });
    const result = runTestCase([edited], happy);
    expect(result.passed).toBe(false);
    expect(result.steps[2]?.diff).toEqual([
      { position: 1, expected: "查到了", actual: { text: "订单已找到", nodeId: "ok" } },
    ]);
    const text = formatCaseResult("flows/shop.tests.json", result).join("\n");
    expect(text).toContain("FAIL  flows/shop.tests.json › 买衣服 (buy)");
    expect(text).toContain("步骤 3 / step 3");
    expect(text).toContain('期望 expected: "查到了"');
    expect(text).toContain('实际 actual:   "订单已找到"');
  });

  it("reports missing and extra replies as lines with nothing on one side", () => {
    const result = runTestCase([shop], {
      ...happy,
      steps: [{ input: { type: "text", text: "我想买" }, expect: ["您好"] }],
    });
    expect(result.steps[0]?.diff).toEqual([
      { position: 2, expected: null, actual: { text: "身高？", nodeId: "ask" } },
    ]);
  });

  it("checks the node of an object expectation", () => {
    const result = runTestCase([shop], {
      ...happy,
      steps: [
        {
          input: { type: "text", text: "买" },
          expect: [{ text: "您好", nodeId: "ask" }, "身高？"],
        },
      ],
    });
    expect(result.passed).toBe(false);
  });

  it("runs the clock from `now`, and a step may set its own time", () => {
    const flow = makeFlow({ ...shop, startNodeId: "clock" });
    const start: TestCase = {
      id: "t",
      name: "t",
      now: "2025-03-10T23:00:00+08:00",
      steps: [
        { input: { type: "startAt", nodeId: "clock" }, expect: ["晚上好"] },
        {
          input: { type: "startAt", nodeId: "clock" },
          expect: ["白天好"],
          now: "2025-03-11T09:00:00+08:00",
        },
      ],
    };
    expect(runTestCase([flow], start, { flowId: "shop" }).passed).toBe(true);
  });

  it("gives the same answer on every run (fixed seeds)", () => {
    const ab = makeFlow({
      id: "ab",
      triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "go" }],
      nodes: [
        {
          id: "split",
          kind: "ab",
          branches: [
            { id: "a", label: "A", weight: 50 },
            { id: "b", label: "B", weight: 50 },
          ],
        },
        { id: "sa", kind: "message", messages: [{ type: "text", text: "A" }] },
        { id: "sb", kind: "message", messages: [{ type: "text", text: "B" }] },
      ],
      edges: edges("split:a->sa", "split:b->sb"),
    });
    const c: TestCase = {
      id: "x",
      name: "x",
      steps: [{ input: { type: "text", text: "go" }, expect: [] }],
    };
    const first = runTestCase([ab], c).steps[0]?.actual;
    for (let i = 0; i < 5; i++) expect(runTestCase([ab], c).steps[0]?.actual).toEqual(first);
  });

  it("replays the agent closing a handoff: the next message goes to the flows again", () => {
    const support = makeFlow({
      id: "support",
      triggers: [{ id: "t_human", type: "keyword", match: "exact", pattern: "人工", global: true }],
      nodes: [{ id: "hand", kind: "handoff", reason: "要人工" }],
    });
    const parsed = parseTestCases([
      {
        id: "closed",
        name: "客服结束会话",
        steps: [
          { input: { type: "text", text: "人工" }, expect: ["⟶ 转人工 (normal): 要人工"] },
          { input: { type: "event", event: "handoffClosed" }, expect: [] },
          { input: { type: "text", text: "我想买" }, expect: ["您好", "身高？"] },
        ],
      },
    ]);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const result = runTestCase([shop, support], parsed.cases[0]!);
    expect(result.steps.map((s) => s.diff)).toEqual([[], [], []]);
    expect(result.passed).toBe(true);
    expect(describeTestInput(parsed.cases[0]!.steps[1]!.input)).toBe("/kfclose");
  });

  it("starts from the follower the case sets up, silent for days until the first message", () => {
    const welcome = makeFlow({
      id: "welcome",
      triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "hi", global: true }],
      nodes: [
        {
          id: "check",
          kind: "condition",
          branches: [
            {
              id: "dormant",
              rules: [{ left: { type: "follower", field: "silentDays" }, op: "gte", value: "90" }],
            },
          ],
        },
        { id: "back", kind: "message", messages: [{ type: "text", text: "好久不见" }] },
        { id: "hello", kind: "message", messages: [{ type: "text", text: "你好" }] },
      ],
      edges: edges("check:dormant->back", "check:else->hello"),
    });
    const steps = [
      { input: { type: "text" as const, text: "hi" }, expect: ["好久不见"] },
      { input: { type: "text" as const, text: "hi" }, expect: ["你好"] },
    ];
    const result = runTestCase([welcome], {
      id: "dormant",
      name: "沉默粉丝",
      follower: { silentDays: 120 },
      steps,
    });
    expect(result.steps.map((s) => s.diff)).toEqual([[], []]);
    const fresh = runTestCase([welcome], { id: "fresh", name: "新粉丝", steps });
    expect(fresh.passed).toBe(false);
    expect(fresh.steps[0]?.actual).toEqual([{ text: "你好", nodeId: "hello" }]);
  });

  it("runs every case of a file", () => {
    const result = runTestFile([shop], {
      schemaVersion: 1,
      flowId: "shop",
      cases: [
        happy,
        { ...happy, id: "bad", steps: [{ input: { type: "text", text: "买" }, expect: ["不对"] }] },
      ],
    });
    expect(result.passed).toBe(false);
    expect(result.cases.map((c) => c.passed)).toEqual([true, false]);
  });
});
