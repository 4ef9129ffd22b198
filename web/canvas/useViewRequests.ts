// Carries out the store's viewport requests (centre a node, fit the flow) and reports the view centre.
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { useCallback, useEffect } from "react";
import { useEditorStore, useEditorStoreApi } from "../store";
import { useFitFlow } from "./useFitFlow";

export function useViewRequests(): { reportCenter: () => void } {
  const flow = useReactFlow();
  const rf = useStoreApi();
  const store = useEditorStoreApi();
  const request = useEditorStore((s) => s.viewRequest);
  const fitFlow = useFitFlow();

  const reportCenter = useCallback(() => {
    const { width, height, transform } = rf.getState();
    const [tx, ty, zoom] = transform;
    store.getState().setViewportCenter({
      x: (width / 2 - tx) / zoom,
      y: (height / 2 - ty) / zoom,
    });
  }, [rf, store]);

  useEffect(() => {
    if (!request) return;
    if (request.type === "fit") {
      // After a layout the new positions reach React Flow on the next render: fit one frame later.
      requestAnimationFrame(() => void fitFlow({ duration: 300 }).then(reportCenter));
      return;
    }
    const node = flow.getInternalNode(request.nodeId);
    if (!node) return;
    const width = node.measured.width ?? 260;
    const height = node.measured.height ?? 120;
    const { x, y } = node.internals.positionAbsolute;
    const target = { x: x + width / 2, y: y + height / 2 };
    // A short glide helps the eye follow; a long one would mount every node along the way.
    const view = rf.getState();
    const [tx, ty, zoom] = view.transform;
    const dx = (target.x * zoom + tx - view.width / 2) / Math.max(view.width, 1);
    const dy = (target.y * zoom + ty - view.height / 2) / Math.max(view.height, 1);
    const far = Math.hypot(dx, dy) > 2;
    void flow
      .setCenter(target.x, target.y, {
        zoom: request.zoom ?? Math.max(flow.getZoom(), 0.9),
        duration: far ? 0 : 300,
        interpolate: "linear",
      })
      .then(reportCenter);
  }, [request, flow, rf, reportCenter, fitFlow]);

  return { reportCenter };
}
