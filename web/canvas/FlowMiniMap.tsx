// The minimap: every node as a block in its kind's colour and the visible area, cheap to keep up to date while panning.
import { Panel, type ReactFlowState, useReactFlow, useStore, useStoreApi } from "@xyflow/react";
import { memo, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { MINIMAP_HEIGHT, MINIMAP_WIDTH, minimapBlocks, minimapFrame } from "./minimapGeometry";

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
  const blocks = useMemo(() => minimapBlocks(rf.getState().nodeLookup.values()), [rf, nodes]);
  const blocksSvg = useRef<SVGSVGElement>(null);
  const shadeSvg = useRef<SVGSVGElement>(null);
  const shade = useRef<SVGPathElement>(null);
  // Flow pixels per minimap pixel, for dragging.
  const pixelSize = useRef(1);

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
      const { viewBox, mask, pixel } = minimapFrame(s, blocks.bounds);
      pixelSize.current = pixel;
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
      const dx = (event.clientX - from.x) * pixelSize.current * zoom;
      const dy = (event.clientY - from.y) * pixelSize.current * zoom;
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
        width={MINIMAP_WIDTH}
        height={MINIMAP_HEIGHT}
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
        width={MINIMAP_WIDTH}
        height={MINIMAP_HEIGHT}
        className="hs-minimap-shade"
        role="img"
        aria-label={ariaLabel}
      >
        <path ref={shade} fill={maskColor} fillRule="evenodd" />
      </svg>
    </Panel>
  );
});
