// Routing one input: effect results, events, text and media, in the order the product decided.
import { catalogIndex } from "./catalogIndex";
import { type Cursor, note, type StepContext, writableFollower } from "./context";
import { bareScene, matchEventTrigger } from "./events";
import { flowIndex } from "./flowIndex";
import { handoffEffect } from "./handoff";
import { resumeHttp } from "./http";
import { selectKeywordTrigger } from "./keywords";
import { type Answer, answerQuestion } from "./question";
import { copySession, createSession, isExpired, isLive, touchSession } from "./session";
import type { Input, Session, StepArgs, VersionedFlow } from "./types";
import { walkFrom } from "./walk";

/** The follower's conversation as routing sees it. */
interface Current {
  /** The live conversation, or null when there is none (absent, expired, done, error, broken). */
  cursor: Cursor | null;
  /** What to hand back when this step changes nothing. */
  untouched: Session | null;
}

function sessionFlowOf(args: StepArgs, session: Session): VersionedFlow | undefined {
  if (args.sessionFlow && args.sessionFlow.flow.id === session.flowId) return args.sessionFlow;
  return args.catalog.flows[session.flowId];
}

/** A session is live when it is unexpired, active/waiting/handedOff, and stands where it says. */
function currentOf(ctx: StepContext, args: StepArgs): Current {
  const session = args.session;
  if (!session) return { cursor: null, untouched: null };
  if (isExpired(session, ctx.now)) {
    ctx.trace.push({ type: "expired", flowId: session.flowId });
    return { cursor: null, untouched: null };
  }
  if (!isLive(session)) return { cursor: null, untouched: session };
  const flow = sessionFlowOf(args, session);
  if (!flow) {
    note(ctx, `session flow ${session.flowId} is not in the catalog; treated as no conversation`);
    return { cursor: null, untouched: session };
  }
  const node = session.nodeId === null ? undefined : flowIndex(flow.flow).node(session.nodeId);
  const expected = { active: "question", waiting: "http", handedOff: "handoff" } as const;
  const kind = expected[session.status as keyof typeof expected];
  const consistent =
    node?.kind === kind && (session.status !== "waiting" || session.pending !== null);
  if (!consistent) {
    note(
      ctx,
      `session stands at "${session.nodeId}", not a ${kind} of ${flow.flow.id}; treated as no conversation`,
    );
    return { cursor: null, untouched: session };
  }
  return { cursor: { flow, session: copySession(session) }, untouched: session };
}

/** A new conversation in `flow` at `nodeId` (its start node when absent). */
function startFlow(
  ctx: StepContext,
  flow: VersionedFlow,
  trigger: { flowId: string; triggerId: string },
  nodeId: string | undefined,
): Session {
  ctx.trace.push({ type: "trigger", flowId: trigger.flowId, triggerId: trigger.triggerId });
  const cursor: Cursor = { flow, session: createSession(flow.flow, flow.version, ctx.now) };
  walkFrom(ctx, cursor, nodeId ?? flow.flow.startNodeId);
  return finish(ctx, cursor);
}

function finish(ctx: StepContext, cursor: Cursor): Session {
  touchSession(cursor.session, cursor.flow.flow, ctx.now);
  return cursor.session;
}

function fallback(ctx: StepContext): Session | null {
  const fb = catalogIndex(ctx.catalog).fallback;
  const flow = fb ? ctx.catalog.flows[fb.flowId] : undefined;
  if (!fb || !flow) return null;
  return startFlow(ctx, flow, { flowId: fb.flowId, triggerId: fb.trigger.id }, fb.trigger.nodeId);
}

/** The live conversation receives a message: answer the question, or keep handing off. */
function continueConversation(ctx: StepContext, cursor: Cursor, answer: Answer): Session | null {
  const { session } = cursor;
  const node = flowIndex(cursor.flow.flow).node(session.nodeId!)!;
  if (node.kind === "question") {
    walkFrom(ctx, cursor, answerQuestion(ctx, cursor, node, answer));
    return finish(ctx, cursor);
  }
  if (node.kind === "handoff") {
    // The follower is with people: the host must keep transferring their messages.
    ctx.effects.push(handoffEffect(ctx, cursor, node));
    return finish(ctx, cursor);
  }
  return null;
}

function routeText(
  ctx: StepContext,
  current: Current,
  input: Extract<Input, { type: "text" }>,
): Session | null {
  const index = catalogIndex(ctx.catalog);
  const { cursor } = current;
  const global = selectKeywordTrigger(index.globalKeywords, input.text);
  if (global) {
    const trigger = { flowId: global.flowId, triggerId: global.trigger.id };
    if (global.trigger.action === "restart" && cursor) {
      // The follower's own flow, on the version they are pinned to, from the top.
      return startFlow(ctx, cursor.flow, trigger, undefined);
    }
    const flow = ctx.catalog.flows[global.flowId]!;
    return startFlow(ctx, flow, trigger, global.trigger.nodeId);
  }
  if (cursor) {
    if (cursor.session.status === "waiting") {
      note(ctx, "text ignored: waiting for an http result");
      return current.untouched;
    }
    const answer =
      input.menuId === undefined
        ? { text: input.text }
        : { text: input.text, menuId: input.menuId };
    return continueConversation(ctx, cursor, answer);
  }
  const keyword = selectKeywordTrigger(index.keywords, input.text);
  if (keyword) {
    const flow = ctx.catalog.flows[keyword.flowId]!;
    return startFlow(
      ctx,
      flow,
      { flowId: keyword.flowId, triggerId: keyword.trigger.id },
      keyword.trigger.nodeId,
    );
  }
  const started = fallback(ctx);
  if (started) return started;
  note(ctx, "no trigger matched the text");
  return current.untouched;
}

/** People are done with the follower: a handed-off conversation ends, so the flows answer again. */
function closeHandoff(ctx: StepContext, current: Current): Session | null {
  const { cursor } = current;
  if (cursor?.session.status !== "handedOff") {
    note(
      ctx,
      "customer service closed a session, but the follower was not handed off: nothing changes",
    );
    return current.untouched;
  }
  cursor.session.status = "done";
  note(
    ctx,
    "customer service closed the session: the handoff ends, the next message goes to the flows",
  );
  return finish(ctx, cursor);
}

function routeEvent(
  ctx: StepContext,
  current: Current,
  input: Extract<Input, { type: "event" }>,
): Session | null {
  // Not the follower's doing: no follower fields, and no trigger reacts to it.
  if (input.event === "handoffClosed") return closeHandoff(ctx, current);
  const follower =
    input.event === "view" || input.event === "click" ? ctx.follower : writableFollower(ctx);
  switch (input.event) {
    case "subscribe":
      follower.subscribed = true;
      if (input.scene) follower.scene = bareScene(input.scene);
      break;
    case "unsubscribe":
      follower.subscribed = false;
      if (!current.cursor) return current.untouched;
      current.cursor.session.status = "done";
      current.cursor.session.pending = null;
      note(ctx, "unsubscribed: conversation ends");
      return finish(ctx, current.cursor);
    case "scan":
      follower.scene = bareScene(input.scene);
      break;
    case "view":
      return current.untouched;
    case "click":
      break;
  }
  const match = matchEventTrigger(catalogIndex(ctx.catalog), input);
  const flow = match ? ctx.catalog.flows[match.flowId] : undefined;
  if (!match || !flow) {
    note(ctx, `no trigger for the ${input.event} event`);
    return current.untouched;
  }
  return startFlow(
    ctx,
    flow,
    { flowId: match.flowId, triggerId: match.trigger.id },
    match.trigger.nodeId,
  );
}

function routeEffectResult(
  ctx: StepContext,
  current: Current,
  input: Extract<Input, { type: "effectResult" }>,
): Session | null {
  const { cursor } = current;
  if (
    cursor?.session.status === "waiting" &&
    cursor.session.pending?.requestId === input.requestId
  ) {
    const node = flowIndex(cursor.flow.flow).node(cursor.session.pending.nodeId);
    if (node?.kind === "http") {
      walkFrom(ctx, cursor, resumeHttp(ctx, cursor, node, input.result));
      return finish(ctx, cursor);
    }
  }
  note(ctx, `effect result ${input.requestId} ignored: the session is not waiting for it`);
  return current.untouched;
}

/**
 * Routes one input and returns the session to store; replies, effects and trace go to `ctx`.
 *
 * 1. effectResult: resumes the http node the session waits on (same requestId), else ignored.
 * 2. event: subscribe/scan/unsubscribe update the follower; unsubscribe ends the conversation;
 *    a matching event trigger starts its flow (replacing the conversation), else nothing changes.
 *    handoffClosed ends a handed-off conversation and nothing else; it starts no flow.
 * 3. text: global keywords first (even mid-conversation); then the live conversation (answer the
 *    question, or keep handing off; ignored while an http request is out); with no conversation,
 *    keyword triggers, then the fallback; else silence.
 * 4. media: a failed answer to the current question; with no conversation, the fallback.
 */
export function route(ctx: StepContext, args: StepArgs): Session | null {
  const current = currentOf(ctx, args);
  const { input } = args;
  switch (input.type) {
    case "effectResult":
      return routeEffectResult(ctx, current, input);
    case "event":
      return routeEvent(ctx, current, input);
    case "text":
      return routeText(ctx, current, input);
    case "media": {
      const { cursor } = current;
      if (cursor && cursor.session.status !== "waiting") {
        return continueConversation(ctx, cursor, { media: true });
      }
      if (cursor) {
        note(ctx, "media ignored: waiting for an http result");
        return current.untouched;
      }
      return fallback(ctx) ?? current.untouched;
    }
  }
}
