// The clipboard format for nodes: JSON text, so copy and paste work between flows, tabs and windows.
import type { XYPosition } from "@xyflow/react";
import { z } from "zod";
import { edgeSchema, type FlowEdge, type FlowNode, nodeSchema } from "../../shared/schema";

export const CLIPBOARD_TYPE = "huashu/nodes";

const payloadSchema = z.object({
  type: z.literal(CLIPBOARD_TYPE),
  nodes: z.array(nodeSchema).min(1),
  edges: z.array(edgeSchema),
});
export type ClipboardPayload = z.infer<typeof payloadSchema>;

/** Last copy made in this page: used when the system clipboard cannot be read. */
let memoryClipboard: string | null = null;

export function writeClipboard(text: string): void {
  memoryClipboard = text;
  const clipboard = globalThis.navigator?.clipboard;
  // Best effort: without permission or focus the in-memory copy still works within this tab.
  clipboard?.writeText(text).catch(() => {});
}

export async function readClipboard(): Promise<string | null> {
  const clipboard = globalThis.navigator?.clipboard;
  if (clipboard) {
    try {
      const text = await clipboard.readText();
      if (text && parseClipboard(text)) return text;
    } catch {
      // Reading needs permission; fall back to this tab's own copy.
    }
  }
  return memoryClipboard;
}

export function serializeClipboard(nodes: FlowNode[], edges: FlowEdge[]): string {
  const payload: ClipboardPayload = { type: CLIPBOARD_TYPE, nodes, edges };
  return JSON.stringify(payload);
}

/** Clipboard text is outside input: check it like a file, and ignore anything that is not ours. */
export function parseClipboard(text: string): ClipboardPayload | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const result = payloadSchema.safeParse(raw);
  return result.success ? result.data : null;
}

/**
 * Copies of `nodes` with fresh ids for nodes, options and branches; edges between them follow,
 * edges leaving the set are dropped. `offset` moves every copy.
 */
export function remapPaste(
  payload: ClipboardPayload,
  offset: XYPosition,
  id: (prefix: string) => string,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodeIds = new Map<string, string>();
  const handleIds = new Map<string, Map<string, string>>();
  for (const node of payload.nodes) nodeIds.set(node.id, id(node.kind));
  const nodes = payload.nodes.map((node): FlowNode => {
    const handles = new Map<string, string>();
    handleIds.set(node.id, handles);
    const fresh = (old: string, prefix: string) => {
      const next = id(prefix);
      handles.set(old, next);
      return next;
    };
    const position = { x: node.position.x + offset.x, y: node.position.y + offset.y };
    const base = { ...node, id: nodeIds.get(node.id) as string, position };
    switch (base.kind) {
      case "question":
        if (base.answer.type !== "options") return base;
        return {
          ...base,
          answer: {
            ...base.answer,
            options: base.answer.options.map((o) => ({ ...o, id: fresh(o.id, "opt") })),
          },
        };
      case "condition":
        return { ...base, branches: base.branches.map((b) => ({ ...b, id: fresh(b.id, "br") })) };
      case "ab":
        return { ...base, branches: base.branches.map((b) => ({ ...b, id: fresh(b.id, "br") })) };
      case "jump":
        // A jump inside the copied group keeps pointing inside it.
        if (!base.flowId && base.nodeId && nodeIds.has(base.nodeId)) {
          return { ...base, nodeId: nodeIds.get(base.nodeId) as string };
        }
        return base;
      default:
        return base;
    }
  });
  const edges: FlowEdge[] = [];
  for (const edge of payload.edges) {
    const source = nodeIds.get(edge.source);
    const target = nodeIds.get(edge.target);
    if (!source || !target) continue;
    const sourceHandle = handleIds.get(edge.source)?.get(edge.sourceHandle) ?? edge.sourceHandle;
    edges.push({ id: id("e"), source, sourceHandle, target });
  }
  return { nodes, edges };
}
