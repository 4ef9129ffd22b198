// View state around the document: validation problems, simulator highlight, find and viewport requests.
import { nextSeq } from "./documentSlice";
import type { SliceContext } from "./slice";
import type { ProblemLevel, UiSlice } from "./types";

function index(ids: readonly string[]): Record<string, true> {
  const out: Record<string, true> = {};
  for (const id of ids) out[id] = true;
  return out;
}

export function createUiSlice({ set }: SliceContext): UiSlice {
  return {
    problems: [],
    problemLevels: {},
    highlight: { nodeIds: [], edgeIds: [], currentNodeId: null },
    highlightIndex: { nodes: {}, edges: {} },
    findQuery: "",
    viewRequest: null,

    setProblems(problems) {
      const problemLevels: Record<string, ProblemLevel> = {};
      for (const p of problems) {
        if (!p.nodeId) continue;
        if (p.severity === "error" || !problemLevels[p.nodeId])
          problemLevels[p.nodeId] = p.severity;
      }
      set({ problems, problemLevels });
    },

    setHighlight(highlight) {
      const next = {
        nodeIds: highlight?.nodeIds ?? [],
        edgeIds: highlight?.edgeIds ?? [],
        currentNodeId: highlight?.currentNodeId ?? null,
      };
      set({
        highlight: next,
        highlightIndex: { nodes: index(next.nodeIds), edges: index(next.edgeIds) },
      });
    },

    setFindQuery(query) {
      set({ findQuery: query });
    },

    requestFitView() {
      set((s) => ({ viewRequest: { type: "fit", seq: nextSeq(s) } }));
    },

    requestCenter(nodeId) {
      set((s) => ({ viewRequest: { type: "center", nodeId, seq: nextSeq(s) } }));
    },
  };
}
