// Selectors for the editor store: small, stable results that components subscribe to.
import type { FlowNode } from "../../shared/schema";
import type { EditorState } from "./types";

export const selectNodeCount = (s: EditorState) => s.nodes.length;
export const selectDirty = (s: EditorState) => s.dirty;
export const selectRevision = (s: EditorState) => s.revision;
export const selectMeta = (s: EditorState) => s.meta;
export const selectStartNodeId = (s: EditorState) => s.meta.startNodeId;
export const selectSelectedNodeIds = (s: EditorState) => s.selectedNodeIds;

/** The one selected node's schema data, or null when zero or several are selected. */
export function selectSelectedNode(s: EditorState): FlowNode | null {
  if (s.selectedNodeIds.length !== 1) return null;
  const id = s.selectedNodeIds[0];
  return s.nodes.find((n) => n.id === id)?.data ?? null;
}

/** A node's schema data by id (stable until that node changes). */
export const selectNodeData =
  (id: string) =>
  (s: EditorState): FlowNode | null =>
    s.nodes.find((n) => n.id === id)?.data ?? null;

/** The text a marketer would search a node by: label, message text, prompt, options, URLs. */
export function nodeSearchText(node: FlowNode): string {
  const parts: string[] = [node.label ?? "", node.id];
  switch (node.kind) {
    case "message":
      for (const m of node.messages) {
        if (m.type === "text") parts.push(m.text);
        if (m.type === "news") for (const a of m.articles) parts.push(a.title, a.description ?? "");
        if (m.type === "video") parts.push(m.title ?? "");
      }
      break;
    case "question":
      parts.push(node.prompt);
      if (node.answer.type === "options") for (const o of node.answer.options) parts.push(o.label);
      break;
    case "condition":
    case "ab":
      for (const b of node.branches) parts.push(b.label);
      break;
    case "http":
      parts.push(node.url);
      break;
    case "handoff":
      parts.push(node.reason);
      break;
    case "tag":
      parts.push(...node.add, ...node.remove);
      break;
    case "set":
      for (const a of node.assignments) parts.push(a.variable, a.value);
      break;
    default:
      break;
  }
  return parts.join("\n").toLowerCase();
}

/** Ids of nodes matching `query` (case-insensitive), in canvas order top to bottom. */
export function findNodes(s: Pick<EditorState, "nodes">, query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return s.nodes
    .filter((n) => nodeSearchText(n.data).includes(q))
    .sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x)
    .map((n) => n.id);
}
