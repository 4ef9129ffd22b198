// Estimated geometry must offer exactly the connection points a node has, or edges would attach nowhere.
import { describe, expect, it } from "vitest";
import { nodeKinds, outputsOf } from "../../shared/schema";
import { defaultNode } from "./nodeDefaults";
import { estimateHandles, estimateNodeSize } from "./nodeGeometry";

let counter = 0;
const id = (prefix: string) => {
  counter += 1;
  return `${prefix}_${counter}`;
};

describe("estimated node geometry", () => {
  for (const kind of nodeKinds) {
    it(`${kind}: one source handle per output, one target handle, inside a plausible box`, () => {
      const node = defaultNode(kind, `n_${kind}`, { x: 0, y: 0 }, id);
      const handles = estimateHandles(node);
      expect(handles.filter((h) => h.type === "source").map((h) => h.id)).toEqual(
        outputsOf(node).map((o) => o.handle),
      );
      expect(handles.filter((h) => h.type === "target")).toHaveLength(1);
      const { width, height } = estimateNodeSize(node);
      expect(width).toBe(260);
      for (const h of handles) {
        expect(h.y).toBeGreaterThanOrEqual(-(h.height ?? 0));
        expect(h.y).toBeLessThanOrEqual(height);
      }
    });
  }

  it("a question with more options is taller", () => {
    const small = defaultNode("question", "q", { x: 0, y: 0 }, id);
    if (small.kind !== "question" || small.answer.type !== "options") throw new Error("kind");
    const big = {
      ...small,
      answer: {
        ...small.answer,
        options: [...small.answer.options, { id: "o3", label: "三", synonyms: [] }],
      },
    };
    expect(estimateNodeSize(big).height).toBe(estimateNodeSize(small).height + 35);
  });
});
