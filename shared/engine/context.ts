// What one step accumulates (replies, effects, trace) and the conversation it is walking.
import { copyFollower } from "./follower";
import type {
  Effect,
  FlowCatalog,
  FollowerView,
  Reply,
  Session,
  TraceEntry,
  VersionedFlow,
} from "./types";

export interface StepContext {
  catalog: FlowCatalog;
  /** The follower; copied before the first change (see `writableFollower`), never mutated in place. */
  follower: FollowerView;
  followerCopied: boolean;
  now: number;
  seed: number;
  replies: Reply[];
  effects: Effect[];
  trace: TraceEntry[];
  /** Node visits so far in this step, for the loop guard. */
  visits: number;
}

/** The conversation being walked: the session (this step's copy) and the flow it is pinned to. */
export interface Cursor {
  flow: VersionedFlow;
  session: Session;
}

/** The follower to change: this step's own copy, made on first write. */
export function writableFollower(ctx: StepContext): FollowerView {
  if (!ctx.followerCopied) {
    ctx.follower = copyFollower(ctx.follower);
    ctx.followerCopied = true;
  }
  return ctx.follower;
}

export function note(ctx: StepContext, message: string): void {
  ctx.trace.push({ type: "note", message });
}

/** Error codes a session can end with. */
export type EngineErrorCode = "LOOP" | "NODE_NOT_FOUND" | "FLOW_NOT_FOUND" | "INTERNAL";

/** Ends the conversation as failed, with a message in Chinese and English for the marketer. */
export function failSession(
  ctx: StepContext,
  cursor: Cursor,
  code: EngineErrorCode,
  zh: string,
  en: string,
): void {
  const message = `${zh} / ${en}`;
  cursor.session.status = "error";
  cursor.session.pending = null;
  cursor.session.error = { code, message };
  note(ctx, `${code}: ${message}`);
}
