// What every inspector form may need beyond its node: variables, flows to jump to, fresh ids.
import { createContext, useContext } from "react";
import type { Flow, FlowNode } from "../../shared/schema";

export interface InspectorContextValue {
  /** Declared variable names of the open flow, for pickers. */
  variables: string[];
  /** The open flow's id and nodes (jump targets within the flow). */
  flowId: string;
  nodes: FlowNode[];
  /** The other flows of the account, for jumps into another flow. */
  otherFlows: Flow[];
  /** A fresh id (option, branch) unused anywhere in the open flow. */
  makeId: (prefix: string) => string;
}

export const InspectorContext = createContext<InspectorContextValue>({
  variables: [],
  flowId: "",
  nodes: [],
  otherFlows: [],
  makeId: (prefix) => `${prefix}_${Math.random().toString(36).slice(2, 8)}`,
});

export function useInspector(): InspectorContextValue {
  return useContext(InspectorContext);
}
