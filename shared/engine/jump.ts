// jump nodes: on to another node of this flow, or into another flow's latest version.
import type { JumpNode } from "../schema";
import { type Cursor, failSession, note, type StepContext } from "./context";
import { flowIndex } from "./flowIndex";
import { carryVariables } from "./session";

/** The node to continue at, or null when the target does not exist (session error). */
export function jump(ctx: StepContext, cursor: Cursor, node: JumpNode): string | null {
  const here = cursor.flow.flow;
  if (node.flowId === undefined || node.flowId === here.id) {
    // Within the flow the session stays on its pinned version.
    const target = node.nodeId ?? here.startNodeId;
    if (flowIndex(here).node(target)) return target;
    failSession(
      ctx,
      cursor,
      "NODE_NOT_FOUND",
      `跳转节点 "${node.id}" 的目标节点 "${target}" 在流程 "${here.id}" 中不存在，请在编辑器中重新选择目标`,
      `jump node "${node.id}" targets node "${target}", which does not exist in flow "${here.id}"; pick the target again in the editor`,
    );
    return null;
  }
  const next = ctx.catalog.flows[node.flowId];
  if (!next) {
    failSession(
      ctx,
      cursor,
      "FLOW_NOT_FOUND",
      `跳转节点 "${node.id}"（流程 "${here.id}"）的目标流程 "${node.flowId}" 不存在或未发布，请发布该流程或更改目标`,
      `jump node "${node.id}" in flow "${here.id}" targets flow "${node.flowId}", which does not exist or is not published; publish it or change the target`,
    );
    return null;
  }
  const target = node.nodeId ?? next.flow.startNodeId;
  if (!flowIndex(next.flow).node(target)) {
    failSession(
      ctx,
      cursor,
      "NODE_NOT_FOUND",
      `跳转节点 "${node.id}"（流程 "${here.id}"）的目标节点 "${target}" 在流程 "${next.flow.id}" 中不存在，请重新选择目标`,
      `jump node "${node.id}" in flow "${here.id}" targets node "${target}", which does not exist in flow "${next.flow.id}"; pick the target again`,
    );
    return null;
  }
  const { session } = cursor;
  // The other flow starts with its own declared defaults; shared variable names keep their values.
  session.variables = carryVariables(next.flow, session.variables);
  session.flowId = next.flow.id;
  session.flowVersion = next.version;
  session.retries = {};
  session.startedAt = ctx.now;
  cursor.flow = next;
  note(ctx, `${node.id}: jumped to flow ${next.flow.id} v${next.version}`);
  return target;
}
