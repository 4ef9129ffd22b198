// View state around the document: validation problems, simulator highlight, find, the data view's
// counts and viewport requests.
import { nextSeq } from "./documentSlice";
import { findNodes } from "./selectors";
import type { SliceContext } from "./slice";
import type { ProblemLevel, UiSlice } from "./types";

function index(ids: readonly string[]): Record<string, true> {
  const out: Record<string, true> = {};
  for (const id of ids) out[id] = true;
  return out;
}

export function createUiSlice({ set, get }: SliceContext): UiSlice {
  return {
    problems: [],
    problemLevels: {},
    highlight: { nodeIds: [], edgeIds: [], currentNodeId: null },
    highlightIndex: { nodes: {}, edges: {} },
    findQuery: "",
    findMatches: [],
    findMatchIndex: {},
    findActive: -1,
    findOpen: false,
    shortcutsOpen: false,
    viewRequest: null,
    funnelOpen: false,
    funnel: null,
    funnelThrough: null,
    viewportCenter: { x: 0, y: 0 },

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
      const findMatches = findNodes(get(), query);
      set({ findQuery: query, findMatches, findMatchIndex: index(findMatches), findActive: -1 });
    },

    findStep(direction) {
      const { findMatches, findActive } = get();
      if (findMatches.length === 0) return;
      const next =
        findActive < 0 && direction < 0
          ? findMatches.length - 1
          : (findActive + direction + findMatches.length) % findMatches.length;
      set({ findActive: next });
      get().selectNode(findMatches[next] as string);
    },

    setFindOpen(open) {
      if (open) set({ findOpen: true });
      else
        set({
          findOpen: false,
          findQuery: "",
          findMatches: [],
          findMatchIndex: {},
          findActive: -1,
        });
    },

    setShortcutsOpen(open) {
      set({ shortcutsOpen: open });
    },

    setFunnelOpen(open) {
      set(open ? { funnelOpen: true } : { funnelOpen: false, funnel: null, funnelThrough: null });
    },

    setFunnel(nodes, through = null) {
      set({ funnel: nodes, funnelThrough: nodes ? through : null });
    },

    setViewportCenter(center) {
      set({ viewportCenter: center });
    },

    requestFitView() {
      set((s) => ({ viewRequest: { type: "fit", seq: nextSeq(s) } }));
    },

    requestCenter(nodeId, zoom) {
      set((s) => ({
        viewRequest: { type: "center", nodeId, seq: nextSeq(s), ...(zoom ? { zoom } : {}) },
      }));
    },
  };
}
