// The shape every check shares: a flow in, problems out, with the other flows when they are known.
import type { Flow } from "../schema";
import type { Problem } from "./problem";

export interface ValidationContext {
  /** The other flows of the account; cross-flow checks are skipped when undefined. */
  otherFlows?: Flow[];
}

export type Check = (flow: Flow, context: ValidationContext) => Problem[];

/** Other flows without the flow being validated, which a catalogue of all flows may include. */
export function othersThan(flow: Flow, context: ValidationContext): Flow[] | undefined {
  return context.otherFlows?.filter((other) => other.id !== flow.id);
}
