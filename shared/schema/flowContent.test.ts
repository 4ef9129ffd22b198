import { describe, expect, it } from "vitest";
import type { Flow } from "./flow";
import { sameFlowContent, sameFlowLayout } from "./flowContent";

const flow = (): Flow => ({
  schemaVersion: 1,
  id: "greeting",
  name: "问候",
  description: "",
  startNodeId: "hello",
  settings: { sessionTimeoutMinutes: 30, utcOffsetMinutes: 480 },
  variables: [],
  triggers: [],
  nodes: [
    {
      id: "hello",
      kind: "message",
      position: { x: 0, y: 0 },
      messages: [{ type: "text", text: "您好" }],
      delaySeconds: 0,
    },
    { id: "bye", kind: "end", position: { x: 0, y: 200 } },
  ],
  edges: [{ id: "e1", source: "hello", sourceHandle: "next", target: "bye" }],
});

describe("sameFlowContent", () => {
  it("holds for the same flow whatever its key order, $schema or missing defaults", () => {
    const reordered = Object.fromEntries(Object.entries(flow()).reverse()) as Flow;
    expect(sameFlowContent(flow(), reordered)).toBe(true);
    expect(sameFlowContent(flow(), { ...flow(), $schema: "./flow.schema.json" })).toBe(true);
    const { description: _d, variables: _v, ...withoutDefaults } = flow();
    expect(sameFlowContent(flow(), withoutDefaults as Flow)).toBe(true);
  });

  it("ignores where nodes sit, and sameFlowLayout tells that apart", () => {
    const moved = flow();
    moved.nodes[1] = { id: "bye", kind: "end", position: { x: 40, y: 320 } };
    expect(sameFlowContent(flow(), moved)).toBe(true);
    expect(sameFlowLayout(flow(), moved)).toBe(false);
    expect(sameFlowLayout(flow(), flow())).toBe(true);
  });

  it("sees a change in any text, setting, node or edge", () => {
    expect(sameFlowContent(flow(), { ...flow(), name: "问候二" })).toBe(false);
    expect(
      sameFlowContent(flow(), {
        ...flow(),
        settings: { sessionTimeoutMinutes: 31, utcOffsetMinutes: 480 },
      }),
    ).toBe(false);
    const reworded = flow();
    reworded.nodes[0] = {
      id: "hello",
      kind: "message",
      position: { x: 0, y: 0 },
      messages: [{ type: "text", text: "您好！" }],
      delaySeconds: 0,
    };
    expect(sameFlowContent(flow(), reworded)).toBe(false);
    expect(sameFlowContent(flow(), { ...flow(), edges: [] })).toBe(false);
  });
});
