// The edge between nodes: a rounded right-angled line that glows when the simulator's path runs along it.
import { BaseEdge, type EdgeProps, getSmoothStepPath } from "@xyflow/react";
import { memo } from "react";
import { useEditorStore } from "../store";

export const FlowEdge = memo(function FlowEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  markerEnd,
}: EdgeProps) {
  const onPath = useEditorStore((s) => s.highlightIndex.edges[id] === true);
  const [path] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 14,
    offset: 18,
  });
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      className={`hs-edge${onPath ? " is-path" : ""}${selected ? " is-selected" : ""}`}
      interactionWidth={16}
    />
  );
});

export const edgeTypes = { default: FlowEdge };
