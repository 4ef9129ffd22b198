// The storage contract the runtime and the admin API talk to; one driver per database (SQLite now).

import type { Session } from "../../shared/engine";
import type { MenuDocument } from "../../shared/menu";
import type { Flow } from "../../shared/schema";

export interface FollowerRecord {
  openid: string;
  /** Unix milliseconds. */
  firstSeenAt: number;
  lastSeenAt: number;
  subscribed: boolean;
  /** QR scene of the follow or the last scan, without `qrscene_`. */
  scene: string | null;
  tags: string[];
  /** Sticky A/B assignments, `${flowId}/${nodeId}` → branch id. */
  ab: Record<string, string>;
  messagesIn: number;
  messagesOut: number;
  /** Unix ms of the follower's last message (opens the 48-hour customer-service window). */
  lastMessageAt: number | null;
  /** Unix ms of the last menu click, follow or scan (opens the 1-minute window). */
  lastEventAt: number | null;
  /**
   * Unix ms of the follower's last doing of their own: a message, a follow, a scan or any menu tap
   * (a link too, which opens no window). The segments' days silent count from it.
   */
  lastActiveAt: number | null;
  /**
   * Interactions (messages, follows, scans, menu taps) per day of the last 30, oldest first: the
   * segments' "interactions" (see server/runtime/interactions.ts).
   */
  interactionDays: InteractionDay[];
}

/** A day (days since 1970-01-01 in China, UTC+8) and the follower's interactions on it. */
export type InteractionDay = [day: number, count: number];

export interface PublishedFlow {
  flowId: string;
  /** 1, 2, 3 … per flow; never reused. */
  version: number;
  flow: Flow;
  publishedAt: number;
  note: string;
}
export type PublishedFlowSummary = Omit<PublishedFlow, "flow">;

/** What Store.publishFlowIfChanged did. */
export interface FlowPublishResult {
  /** The new version, or with `unchanged` the latest one, whose content the flow repeats. */
  published: PublishedFlow;
  /** Nothing was stored: the latest version already says the same (see sameFlowContent). */
  unchanged: boolean;
  /** With `unchanged`: node positions differ from it, which is no reason for a version. */
  layoutChanged: boolean;
}

export interface MessageLogEntry {
  openid: string;
  direction: "in" | "out";
  at: number;
  /** text, image, event, … as WeChat names it. */
  msgType: string;
  /** JSON text of what was received or sent. */
  content: string;
  /** passive (the HTTP reply), custom (customer-service API), template. */
  channel?: "passive" | "custom" | "template";
  flowId?: string | null;
  flowVersion?: number | null;
  nodeId?: string | null;
}

export type OutboundStatus = "pending" | "sent" | "failed";
export interface OutboundMessage {
  id: number;
  openid: string;
  /** The customer-service API body (touser, msgtype, …) as JSON text. */
  payload: string;
  createdAt: number;
  /** Not to be sent before this (delayed sends, retry back-off). */
  notBefore: number;
  attempts: number;
  status: OutboundStatus;
  lastError: string | null;
}

/**
 * Which customer-service allowance a send used: the 48 hours after the follower's message, or the
 * minute after a click, follow or scan (see server/runtime/serviceWindow.ts).
 */
export type ServiceWindowKind = "message" | "event";

/** A customer-service message that went out, as recorded for the quota (see Store.recentSends). */
export interface ServiceSend {
  openid: string;
  window: ServiceWindowKind;
  /** Unix ms of the send. */
  at: number;
}

/**
 * What a follower has spent of a window still open: how many sends, when the last went (see
 * Store.sendsInOpenWindows).
 */
export interface OpenWindowSends {
  openid: string;
  window: ServiceWindowKind;
  count: number;
  /** Unix ms of the latest of them. */
  lastAt: number;
}

/**
 * What the runtime writes at the end of one follower turn, atomically.
 * `follower` is stored as given except its `messagesIn`/`messagesOut`: the store advances those
 * by this turn's `log` entries (per direction, for that openid), so the runtime need not count and a
 * stale copy of the follower cannot roll them back.
 */
export interface TurnCommit {
  dedupKey: string;
  /** The passive reply body sent back to WeChat (XML or `success`); replayed to retries. */
  reply: string;
  follower: FollowerRecord;
  session: Session | null;
  log: MessageLogEntry[];
  outbound: Array<Pick<OutboundMessage, "openid" | "payload" | "notBefore">>;
  /** The follower's flow runs this turn started, moved on or ended (server/runtime/flowRuns.ts). */
  runs: FlowRunUpdate[];
  now: number;
}

/**
 * How a flow run (一次会话: one follower's conversation in one flow) ended, counted at its last node:
 * `open` while its session may go on (active or waiting; the report tells in-progress from dropped
 * by `expiresAt`), else `completed` (done, or left by a jump into another flow), `handedOff` (with
 * people, whatever came after), `error`, or `dropped` (replaced by another trigger, a restart or
 * the fallback, unsubscribed, expired). See the README's funnel section.
 */
export type FlowRunOutcome = "open" | "completed" | "handedOff" | "error" | "dropped";

/**
 * What one turn did to one of its follower's runs, keyed by (openid, flowId, startedAt). A run
 * `started` in the turn is created (pinned to `version`); any other is only changed while it is
 * stored and still open: a run begun before counting did, or already ended, stays as it is.
 */
export interface FlowRunUpdate {
  flowId: string;
  /** The session's startedAt: when a trigger, restart, fallback or jump started the run. */
  startedAt: number;
  version: number;
  started: boolean;
  /** The nodes the run visited in this turn, each once, in order of first visit. */
  reached: string[];
  /** The last node it visited in this turn; null when it visited none (the stored one stays). */
  lastNodeId: string | null;
  outcome: FlowRunOutcome;
  /** While `open`, when its session expires; once ended, when it ended. */
  expiresAt: number;
}

/**
 * A message WeChat was answered for before its turn was stored (the reply deadline came first):
 * recorded so that a restart finishes the turn instead of losing it.
 */
export interface PendingTurn {
  dedupKey: string;
  openid: string;
  /** The passive reply body WeChat got (XML or `success`); replayed to retries. */
  reply: string;
  /** When it was recorded (Unix ms); pending turns are finished in this order. */
  at: number;
  /** What the runtime needs to finish the turn, opaque to the store. */
  resume: string;
}

/** What GET /healthz reports of the store; reading it proves the database answers. */
export interface StoreHealth {
  /** Customer-service messages waiting to be sent (delayed ones included). */
  outboundPending: number;
  /** Of those, the ones due by now. */
  outboundDue: number;
  /** When the longest-waiting due message was due (Unix ms); null when none is due. */
  oldestDueAt: number | null;
  /** Turns answered at the deadline and not stored yet (see PendingTurn). */
  pendingTurns: number;
  /** Where writes run: on their worker thread, or in the server's own thread (after it failed). */
  writes: "thread" | "in-process";
  /** Why writes are refused right now (the database is full), or null while they are not. */
  writesRefused: string | null;
}

/** What one purge of the message log removed (see Store.purgeMessageLog). */
export interface LogPurgeResult {
  /** Message-log rows. */
  messages: number;
  /** Finished (sent or failed) outbound queue rows. */
  outbound: number;
  /** Flow runs (with the rows of the nodes they reached). */
  runs: number;
}

export interface LogPurgeOptions {
  /**
   * Rows deleted per transaction (default 250; 100 for sessions, 1,000 for processed ids and
   * recorded sends), so other writes never wait long for the lock.
   */
  chunkRows?: number;
  /** Stops between chunks (server shutdown); the result counts what was deleted until then. */
  signal?: AbortSignal;
}

/** Which runs a funnel report counts (see Store.funnelReport). */
export interface FunnelQuery {
  flowId: string;
  /** Only runs pinned to this version; all versions together when absent. */
  version?: number;
  /**
   * Only runs that reached this node (at any point of the run): every count of the report, its
   * versions included, is then about them. All runs when absent.
   */
  through?: string;
  /** Runs started on these days (days since 1970-01-01 in China, UTC+8), both included. */
  fromDay: number;
  toDay: number;
  /** Unix ms: an open run whose session expired before this counts as dropped, else in progress. */
  now: number;
}

/** A node's runs: those that reached it, and those whose last node it is, by outcome. */
export interface FunnelNodeCounts {
  reached: number;
  inProgress: number;
  completed: number;
  dropped: number;
  handedOff: number;
  errors: number;
}

export interface FunnelReport {
  /** Every version with runs in the period (whatever the query's version), newest first. */
  versions: Array<{ version: number; runs: number }>;
  /** Runs started in the period, of the query's version or all. */
  runs: number;
  /** By node id; only nodes some run reached. */
  nodes: Record<string, FunnelNodeCounts>;
  /** Unix ms when runs began to be counted (the upgrade that added them). */
  since: number;
}

/** A custom menu WeChat accepted (see Store.recordMenuPublish). */
export interface MenuPublish {
  /** 1, 2, 3 …; never reused. */
  version: number;
  /** Unix ms. */
  publishedAt: number;
  menu: MenuDocument;
}

/** Store-wide totals, kept up to date by commitTurn and logMessages. */
export interface StoreCounters {
  messagesIn: number;
  messagesOut: number;
}

/**
 * Every method may reject with StoreCorruptError (a row that does not read back, naming table and
 * key) — see `storeErrors.ts`. Times are Unix milliseconds passed in by the caller.
 */
export interface Store {
  // Published flow versions: immutable, numbered per flow.
  /** Stores `flow` as version max+1 of `flow.id` (1 for the first); throws StoreInputError if invalid. */
  publishFlow(flow: Flow, now: number, note?: string): Promise<PublishedFlow>;
  /**
   * What a marketer's publish (or rollback) does: like publishFlow, unless the latest version of
   * `flow.id` already has the same content (sameFlowContent: positions and key order do not
   * count). Then nothing is stored, `note` included, and that version comes back `unchanged`.
   * The comparison is part of the publish's own write, so of identical publishes at the same
   * moment exactly one makes a version.
   */
  publishFlowIfChanged(flow: Flow, now: number, note?: string): Promise<FlowPublishResult>;
  /** The newest version of every published flow, ordered by flow id. */
  latestFlows(): Promise<PublishedFlow[]>;
  getFlowVersion(flowId: string, version: number): Promise<PublishedFlow | undefined>;
  /** Newest first; empty for a flow never published. */
  listFlowVersions(flowId: string): Promise<PublishedFlowSummary[]>;

  // The custom menu's publishes: a record of what WeChat accepted, numbered 1, 2, 3 ….
  /** Records `menu` as the next version; throws StoreInputError if it is not a menu document. */
  recordMenuPublish(menu: MenuDocument, now: number): Promise<Omit<MenuPublish, "menu">>;
  /** The last `limit` publishes, newest first. */
  listMenuPublishes(limit: number): Promise<MenuPublish[]>;

  getFollower(openid: string): Promise<FollowerRecord | undefined>;
  /** Inserts or replaces the whole record (counters included, as given). */
  saveFollower(follower: FollowerRecord): Promise<void>;
  countFollowers(): Promise<number>;

  getSession(openid: string): Promise<Session | undefined>;
  /** null deletes the follower's session. */
  saveSession(openid: string, session: Session | null): Promise<void>;
  /**
   * Deletes sessions whose expiresAt is before `now` (never one a turn has renewed meanwhile), in
   * chunks of `chunkRows`, each its own transaction, until none is left or `signal` aborts; returns
   * how many.
   */
  purgeExpiredSessions(now: number, options?: LogPurgeOptions): Promise<number>;

  /** The stored reply of a message already handled (for WeChat's retries), or undefined. */
  processedReply(dedupKey: string): Promise<string | undefined>;
  /**
   * Writes the whole turn (follower, session, log, outbound, flow runs, processed id) in one
   * transaction: all or nothing. Rejects with DuplicateTurnError, writing nothing, when `dedupKey` was already committed.
   */
  commitTurn(turn: TurnCommit): Promise<void>;
  /**
   * Records a message answered before its turn was stored (see PendingTurn): its processed id, so
   * retries get `reply`, and what finishes it. The turn's commitTurn later completes it; until
   * then it is listed by pendingTurns and never purged. Rejects with DuplicateTurnError when the
   * id was already committed or recorded.
   */
  acceptTurn(pending: PendingTurn): Promise<void>;
  /** Recorded turns not yet committed, oldest first (for the runtime to finish at start). */
  pendingTurns(): Promise<PendingTurn[]>;
  /** A cheap read of the outbound queue and pending turns; rejects when the database cannot answer. */
  health(now: number): Promise<StoreHealth>;
  /**
   * Forgets processed ids older than `before` (Unix ms), in chunks of `chunkRows` (each its own
   * transaction) until none is left or `signal` aborts; returns how many.
   */
  purgeProcessed(before: number, options?: LogPurgeOptions): Promise<number>;

  /** Appends to the log (e.g. messages sent later from the outbound queue); advances the counters. */
  logMessages(entries: MessageLogEntry[]): Promise<void>;
  /** The follower's last `limit` messages, oldest first (ties on `at` in the order written). */
  listMessages(openid: string, limit: number): Promise<MessageLogEntry[]>;
  counters(): Promise<StoreCounters>;
  /**
   * Retention: deletes message-log rows with `at` before `before`, outbound rows that are `sent`
   * or `failed` and were created and last due before it, and flow runs started before it with the
   * nodes they reached. A `pending` outbound row is never deleted,
   * whatever its age. Deletes in chunks of `chunkRows`, each its own transaction, until nothing
   * older is left. Counters (store-wide and each follower's) are untouched: they count what ever
   * went in and out, not what the log still holds.
   */
  purgeMessageLog(before: number, options?: LogPurgeOptions): Promise<LogPurgeResult>;

  /**
   * The per-node funnel of a flow's runs that started in the query's days (see FunnelReport).
   * A run is counted once per node it reached, and once by its outcome at its last node: `open`
   * runs as in progress, or as dropped once their session expired before `now`.
   */
  funnelReport(query: FunnelQuery): Promise<FunnelReport>;

  enqueueOutbound(items: TurnCommit["outbound"], now: number): Promise<void>;
  /**
   * Pending messages due by `now`, oldest (lowest id) first. A follower's messages go in the order
   * they were scheduled (their first `notBefore`, then enqueue order), and only a follower's first
   * pending message in that order is ever returned: a message waiting for a retry holds up every
   * message scheduled after it (mark it `sent` or `failed` to release the next), while a delayed
   * send holds up nothing scheduled before it.
   */
  dueOutbound(now: number, limit: number): Promise<OutboundMessage[]>;
  /**
   * The messages queued before `now` whose first attempt is next: pending, never attempted, due by
   * `now`, and not behind one of the follower's messages that has been attempted and is still
   * pending (a retry, which may hold everything after it for minutes). Oldest (lowest id) first.
   * The dispatcher counts them when it starts, as a turn counts its own (OutboundDispatcher.expect).
   */
  dueFirstAttempts(now: number): Promise<Array<Pick<OutboundMessage, "id" | "openid">>>;
  /**
   * The followers with a message waiting for a retry (pending, attempted before), which holds up
   * every later message of theirs for seconds or minutes. Each once, in no particular order.
   */
  followersAwaitingRetry(): Promise<string[]>;
  /**
   * Records a send attempt; `notBefore` delays a retry. Throws if `id` does not exist. With status
   * `sent`, `spent` records the send for recentSends, in the same transaction (once per message:
   * marking it again replaces the record); with another status it is ignored.
   */
  markOutbound(
    id: number,
    update: {
      status: OutboundStatus;
      /** Omitted keeps the previous error; null clears it. */
      lastError?: string | null;
      notBefore?: number;
      attempts: number;
      /** The allowance the send used and when it went. */
      spent?: { window: ServiceWindowKind; at: number };
    },
  ): Promise<void>;
  /**
   * The sends recorded by markOutbound's `spent` at or after `since`, oldest first (ties by
   * outbound id): the record as written (tests and tools; the runtime reads sendsInOpenWindows).
   */
  recentSends(since: number): Promise<ServiceSend[]>;
  /**
   * Per follower and allowance, the recorded sends that count against a window still open: of
   * `message`, those at or after the follower's last message, if it came after
   * `openedAfter.message`; of `event`, those at or after their last click, follow or scan, if it
   * came after `openedAfter.event`. How many, and when the latest went; followers with none are
   * left out. A send before its follower's window opened never counts again (a window only opens
   * later), so this is all the runtime needs to rebuild WeChat's quota when it starts. Read once
   * at start: a driver should count in the database, from an index on the send time.
   */
  sendsInOpenWindows(openedAfter: Record<ServiceWindowKind, number>): Promise<OpenWindowSends[]>;
  /**
   * Forgets recorded sends from before `before` (they no longer count against any quota), in
   * chunks of `chunkRows` (each its own transaction) until none is left or `signal` aborts;
   * returns how many. Independent of the retention purge: the outbound rows may go sooner or later.
   */
  purgeSends(before: number, options?: LogPurgeOptions): Promise<number>;

  /** Idempotent. */
  close(): Promise<void>;
}
