// handoff nodes: tell the host to transfer the follower to people; the session stays with them.
import type { HandoffNode } from "../schema";
import type { Cursor, StepContext } from "./context";
import { renderTemplate } from "./template";
import type { Effect } from "./types";

export function handoffEffect(ctx: StepContext, cursor: Cursor, node: HandoffNode): Effect {
  const effect: Effect = {
    type: "handoff",
    nodeId: node.id,
    reason: renderTemplate(node.reason, cursor.session.variables, ctx.follower),
    priority: node.priority,
  };
  if (node.kfAccount !== undefined) effect.kfAccount = node.kfAccount;
  return effect;
}

export function handOff(ctx: StepContext, cursor: Cursor, node: HandoffNode): void {
  ctx.effects.push(handoffEffect(ctx, cursor, node));
  cursor.session.status = "handedOff";
  cursor.session.nodeId = node.id;
  cursor.session.pending = null;
}
