// The minimap: every node as a block in its kind's colour and the visible area, cheap to keep up to date while panning.
import {
  type InternalNode,
  Panel,
  type ReactFlowState,
  useReactFlow,
  useStore,
  useStoreApi,
} from "@xyflow/react";
import { memo, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import type { NodeKind } from "../../shared/schema";
import { kindColors } from "./kinds";

const WIDTH = 200;
const HEIGHT = 150;
/** Margin around everything shown, in minimap pixels (React Flow's `offsetScale`). */
const MARGIN = 5;
/** Corner radius of a node block, in flow pixels. */
const RADIUS = 8;
const OTHER_COLOR = "#94a3b8";

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Blocks {
  /** One path per colour, holding every node block of that colour. */
  paths: { color: string; d: string }[];
  /** Bounds of all nodes, or null for an empty flow. */
  bounds: Box | null;
}

function roundedRect({ x, y, width, height }: Box): string {
  const r = Math.min(RADIUS, width / 2, height / 2);
  const w = width - 2 * r;
  const h = height - 2 * r;
  return `M${x + r},${y}h${w}a${r},${r} 0 0 1 ${r},${r}v${h}a${r},${r} 0 0 1 ${-r},${r}h${-w}a${r},${r} 0 0 1 ${-r},${-r}v${-h}a${r},${r} 0 0 1 ${r},${-r}z`;
}

function nodeBox(node: InternalNode): Box {
  return {
    x: node.internals.positionAbsolute.x,
    y: node.internals.positionAbsolute.y,
    width: node.measured.width ?? node.width ?? node.initialWidth ?? 0,
    height: node.measured.height ?? node.height ?? node.initialHeight ?? 0,
  };
}

function blocksOf(lookup: ReactFlowState["nodeLookup"]): Blocks {
  const byColor = new Map<string, string[]>();
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const node of lookup.values()) {
    if (node.hidden) continue;
    const box = nodeBox(node);
    minX = Math.min(minX, box.x);
    minY = Math.min(minY, box.y);
    maxX = Math.max(maxX, box.x + box.width);
    maxY = Math.max(maxY, box.y + box.height);
    const color = kindColors[node.type as NodeKind] ?? OTHER_COLOR;
    const list = byColor.get(color) ?? [];
    list.push(roundedRect(box));
    byColor.set(color, list);
  }
  return {
    paths: [...byColor].map(([color, rects]) => ({ color, d: rects.join("") })),
    bounds: Number.isFinite(minX)
      ? { x: minX, y: minY, width: maxX - minX, height: maxY - minY }
      : null,
  };
}

/** Where the minimap looks (its viewBox) and the visible area, like React Flow's MiniMap. */
function frame(s: ReactFlowState, bounds: Box | null) {
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
  const scale = Math.max(all.width / WIDTH, all.height / HEIGHT) || 1;
  const margin = MARGIN * scale;
  const box = {
    x: all.x - (scale * WIDTH - all.width) / 2 - margin,
    y: all.y - (scale * HEIGHT - all.height) / 2 - margin,
    width: scale * WIDTH + 2 * margin,
    height: scale * HEIGHT + 2 * margin,
  };
  // The shade covers everything but the visible area (even-odd fill), reaching past the edges.
  const mask = `M${box.x - margin},${box.y - margin}h${box.width + 2 * margin}v${box.height + 2 * margin}h${-box.width - 2 * margin}z M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`;
  return { viewBox: `${box.x} ${box.y} ${box.width} ${box.height}`, mask, scale };
}

const nodesOf = (s: ReactFlowState) => s.nodes;
const crisp = typeof window !== "undefined" && "chrome" in window;

/**
 * Drop-in for React Flow's `<MiniMap pannable zoomable>` on big flows. React Flow's keeps one store
 * subscription per node (2,000 selector calls on every pan frame) and draws blocks and shade in one
 * SVG, so every pan frame repaints and re-rasterises all blocks. Here the blocks are one path per
 * colour in an SVG that changes only with the nodes; the shade is a second SVG on its own layer,
 * updated outside React as the view moves.
 */
export const FlowMiniMap = memo(function FlowMiniMap({
  ariaLabel,
  maskColor,
}: {
  ariaLabel: string;
  maskColor: string;
}) {
  const rf = useStoreApi();
  const flow = useReactFlow();
  const nodes = useStore(nodesOf);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the lookup is updated in place with `nodes`.
  const blocks = useMemo(() => blocksOf(rf.getState().nodeLookup), [rf, nodes]);
  const blocksSvg = useRef<SVGSVGElement>(null);
  const shadeSvg = useRef<SVGSVGElement>(null);
  const shade = useRef<SVGPathElement>(null);
  const scale = useRef(1);

  useLayoutEffect(() => {
    let last: Pick<ReactFlowState, "transform" | "width" | "height"> | undefined;
    let lastViewBox = "";
    const update = (s: ReactFlowState) => {
      if (
        last &&
        s.transform === last.transform &&
        s.width === last.width &&
        s.height === last.height
      )
        return;
      last = s;
      const { viewBox, mask, scale: next } = frame(s, blocks.bounds);
      scale.current = next;
      if (viewBox !== lastViewBox) {
        lastViewBox = viewBox;
        blocksSvg.current?.setAttribute("viewBox", viewBox);
        shadeSvg.current?.setAttribute("viewBox", viewBox);
      }
      shade.current?.setAttribute("d", mask);
    };
    update(rf.getState());
    return rf.subscribe(update);
  }, [rf, blocks]);

  // Drag the visible area to pan, wheel to zoom, like React Flow's pannable, zoomable minimap.
  useEffect(() => {
    const svg = shadeSvg.current;
    if (!svg) return;
    let from: { x: number; y: number } | null = null;
    const down = (event: PointerEvent) => {
      if (event.button !== 0) return;
      from = { x: event.clientX, y: event.clientY };
      svg.setPointerCapture(event.pointerId);
    };
    const move = (event: PointerEvent) => {
      if (!from) return;
      const { x, y, zoom } = flow.getViewport();
      const dx = (event.clientX - from.x) * scale.current * zoom;
      const dy = (event.clientY - from.y) * scale.current * zoom;
      from = { x: event.clientX, y: event.clientY };
      void flow.setViewport({ x: x - dx, y: y - dy, zoom });
    };
    const up = () => {
      from = null;
    };
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      const step = event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : 0.002;
      void flow.zoomTo(flow.getZoom() * 2 ** (-event.deltaY * step));
    };
    svg.addEventListener("pointerdown", down);
    svg.addEventListener("pointermove", move);
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    svg.addEventListener("wheel", wheel, { passive: false });
    return () => {
      svg.removeEventListener("pointerdown", down);
      svg.removeEventListener("pointermove", move);
      svg.removeEventListener("pointerup", up);
      svg.removeEventListener("pointercancel", up);
      svg.removeEventListener("wheel", wheel);
    };
  }, [flow]);

  return (
    <Panel
      position="bottom-right"
      className="react-flow__minimap hs-minimap"
      data-testid="rf__minimap"
    >
      <svg
        ref={blocksSvg}
        width={WIDTH}
        height={HEIGHT}
        className="hs-minimap-blocks"
        aria-hidden="true"
      >
        {blocks.paths.map((p) => (
          <path
            key={p.color}
            d={p.d}
            fill={p.color}
            shapeRendering={crisp ? "crispEdges" : undefined}
          />
        ))}
      </svg>
      <svg
        ref={shadeSvg}
        width={WIDTH}
        height={HEIGHT}
        className="hs-minimap-shade"
        role="img"
        aria-label={ariaLabel}
      >
        <path ref={shade} fill={maskColor} fillRule="evenodd" />
      </svg>
    </Panel>
  );
});
