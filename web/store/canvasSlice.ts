// React Flow's change stream applied to the store: selection, drags (one undo step each) and connections.

import type { Connection } from "@xyflow/react";
import { applyEdgeChanges, applyNodeChanges } from "@xyflow/react";
import { outputsOf } from "../../shared/schema";
import { docOf, sameDoc } from "./convert";
import { deselect, docChange, nextSeq } from "./documentSlice";
import { collectIds, newId } from "./ids";
import { HISTORY_LIMIT, type SliceContext } from "./slice";
import type { CanvasSlice, EditorEdge, EditorNode, EditorState } from "./types";

/** Keeps the previous array when the selected ids did not change, so subscribers stay quiet. */
function selectedIds(items: readonly { id: string; selected?: boolean }[], previous: string[]) {
  const ids = items.filter((i) => i.selected).map((i) => i.id);
  if (ids.length === previous.length && ids.every((id, i) => id === previous[i])) return previous;
  return ids;
}

/** Measured nodes lose their estimated handles, so React Flow keeps the measured ones from then on. */
function dropEstimates(nodes: EditorNode[], measured: Set<string>): EditorNode[] {
  if (measured.size === 0) return nodes;
  return nodes.map((n) => {
    if (!measured.has(n.id) || !n.handles) return n;
    const { handles: _estimated, ...rest } = n;
    return rest;
  });
}

/** Writes moved positions back into each node's schema data (rounded: flow files stay tidy). */
function syncPositions(nodes: EditorNode[], moved: Set<string>): EditorNode[] {
  if (moved.size === 0) return nodes;
  return nodes.map((n) => {
    if (!moved.has(n.id)) return n;
    const position = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
    if (n.data.position.x === position.x && n.data.position.y === position.y) return n;
    return { ...n, data: { ...n.data, position } };
  });
}

/** Records the drag in progress as one undo step and turns recording back on. */
export function finishDrag({ set, get, history }: SliceContext): void {
  const start = get().dragStart;
  if (!start) return;
  set({ dragStart: null });
  const temporal = history();
  temporal.getState().resume();
  if (!sameDoc(start, docOf(get()))) {
    const past = [...temporal.getState().pastStates, start].slice(-HISTORY_LIMIT);
    temporal.setState({ pastStates: past, futureStates: [] });
  }
}

/** The edge a connection would make, or null when its source handle does not exist. */
function validEdge(state: EditorState, connection: Connection): Omit<EditorEdge, "id"> | null {
  const source = state.nodes.find((n) => n.id === connection.source);
  if (!source || !state.nodes.some((n) => n.id === connection.target)) return null;
  const outputs = outputsOf(source.data);
  const handle = connection.sourceHandle ?? outputs[0]?.handle;
  if (!handle || !outputs.some((o) => o.handle === handle)) return null;
  return { source: source.id, sourceHandle: handle, target: connection.target };
}

export function createCanvasSlice({ set, get, history }: SliceContext): CanvasSlice {
  return {
    selectedNodeIds: [],
    selectedEdgeIds: [],
    dragStart: null,

    onNodesChange(changes) {
      const state = get();
      let docChanged = false;
      let selectionChanged = false;
      let dragBegins = false;
      let dragEnds = false;
      const moved = new Set<string>();
      const removed = new Set<string>();
      const measured = new Set<string>();
      for (const c of changes) {
        if (c.type === "select") selectionChanged = true;
        else if (c.type === "dimensions") measured.add(c.id);
        else if (c.type === "position") {
          if (c.position) {
            docChanged = true;
            moved.add(c.id);
          }
          if (c.dragging === true && !state.dragStart) dragBegins = true;
          if (c.dragging === false) dragEnds = true;
        } else if (c.type === "remove") {
          docChanged = true;
          removed.add(c.id);
        } else if (c.type === "add" || c.type === "replace") docChanged = true;
      }
      if (dragBegins) {
        // The whole gesture becomes one undo step: stop recording now, record once when it ends.
        set({ dragStart: docOf(state) });
        history().getState().pause();
      }
      const nodes = dropEstimates(
        syncPositions(applyNodeChanges(changes, get().nodes), moved),
        measured,
      );
      const edges = removed.size
        ? state.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target))
        : state.edges;
      if (removed.size || changes.some((c) => c.type === "add")) selectionChanged = true;
      if (!docChanged) {
        set((s) => ({
          nodes,
          ...(selectionChanged ? { selectedNodeIds: selectedIds(nodes, s.selectedNodeIds) } : {}),
        }));
      } else {
        set((s) =>
          docChange(s, {
            nodes,
            edges,
            ...(selectionChanged ? { selectedNodeIds: selectedIds(nodes, s.selectedNodeIds) } : {}),
          }),
        );
      }
      if (dragEnds) finishDrag({ set, get, history });
    },

    onEdgesChange(changes) {
      const docChanged = changes.some((c) => c.type !== "select");
      set((s) => {
        const edges = applyEdgeChanges(changes, s.edges) as EditorEdge[];
        const patch = { edges, selectedEdgeIds: selectedIds(edges, s.selectedEdgeIds) };
        return docChanged ? docChange(s, patch) : patch;
      });
    },

    onConnect(connection) {
      const edge = validEdge(get(), connection);
      if (!edge) return;
      const { edges, nodes } = get();
      const existing = edges.find(
        (e) => e.source === edge.source && e.sourceHandle === edge.sourceHandle,
      );
      if (existing?.target === edge.target) return;
      const taken = collectIds(nodes, edges);
      const added: EditorEdge = { ...edge, id: newId("e", (id) => taken.has(id)) };
      // One edge per connection point: a new connection from the same handle replaces the old one.
      set((s) => docChange(s, { edges: [...s.edges.filter((e) => e !== existing), added] }));
    },

    onReconnect(oldEdge, connection) {
      const edge = validEdge(get(), connection);
      if (!edge) return;
      set((s) => {
        const edges = s.edges.flatMap((e) => {
          if (e.id === oldEdge.id) return [{ ...edge, id: e.id }];
          const sameHandle = e.source === edge.source && e.sourceHandle === edge.sourceHandle;
          return sameHandle ? [] : [e];
        });
        return docChange(s, { edges });
      });
    },

    setSelection(nodeIds) {
      const wanted = new Set(nodeIds);
      set((s) => {
        const nodes = s.nodes.map((n) => {
          const selected = wanted.has(n.id);
          return Boolean(n.selected) === selected ? n : { ...n, selected };
        });
        const edges = s.edges.map(deselect);
        return {
          nodes,
          edges,
          selectedNodeIds: selectedIds(nodes, s.selectedNodeIds),
          selectedEdgeIds: selectedIds(edges, s.selectedEdgeIds),
        };
      });
    },

    selectAll() {
      set((s) => {
        const nodes = s.nodes.map((n) => (n.selected ? n : { ...n, selected: true }));
        const edges = s.edges.map((e) => (e.selected ? e : { ...e, selected: true }));
        return {
          nodes,
          edges,
          selectedNodeIds: selectedIds(nodes, s.selectedNodeIds),
          selectedEdgeIds: selectedIds(edges, s.selectedEdgeIds),
        };
      });
    },

    selectNode(id) {
      if (!get().nodes.some((n) => n.id === id)) return;
      get().setSelection([id]);
      set((s) => ({ viewRequest: { type: "center", nodeId: id, seq: nextSeq(s) } }));
    },
  };
}
