// Walking a flow: run nodes and follow edges until a question, a request, a handoff or the end.
import { NEXT } from "../schema";
import { abHandle, applySet, applyTag } from "./actions";
import { conditionHandle } from "./conditions";
import { type Cursor, failSession, type StepContext } from "./context";
import { flowIndex } from "./flowIndex";
import { follow } from "./follow";
import { handOff } from "./handoff";
import { requestHttp } from "./http";
import { jump } from "./jump";
import { sendMessages } from "./messages";
import { askQuestion } from "./question";

/** More node visits than this in one step means a cycle with no question in it. */
export const MAX_NODE_VISITS = 200;

/** Runs one node; returns the next node to visit, or null when the walk stops here. */
function visit(ctx: StepContext, cursor: Cursor, nodeId: string): string | null {
  const flow = cursor.flow.flow;
  const node = flowIndex(flow).node(nodeId);
  if (!node) {
    failSession(
      ctx,
      cursor,
      "NODE_NOT_FOUND",
      `流程 "${flow.id}" 中找不到节点 "${nodeId}"（连线或触发器指向了已删除的节点），请修正后重新发布`,
      `node "${nodeId}" does not exist in flow "${flow.id}" (an edge or trigger points at a deleted node); fix it and publish again`,
    );
    return null;
  }
  ctx.visits++;
  if (ctx.visits > MAX_NODE_VISITS) {
    // A looping flow sends nothing: better silence than two hundred messages.
    ctx.replies.length = 0;
    ctx.effects = ctx.effects.filter((e) => e.type !== "delayedSend");
    failSession(
      ctx,
      cursor,
      "LOOP",
      `流程 "${flow.id}" 在节点 "${nodeId}" 处循环：一次消息经过了超过 ${MAX_NODE_VISITS} 个节点而没有遇到提问，请检查从该节点出发的连线是否构成了环`,
      `flow "${flow.id}" loops at node "${nodeId}": one message passed more than ${MAX_NODE_VISITS} nodes without reaching a question; check the edges from that node for a cycle`,
    );
    return null;
  }
  ctx.trace.push({ type: "node", flowId: flow.id, nodeId });
  cursor.session.nodeId = nodeId;
  switch (node.kind) {
    case "message":
      sendMessages(ctx, cursor, node);
      return follow(ctx, cursor, nodeId, NEXT);
    case "question":
      askQuestion(ctx, cursor, node);
      return null;
    case "condition":
      return follow(
        ctx,
        cursor,
        nodeId,
        conditionHandle(node, {
          variables: cursor.session.variables,
          follower: ctx.follower,
          now: ctx.now,
          utcOffsetMinutes: flow.settings.utcOffsetMinutes,
        }),
      );
    case "set":
      applySet(ctx, cursor, node);
      return follow(ctx, cursor, nodeId, NEXT);
    case "tag":
      applyTag(ctx, node);
      return follow(ctx, cursor, nodeId, NEXT);
    case "ab":
      return follow(ctx, cursor, nodeId, abHandle(ctx, cursor, node));
    case "http":
      requestHttp(ctx, cursor, node);
      return null;
    case "handoff":
      handOff(ctx, cursor, node);
      return null;
    case "jump":
      return jump(ctx, cursor, node);
    case "end":
      cursor.session.status = "done";
      cursor.session.pending = null;
      return null;
  }
}

/** Walks from `nodeId` (nothing when null) until the conversation waits or ends. */
export function walkFrom(ctx: StepContext, cursor: Cursor, nodeId: string | null): void {
  let next = nodeId;
  while (next !== null) next = visit(ctx, cursor, next);
}
