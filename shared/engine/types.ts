// The engine's contract: step(flows, session, input, now, seed) → { session, replies, effects, trace }.
// Everything here is plain JSON so a session can be stored in SQLite or in the browser as it is.
import type { Article, Flow, HandoffPriority, VariableValue } from "../schema";

/** A flow together with the version it was published as (0 for an unpublished draft). */
export interface VersionedFlow {
  flow: Flow;
  version: number;
}

/** The flows a step may start or jump into: normally the latest published version of each. */
export interface FlowCatalog {
  flows: Record<string, VersionedFlow>;
}

/** What the host knows about the follower; conditions read it, tag and A/B nodes change it. */
export interface FollowerView {
  openid: string;
  subscribed: boolean;
  /** The QR scene they followed or last scanned through, without the `qrscene_` prefix. */
  scene: string | null;
  tags: string[];
  /** Never interacted before this message (first contact within the host's "new" window). */
  isNew: boolean;
  /** The follower's interactions before this one, as the host counts them (the runtime: its own
   * messages and taps of the last 30 days). */
  interactions: number;
  /**
   * Whole days since the follower last wrote, followed, scanned or clicked the menu, before this
   * message (0 for today, or for a first contact): 90 and more is the product's "dormant".
   */
  silentDays: number;
  /** Sticky A/B assignments: `${flowId}/${nodeId}` → branch id. */
  ab: Record<string, string>;
}

export type SessionStatus = "active" | "waiting" | "done" | "handedOff" | "error";

export interface PendingEffect {
  type: "http";
  requestId: string;
  nodeId: string;
}

export interface Session {
  flowId: string;
  /** The flow version this conversation is pinned to until it ends. */
  flowVersion: number;
  /** The node the conversation stands at (a question awaiting an answer, an http awaiting its result). */
  nodeId: string | null;
  status: SessionStatus;
  variables: Record<string, VariableValue>;
  /** Failed answers per question node. */
  retries: Record<string, number>;
  pending: PendingEffect | null;
  error: { code: string; message: string } | null;
  /** Unix milliseconds. */
  startedAt: number;
  updatedAt: number;
  expiresAt: number;
}

export type MediaKind = "image" | "voice" | "video" | "shortvideo" | "location" | "link";

export type HttpResult =
  | { ok: true; status: number; body: unknown }
  | { ok: false; reason: "timeout" | "network" | "status"; status?: number; message?: string };

export type Input =
  /** A text message; `menuId` is WeChat's `bizmsgmenuid` when the follower clicked an option link. */
  | { type: "text"; text: string; menuId?: string }
  | { type: "media"; media: MediaKind; mediaId?: string; url?: string; label?: string }
  | { type: "event"; event: "subscribe"; scene?: string }
  | { type: "event"; event: "unsubscribe" }
  | { type: "event"; event: "scan"; scene: string }
  | { type: "event"; event: "click"; key: string }
  | { type: "event"; event: "view"; url: string }
  /** The agent closed the follower's session in WeChat's customer service (kf_close_session). */
  | { type: "event"; event: "handoffClosed" }
  /** The outcome of an effect the engine asked the host to perform. */
  | { type: "effectResult"; requestId: string; result: HttpResult };

/** Messages as WeChat will deliver them; `nodeId` tells which node said it. */
export type Reply = { nodeId: string; flowId: string } & (
  | { type: "text"; text: string }
  | { type: "image"; mediaId: string; previewUrl?: string }
  | { type: "voice"; mediaId: string }
  | { type: "video"; mediaId: string; title?: string; description?: string }
  | { type: "news"; articles: Article[] }
);

export type Effect =
  | {
      type: "http";
      requestId: string;
      nodeId: string;
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
      timeoutMs: number;
    }
  | {
      type: "handoff";
      nodeId: string;
      reason: string;
      priority: HandoffPriority;
      kfAccount?: string;
    }
  | { type: "tag"; nodeId: string; add: string[]; remove: string[] }
  | { type: "delayedSend"; nodeId: string; afterSeconds: number; replies: Reply[] };

export type TraceEntry =
  | { type: "trigger"; flowId: string; triggerId: string }
  | { type: "node"; flowId: string; nodeId: string }
  | { type: "edge"; flowId: string; edgeId: string }
  | { type: "expired"; flowId: string }
  | { type: "note"; message: string }
  /**
   * A node whose messages were not sent and the flow went on as if they had been:
   * `promotionalAtNight` = promotional content for a follower tagged 未成年 between 22:00 and 6:00.
   */
  | { type: "withheld"; flowId: string; nodeId: string; reason: "promotionalAtNight" };

export interface StepArgs {
  catalog: FlowCatalog;
  /** The follower's session, or null for none. */
  session: Session | null;
  /** The version the session is pinned to, when it is no longer the catalog's latest. */
  sessionFlow?: VersionedFlow;
  follower: FollowerView;
  input: Input;
  /** Unix milliseconds, from the host's clock (or the simulator's). */
  now: number;
  /** Seed for this step's random draws (A/B splits); same seed, same result. */
  seed: number;
}

export interface StepResult {
  /** The new session, or null when the follower has no conversation. */
  session: Session | null;
  replies: Reply[];
  effects: Effect[];
  trace: TraceEntry[];
  /** The follower after tag and A/B changes; the host stores it. */
  follower: FollowerView;
}
