// The editor canvas: React Flow bound to the editor store, with drop-to-add, minimap, find and shortcuts.
import {
  ControlButton,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type XYPosition,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { type DragEvent, useCallback, useRef } from "react";
import { useTranslation } from "react-i18next";
import { type NodeKind, nodeKinds } from "../../shared/schema";
import { type EditorEdge, type EditorNode, useEditorStore, useEditorStoreApi } from "../store";
import { CanvasTextContext } from "./canvasText";
import { DotsBackground } from "./DotsBackground";
import { FindBox } from "./FindBox";
import { edgeTypes } from "./FlowEdge";
import { FlowMiniMap } from "./FlowMiniMap";
import { nodeTypes } from "./nodes/nodeTypes";
import { PALETTE_MIME } from "./Palette";
import { ShortcutsHelp } from "./ShortcutsHelp";
import { useCanvasShortcuts } from "./useCanvasShortcuts";
import { useFitFlow } from "./useFitFlow";
import { useKeepViewInPlace } from "./useKeepViewInPlace";
import { useViewRequests } from "./useViewRequests";
import "./canvas.css";

const NODE_WIDTH = 260;

const defaultEdgeOptions = { type: "default" };
const proOptions = { hideAttribution: true };

function isKind(value: string): value is NodeKind {
  return (nodeKinds as readonly string[]).includes(value);
}

function Canvas() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const onNodesChange = useEditorStore((s) => s.onNodesChange);
  const onEdgesChange = useEditorStore((s) => s.onEdgesChange);
  const onConnect = useEditorStore((s) => s.onConnect);
  const onReconnect = useEditorStore((s) => s.onReconnect);
  const flow = useReactFlow<EditorNode, EditorEdge>();
  const { reportCenter } = useViewRequests();
  const fitFlow = useFitFlow();
  const pointer = useRef<XYPosition | undefined>(undefined);

  const onInit = useCallback(() => {
    // A flow too big to read when fitted opens at its start node instead.
    void fitFlow({ minReadableZoom: 0.5 }).then(reportCenter);
  }, [reportCenter, fitFlow]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (!isKind(kind)) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      store.getState().addNode(kind, { x: at.x - NODE_WIDTH / 2, y: at.y - 30 });
    },
    [flow, store],
  );

  const onPointerMove = useCallback(
    (event: React.PointerEvent) => {
      pointer.current = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    },
    [flow],
  );
  const onPointerLeave = useCallback(() => {
    pointer.current = undefined;
  }, []);
  const pastePosition = useCallback(() => pointer.current, []);
  // While the view moves, its nodes and edges ride on one composited layer (canvas.css); at rest they
  // are painted at the current zoom again, so text stays sharp after zooming. A class set directly,
  // not React state: re-rendering the canvas on every move start/end would cost more than it saves.
  const canvas = useRef<HTMLDivElement>(null);
  const onMoveStart = useCallback(() => canvas.current?.classList.add("is-moving"), []);
  const onMoveEnd = useCallback(() => {
    canvas.current?.classList.remove("is-moving");
    reportCenter();
  }, [reportCenter]);
  const requestFit = useCallback(() => store.getState().requestFitView(), [store]);
  useCanvasShortcuts(pastePosition);
  useKeepViewInPlace(canvas, reportCenter);

  return (
    <CanvasTextContext.Provider value={t}>
      <div
        ref={canvas}
        className="hs-canvas"
        onDragOver={onDragOver}
        onDrop={onDrop}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
      >
        <ReactFlow<EditorNode, EditorEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onReconnect={onReconnect}
          onInit={onInit}
          onMoveStart={onMoveStart}
          onMoveEnd={onMoveEnd}
          onlyRenderVisibleElements
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={["Meta", "Control"]}
          minZoom={0.1}
          maxZoom={2}
          proOptions={proOptions}
          connectionRadius={28}
        >
          <DotsBackground gap={22} size={1.4} color="#cfd5df" />
          <FlowMiniMap ariaLabel={t("minimap")} maskColor="rgba(240, 242, 246, 0.7)" />
          <Controls showInteractive={false} showFitView={false}>
            <ControlButton
              onClick={requestFit}
              title={t("toolbar.fitView")}
              aria-label={t("toolbar.fitView")}
            >
              <svg
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="2.2"
                aria-hidden="true"
              >
                <path d="M4 9V4h5 M15 4h5v5 M20 15v5h-5 M9 20H4v-5" />
              </svg>
            </ControlButton>
          </Controls>
        </ReactFlow>
        {nodes.length === 0 ? <div className="hs-canvas-empty">{t("empty")}</div> : null}
        <FindBox />
        <ShortcutsHelp />
      </div>
    </CanvasTextContext.Provider>
  );
}

/** The canvas for the flow in the nearest `EditorStoreProvider`. Give it a sized parent. */
export function FlowCanvas() {
  return (
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>
  );
}
