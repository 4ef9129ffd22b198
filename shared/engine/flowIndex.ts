// Lookups the walker needs on every step, built once per flow object and cached (pure memo).
import type { Flow, FlowEdge, FlowNode, Variable } from "../schema";

export class FlowIndex {
  private readonly nodes = new Map<string, FlowNode>();
  private readonly edges = new Map<string, Map<string, FlowEdge>>();
  private readonly variables = new Map<string, Variable>();

  constructor(flow: Flow) {
    for (const n of flow.nodes) if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
    for (const e of flow.edges) {
      let out = this.edges.get(e.source);
      if (!out) {
        out = new Map();
        this.edges.set(e.source, out);
      }
      if (!out.has(e.sourceHandle)) out.set(e.sourceHandle, e);
    }
    for (const v of flow.variables) this.variables.set(v.name, v);
  }

  node(id: string): FlowNode | undefined {
    return this.nodes.get(id);
  }

  /** The edge leaving `source` by `handle`; the first one when a file has several. */
  edge(source: string, handle: string): FlowEdge | undefined {
    return this.edges.get(source)?.get(handle);
  }

  variable(name: string): Variable | undefined {
    return this.variables.get(name);
  }
}

const cache = new WeakMap<Flow, FlowIndex>();

/**
 * Flows are treated as immutable: an editor that changes a flow hands the engine a new object
 * (as zustand's immutable updates do), which gets a fresh index.
 */
export function flowIndex(flow: Flow): FlowIndex {
  let index = cache.get(flow);
  if (!index) {
    index = new FlowIndex(flow);
    cache.set(flow, index);
  }
  return index;
}
