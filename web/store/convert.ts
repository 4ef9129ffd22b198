// Between the flow file's nodes/edges and React Flow's: data is the schema node, position mirrors it.
import type { FlowEdge, FlowNode } from "../../shared/schema";
import { estimateHandles, estimateNodeSize } from "./nodeGeometry";
import type { EditorEdge, EditorNode, HistoryDoc } from "./types";

/**
 * Estimated size and handles let React Flow skip off-screen nodes before measuring them; without
 * them `onlyRenderVisibleElements` mounts every node once, which costs seconds on large flows.
 */
export function toEditorNode(data: FlowNode): EditorNode {
  const size = estimateNodeSize(data);
  return {
    id: data.id,
    type: data.kind,
    position: data.position,
    data,
    initialWidth: size.width,
    initialHeight: size.height,
    handles: estimateHandles(data),
  };
}

export function toEditorEdge(edge: FlowEdge): EditorEdge {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle, target: edge.target };
}

/** The schema node with the canvas position written back (same object when nothing moved). */
export function toFlowNode(node: EditorNode): FlowNode {
  const { data, position } = node;
  if (data.position === position) return data;
  if (data.position.x === position.x && data.position.y === position.y) return data;
  return { ...data, position: { x: position.x, y: position.y } };
}

export function toFlowEdge(edge: EditorEdge): FlowEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
  };
}

function sameNode(a: EditorNode, b: EditorNode): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.data === b.data &&
      a.position.x === b.position.x &&
      a.position.y === b.position.y)
  );
}

function sameEdge(a: EditorEdge, b: EditorEdge): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.source === b.source &&
      a.sourceHandle === b.sourceHandle &&
      a.target === b.target)
  );
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    if (!same(a[i] as T, b[i] as T)) return false;
  }
  return true;
}

/**
 * Same document, ignoring what is not the document (selection, measured sizes, dragging flags).
 * Undo history and the dirty flag both rest on this.
 */
export function sameDoc(a: HistoryDoc, b: HistoryDoc): boolean {
  return (
    a.meta === b.meta &&
    sameList(a.nodes, b.nodes, sameNode) &&
    sameList(a.edges, b.edges, sameEdge)
  );
}

export function docOf(state: HistoryDoc): HistoryDoc {
  return { meta: state.meta, nodes: state.nodes, edges: state.edges };
}
