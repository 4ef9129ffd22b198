// The SQLite store's writes as plain synchronous operations on one connection, with no transaction
// of their own: the store runs them in-process, the writer thread runs them on its own connection.
import type Database from "better-sqlite3";
import type { Session } from "../../shared/engine";
import { type Flow, flowSchema, sameFlowContent } from "../../shared/schema";
import type { LogTable } from "./logPurge";
import { DuplicateTurnError } from "./storeErrors";
import type { FlowVersionRow } from "./storeRows";
import type {
  FlowRunUpdate,
  FollowerRecord,
  MessageLogEntry,
  OutboundStatus,
  PendingTurn,
  ServiceWindowKind,
  TurnCommit,
} from "./types";

/** One write, as data: it crosses to the writer thread by structured clone. */
export type WriteOp =
  | { op: "turns"; turns: readonly TurnCommit[] }
  | { op: "accept"; pending: PendingTurn }
  | { op: "log"; entries: readonly MessageLogEntry[] }
  | { op: "enqueue"; items: TurnCommit["outbound"]; now: number }
  | {
      op: "mark";
      id: number;
      status: OutboundStatus;
      attempts: number;
      notBefore: number | null;
      /** Keep last_error as it is (the update did not mention it). */
      keepError: boolean;
      lastError: string | null;
      /** With status `sent`: the send, recorded in service_sends (see Store.markOutbound). */
      spent: { window: ServiceWindowKind; at: number } | null;
    }
  | { op: "saveFollower"; follower: FollowerRecord }
  | { op: "saveSession"; openid: string; session: Session | null }
  /** One chunk of the expired-session purge: at most `limit` sessions (see Store.purgeExpiredSessions). */
  | { op: "purgeSessionChunk"; now: number; limit: number }
  /** One chunk of the processed-id purge: at most `limit` ids (see Store.purgeProcessed). */
  | { op: "purgeProcessedChunk"; before: number; limit: number }
  /**
   * One chunk of a retention purge: at most `limit` rows of one table, or runs with their nodes
   * (see Store.purgeMessageLog).
   */
  | { op: "purgeLogChunk"; table: LogTable; before: number; limit: number }
  /** One chunk of the recorded sends' purge: at most `limit` sends (see Store.purgeSends). */
  | { op: "purgeSendsChunk"; before: number; limit: number }
  /**
   * `flow` is the schema-parsed flow as JSON. With `ifChanged`, nothing is written when the latest
   * version already has its content (see Store.publishFlowIfChanged).
   */
  | { op: "publish"; flowId: string; flow: string; now: number; note: string; ifChanged: boolean }
  /** `menu` is the schema-parsed menu document as JSON; returns the new version. */
  | { op: "menuPublish"; menu: string; now: number }
  /** Not a write: sets the connection's page cap (see SqliteStoreOptions.maxPageCount). */
  | { op: "maxPageCount"; pages: number };

/**
 * What an op returns: rows changed (mark, purge chunks), the new version (publish, menuPublish) or the latest
 * version's row when its content was there already (publish with `ifChanged`), the openids whose
 * sessions were deleted (purgeSessionChunk), for `log` the messages in and out per follower as
 * `[openid, in, out]`, or the page cap SQLite applied (maxPageCount).
 */
export type WriteResult =
  | number
  | FlowVersionRow
  | string[]
  | Array<[string, number, number]>
  | undefined;

export interface SqliteWrites {
  /** Runs one op inside the caller's transaction; throws raw SQLite errors or DuplicateTurnError. */
  run(op: WriteOp): WriteResult;
}

type Totals = { in: number; out: number };

/**
 * Whether a stored flow (JSON) says the same as `flow`. One that no longer reads as a flow repeats
 * nothing: publishing puts a readable version in front of it.
 */
function repeats(stored: string, flow: Flow): boolean {
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return false;
  }
  const live = flowSchema.safeParse(json);
  return live.success && sameFlowContent(live.data, flow);
}

/** This turn's messages in and out of its own follower (what the store adds to its counters). */
export function followerCounts(turn: TurnCommit): Totals {
  const counts = { in: 0, out: 0 };
  for (const entry of turn.log) {
    if (entry.openid !== turn.follower.openid) continue;
    counts[entry.direction === "in" ? "in" : "out"] += 1;
  }
  return counts;
}

function followerParams(f: FollowerRecord) {
  return {
    openid: f.openid,
    first_seen_at: f.firstSeenAt,
    last_seen_at: f.lastSeenAt,
    subscribed: f.subscribed ? 1 : 0,
    scene: f.scene,
    tags: JSON.stringify(f.tags),
    ab: JSON.stringify(f.ab),
    messages_in: f.messagesIn,
    messages_out: f.messagesOut,
    last_message_at: f.lastMessageAt,
    last_event_at: f.lastEventAt,
    last_active_at: f.lastActiveAt,
    interaction_days: JSON.stringify(f.interactionDays),
  };
}

function sessionParams(openid: string, s: Session) {
  return {
    openid,
    session: JSON.stringify(s),
    flow_id: s.flowId,
    flow_version: s.flowVersion,
    status: s.status,
    updated_at: s.updatedAt,
    expires_at: s.expiresAt,
  };
}

function runParams(openid: string, run: FlowRunUpdate) {
  return {
    openid,
    flow_id: run.flowId,
    started_at: run.startedAt,
    version: run.version,
    last_node_id: run.lastNodeId,
    outcome: run.outcome,
    expires_at: run.expiresAt,
  };
}

function messageParams(m: MessageLogEntry) {
  return {
    openid: m.openid,
    direction: m.direction,
    at: m.at,
    msg_type: m.msgType,
    content: m.content,
    channel: m.channel ?? null,
    flow_id: m.flowId ?? null,
    flow_version: m.flowVersion ?? null,
    node_id: m.nodeId ?? null,
  };
}

export const FOLLOWER_COLUMNS = `openid, first_seen_at, last_seen_at, subscribed, scene, tags, ab,
  messages_in, messages_out, last_message_at, last_event_at, last_active_at, interaction_days`;
const FOLLOWER_VALUES = `@openid, @first_seen_at, @last_seen_at, @subscribed, @scene, @tags, @ab,
  @messages_in, @messages_out, @last_message_at, @last_event_at, @last_active_at, @interaction_days`;
const FOLLOWER_UPDATE = `first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at,
  subscribed = excluded.subscribed, scene = excluded.scene, tags = excluded.tags, ab = excluded.ab,
  last_message_at = excluded.last_message_at, last_event_at = excluded.last_event_at,
  last_active_at = excluded.last_active_at, interaction_days = excluded.interaction_days`;

export function createSqliteWrites(db: Database.Database): SqliteWrites {
  const q = {
    publishFlow: db.prepare<{ flow_id: string; flow: string; published_at: number; note: string }>(
      `INSERT INTO flow_versions (flow_id, version, flow, published_at, note)
       SELECT @flow_id, COALESCE(MAX(version), 0) + 1, @flow, @published_at, @note
       FROM flow_versions WHERE flow_id = @flow_id
       RETURNING version`,
    ),
    recordMenuPublish: db
      .prepare<[string, number], number>(
        `INSERT INTO menu_publishes (version, menu, published_at)
         SELECT COALESCE(MAX(version), 0) + 1, ?, ? FROM menu_publishes
         RETURNING version`,
      )
      .pluck(),
    latestFlowVersion: db.prepare<[string], FlowVersionRow>(
      `SELECT flow_id, version, flow, published_at, note FROM flow_versions
       WHERE flow_id = ? ORDER BY version DESC LIMIT 1`,
    ),
    saveFollower: db.prepare(
      `INSERT INTO followers (${FOLLOWER_COLUMNS}) VALUES (${FOLLOWER_VALUES})
       ON CONFLICT (openid) DO UPDATE SET ${FOLLOWER_UPDATE},
         messages_in = excluded.messages_in, messages_out = excluded.messages_out`,
    ),
    // In a turn the counters are advanced by the turn's log, never overwritten (see TurnCommit).
    commitFollower: db.prepare(
      `INSERT INTO followers (${FOLLOWER_COLUMNS}) VALUES (${FOLLOWER_VALUES})
       ON CONFLICT (openid) DO UPDATE SET ${FOLLOWER_UPDATE},
         messages_in = messages_in + excluded.messages_in,
         messages_out = messages_out + excluded.messages_out`,
    ),
    saveSession: db.prepare(
      `INSERT INTO sessions (openid, session, flow_id, flow_version, status, updated_at, expires_at)
       VALUES (@openid, @session, @flow_id, @flow_version, @status, @updated_at, @expires_at)
       ON CONFLICT (openid) DO UPDATE SET session = excluded.session, flow_id = excluded.flow_id,
         flow_version = excluded.flow_version, status = excluded.status,
         updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
    ),
    deleteSession: db.prepare<[string]>("DELETE FROM sessions WHERE openid = ?"),
    // Picked through sessions_expires_at, soonest expired first, and checked by this statement
    // itself: a session a turn has renewed by then is not picked. RETURNING tells the store's
    // cache whom to forget.
    purgeSessionChunk: db
      .prepare<[number, number], string>(
        `DELETE FROM sessions WHERE openid IN (
           SELECT openid FROM sessions WHERE expires_at < ? ORDER BY expires_at LIMIT ?)
         RETURNING openid`,
      )
      .pluck(),
    // A new id, or one recorded as pending (answered at the deadline) that this commit completes;
    // no change means the turn was committed already.
    insertProcessed: db.prepare<[string, string, number]>(
      `INSERT INTO processed (dedup_key, reply, at) VALUES (?, ?, ?)
       ON CONFLICT (dedup_key) DO UPDATE SET pending = NULL WHERE processed.pending IS NOT NULL`,
    ),
    acceptProcessed: db.prepare<[string, string, number, string]>(
      "INSERT INTO processed (dedup_key, reply, at, pending) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    // Oldest first through processed_at; ids arrive in time order, so a chunk's rows share pages.
    // A pending turn is kept whatever its age: it is still to be finished.
    purgeProcessedChunk: db.prepare<[number, number]>(
      `DELETE FROM processed WHERE rowid IN (
         SELECT rowid FROM processed WHERE at < ? AND pending IS NULL ORDER BY at LIMIT ?)`,
    ),
    // By ids picked through an index (messages_at, outbound_due), so a chunk reads only what it deletes.
    purgeMessages: db.prepare<[number, number]>(
      "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE at < ? LIMIT ?)",
    ),
    // A pending row is never deleted: it is still to be sent, and it holds its follower's order.
    purgeOutbound: db.prepare<{ before: number; limit: number }>(
      `DELETE FROM outbound WHERE id IN (
         SELECT id FROM outbound
         WHERE status IN ('sent', 'failed') AND not_before < @before AND created_at < @before
         LIMIT @limit)`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (openid, direction, at, msg_type, content, channel, flow_id, flow_version, node_id)
       VALUES (@openid, @direction, @at, @msg_type, @content, @channel, @flow_id, @flow_version, @node_id)`,
    ),
    bumpFollowerCounters: db.prepare<[number, number, string]>(
      "UPDATE followers SET messages_in = messages_in + ?, messages_out = messages_out + ? WHERE openid = ?",
    ),
    bumpCounter: db.prepare<[number, string]>(
      "UPDATE counters SET value = value + ? WHERE name = ?",
    ),
    // A run a turn started; two started in one millisecond are one run (see flowRuns.ts).
    startRun: db
      .prepare<ReturnType<typeof runParams>, number>(
        `INSERT INTO flow_runs (openid, flow_id, started_at, version, last_node_id, outcome, expires_at)
         VALUES (@openid, @flow_id, @started_at, @version, @last_node_id, @outcome, @expires_at)
         ON CONFLICT (openid, flow_id, started_at) DO UPDATE SET
           last_node_id = COALESCE(excluded.last_node_id, last_node_id),
           outcome = excluded.outcome, expires_at = excluded.expires_at
         RETURNING id`,
      )
      .pluck(),
    // A run goes on only while stored and open: one that began before runs were counted (or was
    // purged) has no row, and an ended one stays as it ended.
    continueRun: db
      .prepare<ReturnType<typeof runParams>, number>(
        `UPDATE flow_runs SET last_node_id = COALESCE(@last_node_id, last_node_id),
           outcome = @outcome, expires_at = @expires_at
         WHERE openid = @openid AND flow_id = @flow_id AND started_at = @started_at
           AND outcome = 'open'
         RETURNING id`,
      )
      .pluck(),
    // With the run's flow, start day and version, by which the report counts (migration 8).
    reachNode: db.prepare<[string, number]>(
      `INSERT OR IGNORE INTO flow_run_nodes (flow_id, node_id, start_day, version, run_id)
       SELECT flow_id, ?, start_day, version, id FROM flow_runs WHERE id = ?`,
    ),
    // The oldest runs through flow_runs_started_at; in one transaction both statements pick the
    // same runs, so their node rows go with them.
    purgeRunNodes: db.prepare<[number, number]>(
      `DELETE FROM flow_run_nodes WHERE run_id IN (
         SELECT id FROM flow_runs WHERE started_at < ? ORDER BY started_at, id LIMIT ?)`,
    ),
    purgeRuns: db.prepare<[number, number]>(
      `DELETE FROM flow_runs WHERE id IN (
         SELECT id FROM flow_runs WHERE started_at < ? ORDER BY started_at, id LIMIT ?)`,
    ),
    // scheduled_at: its place in the follower's order, kept when a retry moves not_before on.
    insertOutbound: db.prepare<[string, string, number, number, number]>(
      `INSERT INTO outbound (openid, payload, created_at, not_before, scheduled_at, attempts, status)
       VALUES (?, ?, ?, ?, ?, 0, 'pending')`,
    ),
    markOutbound: db.prepare(
      `UPDATE outbound SET status = @status, attempts = @attempts,
         not_before = COALESCE(@not_before, not_before),
         last_error = CASE WHEN @keep_error THEN last_error ELSE @last_error END
       WHERE id = @id`,
    ),
    recordSend: db.prepare<{ id: number; window_kind: ServiceWindowKind; sent_at: number }>(
      `INSERT INTO service_sends (outbound_id, openid, window_kind, sent_at)
       SELECT id, openid, @window_kind, @sent_at FROM outbound WHERE id = @id
       ON CONFLICT (outbound_id) DO UPDATE SET
         window_kind = excluded.window_kind, sent_at = excluded.sent_at`,
    ),
    // Oldest first through service_sends_sent_at, like the processed ids.
    purgeSendsChunk: db.prepare<[number, number]>(
      `DELETE FROM service_sends WHERE outbound_id IN (
         SELECT outbound_id FROM service_sends WHERE sent_at < ? ORDER BY sent_at LIMIT ?)`,
    ),
  };

  /** Appends to the log, adding to `totals`; the caller bumps the store-wide counters once. */
  function appendLog(entries: readonly MessageLogEntry[], totals: Totals): void {
    for (const entry of entries) {
      q.insertMessage.run(messageParams(entry));
      totals[entry.direction === "in" ? "in" : "out"] += 1;
    }
  }
  function bumpCounters(totals: Totals): void {
    if (totals.in) q.bumpCounter.run(totals.in, "messagesIn");
    if (totals.out) q.bumpCounter.run(totals.out, "messagesOut");
  }
  function writeOutbound(items: TurnCommit["outbound"], now: number): void {
    for (const item of items) {
      q.insertOutbound.run(item.openid, item.payload, now, item.notBefore, item.notBefore);
    }
  }

  function writeRuns(openid: string, runs: readonly FlowRunUpdate[]): void {
    for (const run of runs) {
      const params = runParams(openid, run);
      const id = run.started ? q.startRun.get(params) : q.continueRun.get(params);
      if (id === undefined) continue;
      for (const nodeId of run.reached) q.reachNode.run(nodeId, id);
    }
  }

  function purgeLogChunk(table: LogTable, before: number, limit: number): number {
    switch (table) {
      case "messages":
        return q.purgeMessages.run(before, limit).changes;
      case "outbound":
        return q.purgeOutbound.run({ before, limit }).changes;
      case "runs":
        q.purgeRunNodes.run(before, limit);
        return q.purgeRuns.run(before, limit).changes;
    }
  }

  function writeTurn(turn: TurnCommit, totals: Totals): void {
    if (q.insertProcessed.run(turn.dedupKey, turn.reply, turn.now).changes === 0) {
      throw new DuplicateTurnError(turn.dedupKey);
    }
    appendLog(turn.log, totals);
    writeOutbound(turn.outbound, turn.now);
    const openid = turn.follower.openid;
    if (turn.session) q.saveSession.run(sessionParams(openid, turn.session));
    else q.deleteSession.run(openid);
    writeRuns(openid, turn.runs);
    const counts = followerCounts(turn);
    q.commitFollower.run({
      ...followerParams(turn.follower),
      messages_in: counts.in,
      messages_out: counts.out,
    });
  }

  function run(op: WriteOp): WriteResult {
    switch (op.op) {
      case "turns": {
        const totals = { in: 0, out: 0 };
        for (const turn of op.turns) writeTurn(turn, totals);
        bumpCounters(totals);
        return undefined;
      }
      case "accept": {
        const { dedupKey, reply, at, openid, resume } = op.pending;
        const pending = JSON.stringify({ openid, resume });
        if (q.acceptProcessed.run(dedupKey, reply, at, pending).changes === 0) {
          throw new DuplicateTurnError(dedupKey);
        }
        return undefined;
      }
      case "log": {
        const totals = { in: 0, out: 0 };
        appendLog(op.entries, totals);
        bumpCounters(totals);
        const perFollower = new Map<string, Totals>();
        for (const e of op.entries) {
          const t = perFollower.get(e.openid) ?? { in: 0, out: 0 };
          t[e.direction === "in" ? "in" : "out"] += 1;
          perFollower.set(e.openid, t);
        }
        const counts: Array<[string, number, number]> = [];
        for (const [openid, t] of perFollower) {
          q.bumpFollowerCounters.run(t.in, t.out, openid);
          counts.push([openid, t.in, t.out]);
        }
        return counts;
      }
      case "enqueue":
        writeOutbound(op.items, op.now);
        return undefined;
      case "mark": {
        const changes = q.markOutbound.run({
          id: op.id,
          status: op.status,
          attempts: op.attempts,
          not_before: op.notBefore,
          keep_error: op.keepError ? 1 : 0,
          last_error: op.lastError,
        }).changes;
        if (changes > 0 && op.status === "sent" && op.spent) {
          q.recordSend.run({ id: op.id, window_kind: op.spent.window, sent_at: op.spent.at });
        }
        return changes;
      }
      case "saveFollower":
        q.saveFollower.run(followerParams(op.follower));
        return undefined;
      case "saveSession":
        if (op.session) q.saveSession.run(sessionParams(op.openid, op.session));
        else q.deleteSession.run(op.openid);
        return undefined;
      case "purgeSessionChunk":
        return q.purgeSessionChunk.all(op.now, op.limit);
      case "purgeProcessedChunk":
        return q.purgeProcessedChunk.run(op.before, op.limit).changes;
      case "purgeLogChunk":
        return purgeLogChunk(op.table, op.before, op.limit);
      case "purgeSendsChunk":
        return q.purgeSendsChunk.run(op.before, op.limit).changes;
      case "publish": {
        // Read in the same transaction as the insert: no other publish can slip in between.
        if (op.ifChanged) {
          const live = q.latestFlowVersion.get(op.flowId);
          if (live?.flow !== undefined && repeats(live.flow, JSON.parse(op.flow) as Flow)) {
            return live;
          }
        }
        const row = q.publishFlow.get({
          flow_id: op.flowId,
          flow: op.flow,
          published_at: op.now,
          note: op.note,
        }) as { version: number };
        return row.version;
      }
      case "menuPublish":
        return q.recordMenuPublish.get(op.menu, op.now) as number;
      case "maxPageCount":
        return db.pragma(`max_page_count = ${op.pages}`, { simple: true }) as number;
    }
  }

  return { run };
}
