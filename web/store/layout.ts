// Top-down tree layout with dagre: parents above children, using measured sizes when React Flow knows them.
import dagre from "@dagrejs/dagre";
import type { XYPosition } from "@xyflow/react";

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

/** Top-left positions for every node, ranks flowing downward. */
export function layoutTopDown(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
): Map<string, XYPosition> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 50, ranksep: 80, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map<string, { width: number; height: number }>();
  for (const node of nodes) {
    const size = { width: node.width, height: node.height };
    sizes.set(node.id, size);
    graph.setNode(node.id, size);
  }
  for (const edge of edges) {
    if (edge.source !== edge.target && sizes.has(edge.source) && sizes.has(edge.target)) {
      graph.setEdge(edge.source, edge.target);
    }
  }
  dagre.layout(graph);
  const positions = new Map<string, XYPosition>();
  for (const node of nodes) {
    const placed = graph.node(node.id) as { x: number; y: number } | undefined;
    const size = sizes.get(node.id);
    if (!placed || !size) continue;
    // dagre gives centres; React Flow positions are top-left corners.
    positions.set(node.id, {
      x: Math.round(placed.x - size.width / 2),
      y: Math.round(placed.y - size.height / 2),
    });
  }
  return positions;
}
