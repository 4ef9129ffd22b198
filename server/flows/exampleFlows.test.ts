// The example flows in flows/ load, are stored in their canonical form, and pass validation together.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Flow, serializeFlow } from "../../shared/schema";
import { hasErrors, validateFlow } from "../../shared/validate";
import { formatFlowFileErrors, loadFlowDirectory } from "./loadFlowFile";

const flowsDir = fileURLToPath(new URL("../../flows", import.meta.url));

async function exampleFlows(): Promise<Array<{ file: string; flow: Flow }>> {
  const results = await loadFlowDirectory(flowsDir);
  return results.map((r) => {
    if (!r.ok) throw new Error(formatFlowFileErrors(r));
    return r;
  });
}

describe("flows/*.json", () => {
  it("holds the three examples", async () => {
    const ids = (await exampleFlows()).map((f) => f.flow.id).sort();
    expect(ids).toEqual(expect.arrayContaining(["complaint", "course", "ecommerce"]));
  });

  it("are stored exactly as serializeFlow writes them (diff-friendly)", async () => {
    for (const { file, flow } of await exampleFlows()) {
      expect(readFileSync(file, "utf8"), file).toBe(serializeFlow(flow));
    }
  });

  it("validate with no errors and no keyword conflicts among them", async () => {
    const flows = (await exampleFlows()).map((f) => f.flow);
    for (const flow of flows) {
      const problems = validateFlow(flow, { otherFlows: flows });
      expect(hasErrors(problems), `${flow.id}: ${JSON.stringify(problems, null, 1)}`).toBe(false);
      expect(problems.filter((p) => p.code === "KEYWORD_CONFLICT")).toEqual([]);
    }
  });

  it("have 10 to 20 nodes each, laid out on the canvas", async () => {
    for (const { flow } of await exampleFlows()) {
      if (!["ecommerce", "course", "complaint"].includes(flow.id)) continue;
      expect(flow.nodes.length, flow.id).toBeGreaterThanOrEqual(10);
      expect(flow.nodes.length, flow.id).toBeLessThanOrEqual(20);
      const spots = new Set(flow.nodes.map((n) => `${n.position.x},${n.position.y}`));
      expect(spots.size, `${flow.id}: two nodes share a position`).toBe(flow.nodes.length);
    }
  });
});
