// Minimap geometry: node blocks grouped by colour, and the framing and shade for the current view.
import type { InternalNode, ReactFlowState } from "@xyflow/react";
import type { NodeKind } from "../../shared/schema";
import { kindColors } from "./kinds";

export const MINIMAP_WIDTH = 200;
export const MINIMAP_HEIGHT = 150;
/** Margin around everything shown, in minimap pixels (React Flow's `offsetScale`). */
const MARGIN = 5;
/** Corner radius of a node block, in flow pixels. */
const RADIUS = 8;
const OTHER_COLOR = "#94a3b8";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Blocks {
  /** One path per colour, holding every node block of that colour. */
  paths: { color: string; d: string }[];
  /** Bounds of all nodes, or null for an empty flow. */
  bounds: Box | null;
}

function roundedRect({ x, y, width, height }: Box): string {
  const r = Math.min(RADIUS, width / 2, height / 2);
  const w = width - 2 * r;
  const h = height - 2 * r;
  // Built with join, which gives one flat string: joining 2,000 cached template-literal ropes into
  // the colour paths took ~2.5 ms per drag frame in Node, flat strings ~0.25 ms.
  return [
    `M${x + r},${y}h${w}a${r},${r} 0 0 1 ${r},${r}v${h}`,
    `a${r},${r} 0 0 1 ${-r},${r}h${-w}a${r},${r} 0 0 1 ${-r},${-r}`,
    `v${-h}a${r},${r} 0 0 1 ${r},${-r}z`,
  ].join("");
}

function nodeBox(node: InternalNode): Box {
  return {
    x: node.internals.positionAbsolute.x,
    y: node.internals.positionAbsolute.y,
    width: node.measured.width ?? node.width ?? node.initialWidth ?? 0,
    height: node.measured.height ?? node.height ?? node.initialHeight ?? 0,
  };
}

interface Block {
  color: string;
  box: Box;
  d: string;
}

/**
 * React Flow replaces a node's internal object only when the node changes, so while one node is
 * dragged the other blocks come from here instead of being formatted again on every frame.
 */
const blockCache = new WeakMap<InternalNode, Block>();

function blockOf(node: InternalNode): Block {
  let block = blockCache.get(node);
  if (!block) {
    const box = nodeBox(node);
    block = { color: kindColors[node.type as NodeKind] ?? OTHER_COLOR, box, d: roundedRect(box) };
    blockCache.set(node, block);
  }
  return block;
}

/** Every shown node as a rounded block, one path per kind colour, and the bounds of them all. */
export function minimapBlocks(nodes: Iterable<InternalNode>): Blocks {
  const byColor = new Map<string, string[]>();
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const node of nodes) {
    if (node.hidden) continue;
    const { color, box, d } = blockOf(node);
    minX = Math.min(minX, box.x);
    minY = Math.min(minY, box.y);
    maxX = Math.max(maxX, box.x + box.width);
    maxY = Math.max(maxY, box.y + box.height);
    const list = byColor.get(color);
    if (list) list.push(d);
    else byColor.set(color, [d]);
  }
  return {
    paths: [...byColor].map(([color, rects]) => ({ color, d: rects.join("") })),
    bounds: Number.isFinite(minX)
      ? { x: minX, y: minY, width: maxX - minX, height: maxY - minY }
      : null,
  };
}

/**
 * Where the minimap looks (its viewBox, framing nodes and view like React Flow's MiniMap), the shade
 * path with a hole for the visible area, and `pixel`: flow pixels per minimap pixel.
 */
export function minimapFrame(
  s: Pick<ReactFlowState, "transform" | "width" | "height">,
  bounds: Box | null,
) {
  const [tx, ty, zoom] = s.transform;
  const view = { x: -tx / zoom, y: -ty / zoom, width: s.width / zoom, height: s.height / zoom };
  const all = bounds
    ? {
        x: Math.min(bounds.x, view.x),
        y: Math.min(bounds.y, view.y),
        width: Math.max(bounds.x + bounds.width, view.x + view.width) - Math.min(bounds.x, view.x),
        height:
          Math.max(bounds.y + bounds.height, view.y + view.height) - Math.min(bounds.y, view.y),
      }
    : view;
  const scale = Math.max(all.width / MINIMAP_WIDTH, all.height / MINIMAP_HEIGHT) || 1;
  const margin = MARGIN * scale;
  const box = {
    x: all.x - (scale * MINIMAP_WIDTH - all.width) / 2 - margin,
    y: all.y - (scale * MINIMAP_HEIGHT - all.height) / 2 - margin,
    width: scale * MINIMAP_WIDTH + 2 * margin,
    height: scale * MINIMAP_HEIGHT + 2 * margin,
  };
  // The shade covers everything but the visible area (even-odd fill), reaching past the edges.
  const mask = `M${box.x - margin},${box.y - margin}h${box.width + 2 * margin}v${box.height + 2 * margin}h${-box.width - 2 * margin}z M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`;
  // The SVG fits the viewBox into its box keeping proportions: the tighter side sets the ratio.
  const pixel = Math.max(box.width / MINIMAP_WIDTH, box.height / MINIMAP_HEIGHT);
  return { viewBox: `${box.x} ${box.y} ${box.width} ${box.height}`, mask, pixel };
}
