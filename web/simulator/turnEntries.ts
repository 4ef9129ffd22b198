// One engine step as the phone shows it: which reply is the passive one, which go by the
// customer-service API (and within which window), the system lines, and the path on the canvas.
import type { Reply, StepResult } from "../../shared/engine";
import type { SimState } from "../../shared/testcase";
import { type ExpandedReply, expandReply } from "../../shared/wechat";
import type { ChatEntry, SystemLine } from "./chatEntry";
import { checkWindow, recordSend, type WindowState } from "./serviceWindow";

/** What a turn has used so far; `placeReply` and `renderStep` update it in place. */
export interface TurnState {
  window: WindowState;
  passiveUsed: boolean;
}

export interface Path {
  nodeIds: string[];
  edgeIds: string[];
}

let nextEntryId = 1;

export function entry<T extends Omit<ChatEntry, "id">>(e: T): T & { id: number } {
  return { ...e, id: nextEntryId++ };
}

export function system(line: SystemLine, at: number, nodeId?: string): ChatEntry {
  return entry({ kind: "system" as const, line, at, ...(nodeId ? { nodeId } : {}) });
}

/**
 * The first reply of a turn is the passive one; the rest use the customer-service window. A piece
 * of a split text (expandReply) keeps its place in the split for the bubble's note.
 */
export function placeReply(
  reply: ExpandedReply,
  at: number,
  turn: TurnState,
  delaySeconds = 0,
): ChatEntry {
  const { nodeId, flowId, split, ...shown } = reply;
  const base = {
    kind: "account" as const,
    reply: shown,
    nodeId,
    flowId,
    at,
    ...(split ? { split } : {}),
  };
  if (!turn.passiveUsed && delaySeconds === 0) {
    turn.passiveUsed = true;
    return entry({ ...base, channel: "passive" as const });
  }
  const sendAt = at + delaySeconds * 1000;
  const verdict = checkWindow(turn.window, sendAt);
  if (verdict.ok) turn.window = recordSend(turn.window, sendAt);
  return entry({
    ...base,
    channel: "custom" as const,
    window: verdict,
    ...(delaySeconds ? { delaySeconds } : {}),
  });
}

/**
 * One engine reply as the messages the runtime sends: text over 2048 bytes in pieces (shared
 * expandReply), each piece passive or customer-service like any other message.
 */
export function placeReplies(
  reply: Reply,
  at: number,
  turn: TurnState,
  delaySeconds = 0,
): ChatEntry[] {
  return expandReply(reply).map((piece) => placeReply(piece, at, turn, delaySeconds));
}

/**
 * The step's replies with a grey line where a node's messages were withheld, in the order the
 * walk visited the nodes: each visit's replies are contiguous and in the trace's order.
 */
function repliesAndWithheld(result: StepResult, at: number, turn: TurnState): ChatEntry[] {
  const out: ChatEntry[] = [];
  const replies = result.replies;
  let next = 0;
  for (const t of result.trace) {
    if (t.type === "node") {
      while (next < replies.length && replies[next]?.nodeId === t.nodeId) {
        out.push(...placeReplies(replies[next]!, at, turn));
        next++;
      }
    } else if (t.type === "withheld") {
      out.push(system({ code: "withheld", reason: t.reason }, at, t.nodeId));
    }
  }
  // Anything the trace did not account for (it always should) still shows, after the rest.
  for (const reply of replies.slice(next)) out.push(...placeReplies(reply, at, turn));
  return out;
}

/** One engine step's replies and effects as entries, in the order a follower would see them. */
export function renderStep(result: StepResult, at: number, turn: TurnState): ChatEntry[] {
  const out: ChatEntry[] = [];
  const handoff = result.effects.find((e) => e.type === "handoff");
  if (handoff && !turn.passiveUsed) {
    // WeChat's transfer_customer_service takes the passive reply: every message goes by API.
    turn.passiveUsed = true;
    out.push(system({ code: "transfer" }, at, handoff.nodeId));
  }
  out.push(...repliesAndWithheld(result, at, turn));
  for (const effect of result.effects) {
    switch (effect.type) {
      case "handoff":
        out.push(
          system(
            { code: "handoff", priority: effect.priority, reason: effect.reason },
            at,
            effect.nodeId,
          ),
        );
        break;
      case "http":
        out.push(
          system({ code: "http", method: effect.method, url: effect.url }, at, effect.nodeId),
        );
        break;
      case "tag":
        out.push(
          system({ code: "tag", add: effect.add, remove: effect.remove }, at, effect.nodeId),
        );
        break;
      case "delayedSend":
        for (const reply of effect.replies)
          out.push(...placeReplies(reply, at, turn, effect.afterSeconds));
        break;
    }
  }
  return out;
}

/** The path so far plus this step's nodes and edges in `flowId`, and the node to light up. */
export function highlightOf(
  result: StepResult,
  sim: SimState,
  previous: Path,
  flowId: string,
): { path: Path; currentNodeId: string | null } {
  const nodeIds = [...previous.nodeIds];
  const edgeIds = [...previous.edgeIds];
  let lastNode: string | null = null;
  for (const t of result.trace) {
    if (t.type === "node" && t.flowId === flowId) {
      lastNode = t.nodeId;
      if (!nodeIds.includes(t.nodeId)) nodeIds.push(t.nodeId);
    } else if (t.type === "edge" && t.flowId === flowId && !edgeIds.includes(t.edgeId)) {
      edgeIds.push(t.edgeId);
    }
  }
  const s = sim.session;
  const live =
    s &&
    s.flowId === flowId &&
    (s.status === "active" || s.status === "waiting" || s.status === "handedOff");
  return { path: { nodeIds, edgeIds }, currentNodeId: live ? s.nodeId : lastNode };
}
