// Loading, saving and editing the flow document itself: meta, nodes' content, deletion and layout.
import { type Flow, outputsOf } from "../../shared/schema";
import { docOf, toEditorEdge, toEditorNode, toFlowEdge, toFlowNode } from "./convert";
import { collectIds, newId } from "./ids";
import { layoutTopDown } from "./layout";
import { defaultNode } from "./nodeDefaults";
import { estimateNodeSize } from "./nodeGeometry";
import type { SliceContext } from "./slice";
import type { DocumentSlice, EditorNode, EditorState, FlowMeta } from "./types";

const emptyMeta: FlowMeta = {
  schemaVersion: 1,
  id: "untitled",
  name: "",
  description: "",
  startNodeId: "start",
  settings: { sessionTimeoutMinutes: 30, utcOffsetMinutes: 480 },
  variables: [],
  triggers: [],
};

/** A document change: marks the flow dirty and bumps `docVersion` in the same update. */
export function docChange(state: EditorState, patch: Partial<EditorState>): Partial<EditorState> {
  return { ...patch, dirty: true, docVersion: state.docVersion + 1 };
}

export function createDocumentSlice({ set, get, history }: SliceContext): DocumentSlice {
  return {
    meta: emptyMeta,
    keyOrder: [],
    nodes: [],
    edges: [],
    revision: null,
    dirty: false,
    docVersion: 0,
    savedDoc: null,

    loadFlow(flow, revision) {
      const { nodes, edges, ...meta } = flow;
      const editorNodes = nodes.map(toEditorNode);
      const editorEdges = edges.map(toEditorEdge);
      const doc = { meta, nodes: editorNodes, edges: editorEdges };
      history().getState().pause();
      set((state) => ({
        ...doc,
        keyOrder: Object.keys(flow),
        revision,
        dirty: false,
        docVersion: state.docVersion + 1,
        savedDoc: doc,
        selectedNodeIds: [],
        selectedEdgeIds: [],
        dragStart: null,
        problems: [],
        problemLevels: {},
        highlight: { nodeIds: [], edgeIds: [], currentNodeId: null },
        highlightIndex: { nodes: {}, edges: {} },
        findQuery: "",
        findMatches: [],
        findMatchIndex: {},
        findActive: -1,
        viewRequest: null,
      }));
      history().getState().clear();
      history().getState().resume();
    },

    toFlow() {
      const { meta, keyOrder, nodes, edges } = get();
      const parts: Record<string, unknown> = {
        ...meta,
        nodes: nodes.map(toFlowNode),
        edges: edges.map(toFlowEdge),
      };
      const ordered: Record<string, unknown> = {};
      for (const key of keyOrder) if (key in parts) ordered[key] = parts[key];
      for (const key of Object.keys(parts)) if (!(key in ordered)) ordered[key] = parts[key];
      return ordered as Flow;
    },

    markSaved(revision) {
      set((state) => ({ revision, dirty: false, savedDoc: docOf(state) }));
    },

    setMeta(patch) {
      set((state) => docChange(state, { meta: { ...state.meta, ...patch } }));
    },

    setStartNode(id) {
      if (get().meta.startNodeId === id) return;
      get().setMeta({ startNodeId: id });
    },

    addNode(kind, position) {
      const state = get();
      const taken = collectIds(state.nodes, state.edges);
      const id = (prefix: string) => {
        const fresh = newId(prefix, (candidate) => taken.has(candidate));
        taken.add(fresh);
        return fresh;
      };
      const data = defaultNode(kind, id(kind), position, id);
      const node: EditorNode = { ...toEditorNode(data), selected: true };
      set((s) =>
        docChange(s, {
          nodes: [...s.nodes.map(deselect), node],
          edges: s.edges.map(deselect),
          selectedNodeIds: [node.id],
          selectedEdgeIds: [],
        }),
      );
      return node.id;
    },

    updateNode(id, updater) {
      const state = get();
      const index = state.nodes.findIndex((n) => n.id === id);
      const current = state.nodes[index];
      if (!current) return;
      const before = toFlowNode(current);
      const after = updater(before);
      if (after === before) return;
      if (after.id !== id || after.kind !== before.kind) {
        throw new Error(`updateNode(${id}): a node's id and kind cannot change`);
      }
      const nodes = state.nodes.slice();
      nodes[index] = { ...current, data: after, position: after.position };
      const handles = new Set(outputsOf(after).map((o) => o.handle));
      const edges = state.edges.filter((e) => e.source !== id || handles.has(e.sourceHandle));
      set((s) => docChange(s, { nodes, edges: edges.length === s.edges.length ? s.edges : edges }));
    },

    deleteSelection() {
      const state = get();
      const doomed = new Set(state.nodes.filter((n) => n.selected).map((n) => n.id));
      const edges = state.edges.filter(
        (e) => !e.selected && !doomed.has(e.source) && !doomed.has(e.target),
      );
      if (doomed.size === 0 && edges.length === state.edges.length) return;
      set((s) =>
        docChange(s, {
          nodes: doomed.size ? s.nodes.filter((n) => !doomed.has(n.id)) : s.nodes,
          edges,
          selectedNodeIds: [],
          selectedEdgeIds: [],
        }),
      );
    },

    autoLayout() {
      const state = get();
      const positions = layoutTopDown(
        state.nodes.map((n) => {
          const estimate = estimateNodeSize(n.data);
          return {
            id: n.id,
            width: n.measured?.width ?? estimate.width,
            height: n.measured?.height ?? estimate.height,
          };
        }),
        state.edges,
      );
      const nodes = state.nodes.map((n) => {
        const p = positions.get(n.id);
        if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
        return { ...n, position: p, data: { ...n.data, position: p } };
      });
      set((s) => docChange(s, { nodes, viewRequest: { type: "fit", seq: nextSeq(s) } }));
    },
  };
}

export function deselect<T extends { selected?: boolean }>(item: T): T {
  return item.selected ? { ...item, selected: false } : item;
}

export function nextSeq(state: EditorState): number {
  return (state.viewRequest?.seq ?? 0) + 1;
}
