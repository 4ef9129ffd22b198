// Copy, paste and duplicate of selected nodes through the clipboard text format.
import type { XYPosition } from "@xyflow/react";
import type { FlowNode } from "../../shared/schema";
import {
  type ClipboardPayload,
  parseClipboard,
  readClipboard,
  remapPaste,
  serializeClipboard,
  writeClipboard,
} from "./clipboard";
import { toEditorEdge, toEditorNode, toFlowEdge, toFlowNode } from "./convert";
import { deselect, docChange } from "./documentSlice";
import { collectIds, newId } from "./ids";
import type { SliceContext } from "./slice";
import type { ClipboardSlice, EditorState } from "./types";

/** Where a paste without a position lands relative to the originals. */
const PASTE_OFFSET = { x: 40, y: 40 };

function selectionPayload(state: EditorState): ClipboardPayload | null {
  const nodes = state.nodes.filter((n) => n.selected).map(toFlowNode);
  if (nodes.length === 0) return null;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = state.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(toFlowEdge);
  return { type: "huashu/nodes", nodes, edges };
}

function topLeft(nodes: FlowNode[]): XYPosition {
  return {
    x: Math.min(...nodes.map((n) => n.position.x)),
    y: Math.min(...nodes.map((n) => n.position.y)),
  };
}

export function createClipboardSlice({ set, get }: SliceContext): ClipboardSlice {
  function insert(payload: ClipboardPayload, position?: XYPosition): number {
    const state = get();
    const taken = collectIds(state.nodes, state.edges);
    const id = (prefix: string) => {
      const fresh = newId(prefix, (candidate) => taken.has(candidate));
      taken.add(fresh);
      return fresh;
    };
    const corner = topLeft(payload.nodes);
    const offset = position
      ? { x: Math.round(position.x - corner.x), y: Math.round(position.y - corner.y) }
      : PASTE_OFFSET;
    const pasted = remapPaste(payload, offset, id);
    const nodes = pasted.nodes.map((n) => ({ ...toEditorNode(n), selected: true }));
    const edges = pasted.edges.map(toEditorEdge);
    set((s) =>
      docChange(s, {
        nodes: [...s.nodes.map(deselect), ...nodes],
        edges: [...s.edges.map(deselect), ...edges],
        selectedNodeIds: nodes.map((n) => n.id),
        selectedEdgeIds: [],
      }),
    );
    return nodes.length;
  }

  return {
    copySelection() {
      const payload = selectionPayload(get());
      if (!payload) return null;
      const text = serializeClipboard(payload.nodes, payload.edges);
      writeClipboard(text);
      return text;
    },

    async paste(position) {
      const text = await readClipboard();
      return text ? get().pasteText(text, position) : 0;
    },

    pasteText(text, position) {
      const payload = parseClipboard(text);
      return payload ? insert(payload, position) : 0;
    },

    duplicateSelection() {
      const payload = selectionPayload(get());
      if (payload) insert(payload);
    },
  };
}
