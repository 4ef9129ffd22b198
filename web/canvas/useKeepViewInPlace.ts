// Keeps the flow where it is on screen when the canvas's left edge moves (the data view's wider
// panel replacing the palette), instead of letting every node jump sideways with the edge.
import { useReactFlow } from "@xyflow/react";
import { type RefObject, useEffect } from "react";

export function useKeepViewInPlace(
  canvas: RefObject<HTMLDivElement | null>,
  onMoved: () => void,
): void {
  const flow = useReactFlow();
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    let left = element.getBoundingClientRect().left;
    // The left edge only moves with a resize of the canvas: a column beside it changed width.
    const observer = new ResizeObserver(() => {
      const now = element.getBoundingClientRect().left;
      const moved = now - left;
      left = now;
      if (moved === 0) return;
      const { x, y, zoom } = flow.getViewport();
      void flow.setViewport({ x: x - moved, y, zoom }).then(onMoved);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [canvas, flow, onMoved]);
}
