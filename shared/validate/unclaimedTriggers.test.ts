// A copy must not steal the keywords or the fallback role of the flow it was copied from.
import { describe, expect, it } from "vitest";
import { type Flow, type FlowInput, parseFlow } from "../schema";
import { withoutClaimedTriggers } from "./unclaimedTriggers";
import { validateFlow } from "./validateFlow";

function flow(id: string, triggers: FlowInput["triggers"]): Flow {
  const parsed = parseFlow({
    schemaVersion: 1,
    id,
    name: id,
    startNodeId: "hi",
    triggers,
    nodes: [
      {
        id: "hi",
        kind: "message",
        position: { x: 0, y: 0 },
        messages: [{ type: "text", text: "你好" }],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.flow;
}

describe("withoutClaimedTriggers", () => {
  const original = flow("shop", [
    { id: "buy", type: "keyword", match: "contains", pattern: "购买" },
    { id: "fb", type: "fallback" },
    { id: "follow", type: "event", event: "subscribe" },
  ]);

  it("drops keywords and the fallback another flow claims, keeps the rest", () => {
    const copy = flow("shop-copy", [
      ...original.triggers,
      { id: "own", type: "keyword", match: "contains", pattern: "新品" },
      { id: "case", type: "keyword", match: "contains", pattern: " 购买 " },
    ]);
    const { flow: cleaned, dropped } = withoutClaimedTriggers(copy, [original]);
    expect(dropped.map((t) => t.id)).toEqual(["buy", "fb", "case"]);
    expect(cleaned.triggers.map((t) => t.id)).toEqual(["follow", "own"]);
    const problems = validateFlow(cleaned, { otherFlows: [original] });
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("keeps a keyword claimed with another match mode", () => {
    const copy = flow("shop", [{ id: "buy", type: "keyword", match: "exact", pattern: "购买" }]);
    expect(withoutClaimedTriggers(copy, [original]).dropped).toEqual([]);
  });

  it("drops the source's triggers from a copy that still has the source's id", () => {
    expect(withoutClaimedTriggers(original, [original]).dropped.map((t) => t.id)).toEqual([
      "buy",
      "fb",
    ]);
  });
});
