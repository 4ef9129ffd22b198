// Copy-as-text of a simulated conversation, and a recorded conversation saved as a case that replays.
import { describe, expect, it } from "vitest";
import { edges, makeFlow } from "../engine/testKit";
import { recordCase } from "./recordCase";
import { catalogOfFlows, runTestCase } from "./run";
import { initialSimState, simulateStep } from "./simulateStep";
import { type RecordedStep, renderTranscript } from "./transcript";

const flow = makeFlow({
  id: "menu",
  triggers: [{ id: "t", type: "event", event: "subscribe" }],
  nodes: [
    {
      id: "ask",
      kind: "question",
      prompt: "选一个：",
      answer: {
        type: "options",
        display: "menu",
        options: [
          { id: "o1", label: "课程" },
          { id: "o2", label: "售后" },
        ],
      },
    },
    { id: "c", kind: "message", messages: [{ type: "text", text: "课程介绍\n第二行" }] },
    { id: "h", kind: "handoff", reason: "要人工", priority: "urgent" },
  ],
  edges: edges("ask:o1->c", "c->h"),
});

function record(): RecordedStep[] {
  const catalog = catalogOfFlows([flow]);
  let state = initialSimState(undefined, Date.parse("2025-03-10T10:00:00+08:00"));
  const steps: RecordedStep[] = [];
  for (const input of [
    { type: "event", event: "subscribe" } as const,
    { type: "text", text: "课程", menuId: "o1" } as const,
  ]) {
    const out = simulateStep(catalog, state, input);
    state = out.state;
    steps.push({ input, at: out.at, lines: out.lines });
  }
  return steps;
}

describe("renderTranscript", () => {
  it("shows what the follower sent and read, menu links as [label], effects unmarked", () => {
    expect(renderTranscript(record())).toBe(
      [
        "> /subscribe",
        "< 选一个：",
        "  [课程]",
        "  [售后]",
        "",
        "> 课程 (菜单 o1)",
        "< 课程介绍",
        "  第二行",
        "⟶ 转人工 (urgent): 要人工",
        "",
      ].join("\n"),
    );
  });
});

describe("recordCase", () => {
  it("saves what was said as expectations, and the case replays green", () => {
    const testCase = recordCase({ id: "c1", name: "课程", steps: record() });
    expect(testCase.now).toBe("2025-03-10T02:00:00.000Z");
    expect(testCase.steps[1]).toEqual({
      input: { type: "text", text: "课程", menuId: "o1" },
      expect: ["课程介绍\n第二行", "⟶ 转人工 (urgent): 要人工"],
    });
    expect(runTestCase([flow], testCase).passed).toBe(true);
  });

  it("writes down a clock the tester moved", () => {
    const steps = record();
    steps[1] = { ...steps[1]!, at: steps[1]!.at + 3_600_000 };
    const testCase = recordCase({ id: "c1", name: "x", steps });
    expect(testCase.steps[1]?.now).toBe("2025-03-10T03:00:01.000Z");
  });
});
