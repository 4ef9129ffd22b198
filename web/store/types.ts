// The shape of the editor store: the open flow document in React Flow form, plus view state around it.
import type { Connection, Edge, EdgeChange, Node, NodeChange, XYPosition } from "@xyflow/react";
import type { Flow, FlowNode, NodeKind } from "../../shared/schema";
import type { Problem } from "../../shared/validate/problem";

/** A node on the canvas: `data` is the schema node itself; `type` is its kind. */
export type EditorNode = Node<FlowNode, NodeKind>;
/** An edge on the canvas; `sourceHandle` is always set (see `outputsOf`). */
export type EditorEdge = Edge & { sourceHandle: string };
/** Everything in a flow file except nodes and edges. */
export type FlowMeta = Omit<Flow, "nodes" | "edges">;
/** What `setMeta` may change. */
export type MetaPatch = Partial<
  Pick<FlowMeta, "name" | "description" | "variables" | "triggers" | "settings" | "startNodeId">
>;

/** The part of the state undo/redo records. */
export interface HistoryDoc {
  meta: FlowMeta;
  nodes: EditorNode[];
  edges: EditorEdge[];
}

/** Simulator highlighting: the path taken and the node the conversation waits at. */
export interface Highlight {
  nodeIds: string[];
  edgeIds: string[];
  currentNodeId: string | null;
}

/** A request for the canvas to move its viewport; `seq` makes repeated requests distinct. */
export type ViewRequest =
  | { type: "center"; nodeId: string; zoom?: number; seq: number }
  | { type: "fit"; seq: number };

export type ProblemLevel = "error" | "warning";

/** What the runs did at one node in the data view (数据): reached, and the outcomes counted there. */
export interface NodeFunnel {
  reached: number;
  inProgress: number;
  completed: number;
  dropped: number;
  handedOff: number;
  errors: number;
}

export interface DocumentSlice {
  meta: FlowMeta;
  /** Top-level key order of the loaded file, so `toFlow` writes keys back in the same order. */
  keyOrder: string[];
  nodes: EditorNode[];
  edges: EditorEdge[];
  /** The server revision the open document is based on (null before the first load or save). */
  revision: string | null;
  /** True when the document differs from what was loaded or last saved. */
  dirty: boolean;
  /** Increases on every document change (including undo/redo): a cheap signal for autosave. */
  docVersion: number;
  /** The document as last loaded or saved, for telling whether undo returned to it. */
  savedDoc: HistoryDoc | null;

  loadFlow(flow: Flow, revision: string | null): void;
  toFlow(): Flow;
  markSaved(revision: string): void;
  setMeta(patch: MetaPatch): void;
  setStartNode(id: string): void;
  /** Adds a node of `kind` with Chinese defaults, selects it and returns its id. */
  addNode(kind: NodeKind, position: XYPosition): string;
  /** Replaces a node through `updater` (id and kind stay); edges of removed options/branches go too. */
  updateNode(id: string, updater: (node: FlowNode) => FlowNode): void;
  deleteSelection(): void;
  autoLayout(): void;
}

export interface CanvasSlice {
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  /** The document before the drag in progress, or null when nothing is being dragged. */
  dragStart: HistoryDoc | null;
  onNodesChange(changes: NodeChange<EditorNode>[]): void;
  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void;
  onConnect(connection: Connection): void;
  /** Moves an existing edge's end (dragged in the canvas) to another node or handle. */
  onReconnect(oldEdge: EditorEdge, connection: Connection): void;
  /** Selects exactly these nodes (and no edges). */
  setSelection(nodeIds: string[]): void;
  selectAll(): void;
  /** Selects one node and asks the canvas to centre it. */
  selectNode(id: string): void;
}

export interface ClipboardSlice {
  /** Copies the selected nodes (and edges between them); returns the clipboard text, or null. */
  copySelection(): string | null;
  /** Pastes from the system clipboard when readable, else from the in-memory copy. */
  paste(position?: XYPosition): Promise<number>;
  /** Pastes clipboard text; returns how many nodes were added (0 when the text is not Huashu nodes). */
  pasteText(text: string, position?: XYPosition): number;
  duplicateSelection(): void;
}

export interface UiSlice {
  problems: Problem[];
  /** Worst problem level per node id. */
  problemLevels: Record<string, ProblemLevel>;
  highlight: Highlight;
  /** `highlight` as lookups, so a node or edge component can select one boolean. */
  highlightIndex: { nodes: Record<string, true>; edges: Record<string, true> };
  findQuery: string;
  /** Nodes matching `findQuery`, top to bottom, and which one Enter moved to (-1: none yet). */
  findMatches: string[];
  findMatchIndex: Record<string, true>;
  findActive: number;
  findOpen: boolean;
  shortcutsOpen: boolean;
  viewRequest: ViewRequest | null;
  /** The data view (数据) is on: the left column shows the funnel and nodes their badges. */
  funnelOpen: boolean;
  /** Per-node counts for the badges, by node id; null while off or not loaded. Never the document. */
  funnel: Record<string, NodeFunnel> | null;
  /** The node the counts are narrowed to (only the runs through it), marked on its badge; else null. */
  funnelThrough: string | null;
  /** Flow coordinates of the visible canvas centre (kept by the canvas), where palette clicks add. */
  viewportCenter: XYPosition;
  setProblems(problems: Problem[]): void;
  setHighlight(highlight: Partial<Highlight> | null): void;
  /** Sets the find text and recomputes the matches against the current nodes. */
  setFindQuery(query: string): void;
  /** Moves to the next (1) or previous (-1) match, selecting and centring it. */
  findStep(direction: 1 | -1): void;
  setFindOpen(open: boolean): void;
  setShortcutsOpen(open: boolean): void;
  /** Turns the data view on or off; off also forgets the counts. */
  setFunnelOpen(open: boolean): void;
  setFunnel(nodes: Record<string, NodeFunnel> | null, through?: string | null): void;
  setViewportCenter(center: XYPosition): void;
  requestFitView(): void;
  /** Centres a node; `zoom` when given, else at least 0.9. */
  requestCenter(nodeId: string, zoom?: number): void;
}

export interface HistorySlice {
  undo(): void;
  redo(): void;
}

export type EditorState = DocumentSlice & CanvasSlice & ClipboardSlice & UiSlice & HistorySlice;
