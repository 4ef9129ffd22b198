// Fits the whole flow in view from node positions and known or estimated sizes.
import { getViewportForBounds, useReactFlow, useStoreApi } from "@xyflow/react";
import { useCallback } from "react";
import { useEditorStoreApi } from "../store";

/** Zoom at which node text reads comfortably. */
const READABLE_ZOOM = 0.8;

/**
 * React Flow's own fitView waits until every node has been measured, which never happens when
 * off-screen nodes are not rendered; this one works from what the store knows.
 */
export function useFitFlow(): (options?: {
  duration?: number;
  /** Below this zoom, show the start node near the top at `readableZoom` instead of everything. */
  minReadableZoom?: number;
}) => Promise<boolean> {
  const flow = useReactFlow();
  const rf = useStoreApi();
  const store = useEditorStoreApi();
  return useCallback(
    async (options) => {
      const { nodes } = store.getState();
      if (nodes.length === 0) return false;
      let minX = Number.POSITIVE_INFINITY;
      let minY = Number.POSITIVE_INFINITY;
      let maxX = Number.NEGATIVE_INFINITY;
      let maxY = Number.NEGATIVE_INFINITY;
      for (const n of nodes) {
        const width = n.measured?.width ?? n.initialWidth ?? 260;
        const height = n.measured?.height ?? n.initialHeight ?? 120;
        minX = Math.min(minX, n.position.x);
        minY = Math.min(minY, n.position.y);
        maxX = Math.max(maxX, n.position.x + width);
        maxY = Math.max(maxY, n.position.y + height);
      }
      const { width, height, minZoom } = rf.getState();
      if (!width || !height) return false;
      const viewport = getViewportForBounds(
        { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
        width,
        height,
        minZoom,
        1,
        0.12,
      );
      const duration = options?.duration ?? 0;
      if (options?.minReadableZoom && viewport.zoom < options.minReadableZoom) {
        const { meta } = store.getState();
        const start = nodes.find((n) => n.id === meta.startNodeId) ?? nodes[0];
        if (start) {
          const zoom = READABLE_ZOOM;
          const x = width / 2 - (start.position.x + (start.measured?.width ?? 260) / 2) * zoom;
          const y = 48 - start.position.y * zoom;
          return flow.setViewport({ x, y, zoom }, { duration, interpolate: "linear" });
        }
      }
      return flow.setViewport(viewport, { duration, interpolate: "linear" });
    },
    [flow, rf, store],
  );
}
