// Where a node's edges attach and how big it is, estimated before React Flow has measured it.
import { type NodeHandle, Position } from "@xyflow/react";
import { type FlowNode, outputsOf } from "../../shared/schema";

/** Must match the canvas CSS: node width, header height, output row pitch, handle size. */
const WIDTH = 260;
const HEADER = 46;
const ROW = 35;
const HANDLE = 11;

/** Height of the preview above the output rows. */
function previewHeight(node: FlowNode): number {
  switch (node.kind) {
    case "message": {
      const first = node.messages[0];
      if (first?.type !== "text") return 74;
      return Math.min(4, Math.ceil(first.text.length / 17) || 1) * 20 + 14;
    }
    case "question":
      return Math.min(3, Math.ceil(node.prompt.length / 17) || 1) * 20 + 2;
    case "condition":
    case "ab":
      return 2;
    default:
      return 36;
  }
}

/** Outputs drawn as rows (everything except a lone `next`, which sits on the bottom edge). */
function rowOutputs(node: FlowNode) {
  const outputs = outputsOf(node);
  const rowsOnly = !(outputs.length === 1 && outputs[0]?.kind === "next");
  return rowsOnly ? outputs : [];
}

export function estimateNodeSize(node: FlowNode): { width: number; height: number } {
  const rows = rowOutputs(node).length;
  return { width: WIDTH, height: HEADER + previewHeight(node) + (rows ? 8 + rows * ROW : 0) + 12 };
}

/**
 * Estimated handle positions, so React Flow can draw edges and skip mounting off-screen nodes
 * (`onlyRenderVisibleElements` otherwise mounts every node once to measure it). The store drops
 * them once a node is measured, and React Flow's measured positions take over.
 */
export function estimateHandles(node: FlowNode): NodeHandle[] {
  const { height } = estimateNodeSize(node);
  const half = HANDLE / 2;
  const handles: NodeHandle[] = [
    {
      type: "target",
      position: Position.Top,
      x: WIDTH / 2 - half,
      y: -half,
      width: HANDLE,
      height: HANDLE,
    },
  ];
  const outputs = outputsOf(node);
  const rows = rowOutputs(node);
  if (rows.length === 0 && outputs[0]) {
    handles.push({
      id: outputs[0].handle,
      type: "source",
      position: Position.Bottom,
      x: WIDTH / 2 - half,
      y: height - half,
      width: HANDLE,
      height: HANDLE,
    });
  }
  const top = HEADER + previewHeight(node) + 8;
  rows.forEach((output, i) => {
    handles.push({
      id: output.handle,
      type: "source",
      position: Position.Right,
      x: WIDTH + 1 - half,
      y: top + i * ROW + 15 - half,
      width: HANDLE,
      height: HANDLE,
    });
  });
  return handles;
}
