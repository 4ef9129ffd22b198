// Leaving a node by one of its handles; with no edge there the conversation simply ends.
import { type Cursor, note, type StepContext } from "./context";
import { flowIndex } from "./flowIndex";

/** The next node's id, or null (session done) when no edge leaves by `handle`. */
export function follow(
  ctx: StepContext,
  cursor: Cursor,
  nodeId: string,
  handle: string,
): string | null {
  const flow = cursor.flow.flow;
  const edge = flowIndex(flow).edge(nodeId, handle);
  if (!edge) {
    cursor.session.status = "done";
    cursor.session.pending = null;
    note(ctx, `${nodeId}: no edge by "${handle}", conversation ends`);
    return null;
  }
  ctx.trace.push({ type: "edge", flowId: flow.id, edgeId: edge.id });
  return edge.target;
}
