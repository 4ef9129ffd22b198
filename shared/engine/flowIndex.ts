// Lookups the walker needs on every step, built once per flow object and cached (pure memo).
import type { Flow, FlowEdge, FlowNode, Variable } from "../schema";

export interface FlowIndex {
  node(id: string): FlowNode | undefined;
  /** The edge leaving `source` by `handle`; the first one when a file has several. */
  edge(source: string, handle: string): FlowEdge | undefined;
  variable(name: string): Variable | undefined;
}

const cache = new WeakMap<Flow, FlowIndex>();

/**
 * Flows are treated as immutable: an editor that changes a flow hands the engine a new object
 * (as zustand's immutable updates do), which gets a fresh index.
 */
export function flowIndex(flow: Flow): FlowIndex {
  let index = cache.get(flow);
  if (index) return index;
  const nodes = new Map<string, FlowNode>();
  for (const n of flow.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const edges = new Map<string, FlowEdge>();
  for (const e of flow.edges) {
    const key = `${e.source}\u0000${e.sourceHandle}`;
    if (!edges.has(key)) edges.set(key, e);
  }
  const variables = new Map<string, Variable>();
  for (const v of flow.variables) variables.set(v.name, v);
  index = {
    node: (id) => nodes.get(id),
    edge: (source, handle) => edges.get(`${source}\u0000${handle}`),
    variable: (name) => variables.get(name),
  };
  cache.set(flow, index);
  return index;
}
