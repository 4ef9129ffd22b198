// step(): one follower input in, the next session, replies, effects and trace out. Pure; never throws.
import type { StepContext } from "./context";
import { dropEmptyTexts } from "./messages";
import { route } from "./route";
import type { FollowerView, Session, StepArgs, StepResult } from "./types";

export { createFollowerView } from "./follower";
export { renderQuestionText } from "./question";

/**
 * Session statuses: active = waiting at a question for an answer; waiting = for an http result;
 * handedOff = with people; done and error = over (the next input goes through the triggers).
 * An unexpected failure inside becomes an "error" session with a trace note, never an exception.
 */
export function step(args: StepArgs): StepResult {
  let ctx: StepContext | null = null;
  try {
    if (typeof args.follower !== "object" || args.follower === null) {
      throw new Error("step() needs a follower (see createFollowerView)");
    }
    ctx = {
      catalog: args.catalog,
      follower: args.follower,
      followerCopied: false,
      now: args.now,
      seed: args.seed,
      replies: [],
      effects: [],
      trace: [],
      visits: 0,
    };
    const session = route(ctx, args);
    dropEmptyTexts(ctx);
    return {
      session,
      replies: ctx.replies,
      effects: ctx.effects,
      trace: ctx.trace,
      follower: ctx.follower,
    };
  } catch (error) {
    return crashed(args, ctx, error);
  }
}

function crashed(args: StepArgs, ctx: StepContext | null, error: unknown): StepResult {
  let detail = "unknown";
  try {
    detail = error instanceof Error ? error.message : String(error);
  } catch {
    // An error whose message itself throws: keep "unknown".
  }
  const message = `引擎内部错误：${detail}，请把此流程和这条消息报告给开发者 / internal engine error: ${detail}; please report this flow and message to the developers`;
  const base: Partial<Session> =
    args && typeof args.session === "object" && args.session !== null ? args.session : {};
  const now = typeof args?.now === "number" ? args.now : 0;
  const session: Session = {
    flowId: typeof base.flowId === "string" ? base.flowId : "",
    flowVersion: typeof base.flowVersion === "number" ? base.flowVersion : 0,
    nodeId: typeof base.nodeId === "string" ? base.nodeId : null,
    status: "error",
    variables: typeof base.variables === "object" && base.variables ? { ...base.variables } : {},
    retries: typeof base.retries === "object" && base.retries ? { ...base.retries } : {},
    pending: null,
    error: { code: "INTERNAL", message },
    startedAt: typeof base.startedAt === "number" ? base.startedAt : now,
    updatedAt: now,
    expiresAt: typeof base.expiresAt === "number" ? base.expiresAt : now,
  };
  const follower: FollowerView = args?.follower ?? {
    openid: "",
    subscribed: false,
    scene: null,
    tags: [],
    isNew: false,
    interactions: 0,
    silentDays: 0,
    ab: {},
  };
  return {
    session,
    replies: [],
    effects: [],
    trace: [...(ctx?.trace ?? []), { type: "note", message: `INTERNAL: ${message}` }],
    follower,
  };
}
