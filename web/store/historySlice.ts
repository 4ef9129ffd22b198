// Undo and redo over zundo's history, keeping selection and measured sizes as they are now.
import { finishDrag } from "./canvasSlice";
import { docOf, sameDoc } from "./convert";
import type { SliceContext } from "./slice";
import type { EditorEdge, EditorNode, EditorState, HistorySlice } from "./types";

/** Restored nodes carry the selection and sizes of their saved moment; today's are the right ones. */
function reconcile(state: EditorState, before: EditorState): Partial<EditorState> {
  const nodesBefore = new Map(before.nodes.map((n) => [n.id, n]));
  const nodes = state.nodes.map((n): EditorNode => {
    const now = nodesBefore.get(n.id);
    const selected = now?.selected ?? false;
    const measured = now?.measured ?? n.measured;
    const handles = now ? now.handles : n.handles;
    if (Boolean(n.selected) === selected && n.measured === measured && n.handles === handles) {
      return n;
    }
    const restored: EditorNode = { ...n, selected, measured };
    if (handles) restored.handles = handles;
    else delete restored.handles;
    return restored;
  });
  const edgesBefore = new Map(before.edges.map((e) => [e.id, e]));
  const edges = state.edges.map((e): EditorEdge => {
    const selected = edgesBefore.get(e.id)?.selected ?? false;
    return Boolean(e.selected) === selected ? e : { ...e, selected };
  });
  return {
    nodes,
    edges,
    selectedNodeIds: nodes.filter((n) => n.selected).map((n) => n.id),
    selectedEdgeIds: edges.filter((e) => e.selected).map((e) => e.id),
    dirty: state.savedDoc ? !sameDoc(docOf({ ...state, nodes, edges }), state.savedDoc) : true,
    docVersion: state.docVersion + 1,
  };
}

export function createHistorySlice({ set, get, history }: SliceContext): HistorySlice {
  function travel(direction: "undo" | "redo") {
    // A drag whose end never arrived must not leave recording paused.
    finishDrag({ set, get, history });
    const temporal = history().getState();
    const steps = direction === "undo" ? temporal.pastStates : temporal.futureStates;
    if (steps.length === 0) return;
    const before = get();
    temporal[direction]();
    set((state) => reconcile(state, before));
  }
  return {
    undo: () => travel("undo"),
    redo: () => travel("redo"),
  };
}
