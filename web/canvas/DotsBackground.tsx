// The dotted canvas background on its own layer that a pan slides, so the dots are not repainted per frame.
import { type ReactFlowState, useStore, useStoreApi } from "@xyflow/react";
import { memo, useId, useLayoutEffect, useRef } from "react";

/** Remainder that is never negative, so the layer always slides within one gap. */
function mod(value: number, by: number): number {
  return ((value % by) + by) % by;
}

const zoomOf = (s: ReactFlowState) => s.transform[2];

/**
 * Same dots as React Flow's `<Background variant="dots">`, drawn differently: React Flow moves the
 * pattern inside a viewport-sized SVG, which repaints and re-rasterises the whole canvas on every pan
 * frame (with software rendering that alone took two display frames). Here the SVG is one gap larger
 * on each side and only its CSS transform follows the pan, which the compositor applies without
 * painting; it is redrawn only when the zoom changes the spacing.
 */
export const DotsBackground = memo(function DotsBackground({
  gap,
  size,
  color,
}: {
  /** Distance between dots at zoom 1, in px. */
  gap: number;
  /** Dot diameter at zoom 1, in px. */
  size: number;
  color: string;
}) {
  const rf = useStoreApi();
  const zoom = useStore(zoomOf);
  const layer = useRef<SVGSVGElement>(null);
  // useId may contain characters that `url(#…)` would need escaped.
  const patternId = `hs-dots-${useId().replace(/[^\w-]/g, "")}`;
  const scaledGap = gap * zoom || 1;
  const radius = (size * zoom) / 2;

  useLayoutEffect(() => {
    let last: ReactFlowState["transform"] | undefined;
    const place = (transform: ReactFlowState["transform"]) => {
      if (transform === last || !layer.current) return;
      last = transform;
      // Dots sit where React Flow's pattern puts them: centres at pan + radius − gap/2 (mod gap).
      // Whole pixels: the software compositor copies an aligned layer but resamples a fractional one.
      const x = mod(transform[0] + radius, scaledGap) - scaledGap;
      const y = mod(transform[1] + radius, scaledGap) - scaledGap;
      layer.current.style.transform = `translate3d(${Math.round(x)}px, ${Math.round(y)}px, 0)`;
    };
    place(rf.getState().transform);
    return rf.subscribe((s) => place(s.transform));
  }, [rf, scaledGap, radius]);

  return (
    <div className="react-flow__background hs-dots" data-testid="rf__background">
      <svg
        ref={layer}
        className="hs-dots-layer"
        style={{
          width: `calc(100% + ${2 * scaledGap}px)`,
          height: `calc(100% + ${2 * scaledGap}px)`,
        }}
        aria-hidden="true"
      >
        <pattern
          id={patternId}
          x={0}
          y={0}
          width={scaledGap}
          height={scaledGap}
          patternUnits="userSpaceOnUse"
        >
          <circle cx={scaledGap / 2} cy={scaledGap / 2} r={radius} fill={color} />
        </pattern>
        <rect x="0" y="0" width="100%" height="100%" fill={`url(#${patternId})`} />
      </svg>
    </div>
  );
});
