// The SQLite driver of the Store (better-sqlite3): WAL, statements prepared once, one transaction per turn.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import type { Session } from "../../shared/engine";
import { type Flow, flowSchema } from "../../shared/schema";
import { type Checkpointer, startCheckpointer } from "./checkpointer";
import { LruMap } from "./lruMap";
import { migrate } from "./migrations";
import { DuplicateTurnError, StoreInputError } from "./storeErrors";
import {
  type FlowVersionRow,
  type FollowerRow,
  flowSummaryFromRow,
  followerFromRow,
  type MessageRow,
  messageFromRow,
  type OutboundRow,
  outboundFromRow,
  publishedFlowFromRow,
  sessionFromJson,
} from "./storeRows";
import type {
  FollowerRecord,
  MessageLogEntry,
  OutboundMessage,
  PublishedFlow,
  Store,
  StoreCounters,
  TurnCommit,
} from "./types";

export interface SqliteStoreOptions {
  /** Fail instead of creating a new database file. */
  fileMustExist?: boolean;
  /** SQLite page cache in KiB (default 16384); a larger cache helps a million-follower database. */
  cacheKiB?: number;
  /**
   * Followers and sessions kept in memory after a read or write (default 50,000 of each), so a turn
   * usually reads neither. Safe because this process is the database's only writer.
   */
  cachedRecords?: number;
  /** Checkpoint the WAL on a worker thread instead of inside commits (the server; see checkpointer.ts). */
  backgroundCheckpoints?: boolean;
}

/** A batch of turns written inside a transaction the caller holds (group commit). */
export interface SqliteTurnWriter {
  /**
   * Writes the turns with no transaction or savepoint of their own; the caller rolls all of it back
   * if this throws (raw SQLite errors or DuplicateTurnError). `store.commitTurn` is the checked,
   * self-contained version.
   */
  write(turns: readonly TurnCommit[]): void;
  /** Call after the caller's COMMIT succeeded: the cache learns what the turns stored. */
  committed(turns: readonly TurnCommit[]): void;
  /** Call when a transaction that wrote through this store was rolled back: forget all cached records. */
  rolledBack(): void;
}

const databases = new WeakMap<Store, Database.Database>();
const turnWriters = new WeakMap<Store, SqliteTurnWriter>();
const checkpointers = new WeakMap<Store, Checkpointer>();

/** The better-sqlite3 handle behind a store made by openSqliteStore (for seeding and benchmarks). */
export function sqliteDatabaseOf(store: Store): Database.Database | undefined {
  return databases.get(store);
}

/** The batch turn writer of a store made by openSqliteStore (group commit). */
export function sqliteTurnWriterOf(store: Store): SqliteTurnWriter | undefined {
  return turnWriters.get(store);
}

/** The background checkpointer's figures, when the store was opened with backgroundCheckpoints. */
export function sqliteCheckpointerOf(store: Store): Checkpointer | undefined {
  return checkpointers.get(store);
}

/** Cached records are shared: frozen, so a caller that changes one fails loudly instead of corrupting it. */
function frozenFollower(f: FollowerRecord): FollowerRecord {
  // The types stay mutable for callers; a write to a frozen record throws in strict mode.
  return Object.freeze({
    ...f,
    tags: Object.freeze([...f.tags]) as string[],
    ab: Object.freeze({ ...f.ab }),
  });
}
function frozenSession(s: Session): Session {
  return Object.freeze({
    ...s,
    variables: Object.freeze({ ...s.variables }),
    retries: Object.freeze({ ...s.retries }),
    pending: s.pending ? Object.freeze({ ...s.pending }) : null,
    error: s.error ? Object.freeze({ ...s.error }) : null,
  });
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

/** Turns a constraint failure into an error that names what was being written. */
function explainWrite(what: string, error: unknown): never {
  if (error instanceof Database.SqliteError && /CONSTRAINT|TYPE|MISMATCH/.test(error.code)) {
    throw new StoreInputError(`Huashu store: cannot write ${what}: ${error.message}`);
  }
  // Binding failures (a missing field, a value SQLite cannot hold), not e.g. "connection is not open".
  if (
    (error instanceof RangeError || error instanceof TypeError) &&
    /bind|parameter|serialize/i.test(error.message)
  ) {
    throw new StoreInputError(`Huashu store: cannot write ${what}: ${error.message}`);
  }
  throw error;
}

const FOLLOWER_COLUMNS = `openid, first_seen_at, last_seen_at, subscribed, scene, tags, ab,
  messages_in, messages_out, last_message_at, last_event_at`;
const FOLLOWER_VALUES = `@openid, @first_seen_at, @last_seen_at, @subscribed, @scene, @tags, @ab,
  @messages_in, @messages_out, @last_message_at, @last_event_at`;
const FOLLOWER_UPDATE = `first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at,
  subscribed = excluded.subscribed, scene = excluded.scene, tags = excluded.tags, ab = excluded.ab,
  last_message_at = excluded.last_message_at, last_event_at = excluded.last_event_at`;

/**
 * Opens (creating folder and file if needed) and migrates a SQLite database. `":memory:"` gives a
 * private in-memory database, gone on close.
 */
export async function openSqliteStore(
  path: string | ":memory:",
  opts: SqliteStoreOptions = {},
): Promise<Store> {
  const inMemory = path === ":memory:";
  const label = inMemory ? ":memory:" : resolve(path);
  if (!inMemory && !opts.fileMustExist) mkdirSync(dirname(label), { recursive: true });
  const db = new Database(inMemory ? ":memory:" : label, {
    fileMustExist: opts.fileMustExist ?? false,
  });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    db.pragma(`cache_size = -${Math.max(2048, Math.floor(opts.cacheKiB ?? 16384))}`);
    migrate(db, label);
  } catch (error) {
    db.close();
    throw error;
  }
  let checkpointer: Checkpointer | undefined;
  if (opts.backgroundCheckpoints && !inMemory) {
    db.pragma("wal_autocheckpoint = 0");
    checkpointer = startCheckpointer(label, {
      onFailure(error) {
        // Nothing is lost: SQLite checkpoints inside commits again, as it does by default.
        if (db.open) db.pragma("wal_autocheckpoint = 1000");
        process.emitWarning(
          `Huashu store: background WAL checkpoints stopped (${error.message}); SQLite checkpoints during commits instead`,
        );
      },
    });
  }
  // Followers and sessions as stored; null = known to have none. Updated only after a commit.
  const cachedRecords = opts.cachedRecords ?? 50_000;
  const followerCache = new LruMap<string, FollowerRecord | null>(cachedRecords);
  const sessionCache = new LruMap<string, Session | null>(cachedRecords);
  const forgetCached = () => {
    followerCache.clear();
    sessionCache.clear();
  };

  const q = {
    publishFlow: db.prepare<{ flow_id: string; flow: string; published_at: number; note: string }>(
      `INSERT INTO flow_versions (flow_id, version, flow, published_at, note)
       SELECT @flow_id, COALESCE(MAX(version), 0) + 1, @flow, @published_at, @note
       FROM flow_versions WHERE flow_id = @flow_id
       RETURNING version`,
    ),
    latestFlows: db.prepare<[], FlowVersionRow>(
      `SELECT f.flow_id, f.version, f.flow, f.published_at, f.note
       FROM flow_versions f
       JOIN (SELECT flow_id, MAX(version) AS version FROM flow_versions GROUP BY flow_id) m
         ON m.flow_id = f.flow_id AND m.version = f.version
       ORDER BY f.flow_id`,
    ),
    getFlowVersion: db.prepare<[string, number], FlowVersionRow>(
      `SELECT flow_id, version, flow, published_at, note FROM flow_versions
       WHERE flow_id = ? AND version = ?`,
    ),
    listFlowVersions: db.prepare<[string], FlowVersionRow>(
      `SELECT flow_id, version, published_at, note FROM flow_versions
       WHERE flow_id = ? ORDER BY version DESC`,
    ),
    getFollower: db.prepare<[string], FollowerRow>(
      `SELECT ${FOLLOWER_COLUMNS} FROM followers WHERE openid = ?`,
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
    countFollowers: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM followers"),
    getSession: db.prepare<[string], { session: string }>(
      "SELECT session FROM sessions WHERE openid = ?",
    ),
    saveSession: db.prepare(
      `INSERT INTO sessions (openid, session, flow_id, flow_version, status, updated_at, expires_at)
       VALUES (@openid, @session, @flow_id, @flow_version, @status, @updated_at, @expires_at)
       ON CONFLICT (openid) DO UPDATE SET session = excluded.session, flow_id = excluded.flow_id,
         flow_version = excluded.flow_version, status = excluded.status,
         updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
    ),
    deleteSession: db.prepare<[string]>("DELETE FROM sessions WHERE openid = ?"),
    purgeSessions: db.prepare<[number]>("DELETE FROM sessions WHERE expires_at < ?"),
    processedReply: db.prepare<[string], { reply: string }>(
      "SELECT reply FROM processed WHERE dedup_key = ?",
    ),
    insertProcessed: db.prepare<[string, string, number]>(
      "INSERT INTO processed (dedup_key, reply, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    purgeProcessed: db.prepare<[number]>("DELETE FROM processed WHERE at < ?"),
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
    counters: db.prepare<[], { name: string; value: number }>("SELECT name, value FROM counters"),
    listMessages: db.prepare<[string, number], MessageRow>(
      `SELECT openid, direction, at, msg_type, content, channel, flow_id, flow_version, node_id
       FROM messages WHERE openid = ? ORDER BY at DESC, id DESC LIMIT ?`,
    ),
    insertOutbound: db.prepare<[string, string, number, number]>(
      `INSERT INTO outbound (openid, payload, created_at, not_before, attempts, status)
       VALUES (?, ?, ?, ?, 0, 'pending')`,
    ),
    dueOutbound: db.prepare<[number, number], OutboundRow>(
      `SELECT o.id, o.openid, o.payload, o.created_at, o.not_before, o.attempts, o.status, o.last_error
       FROM outbound o
       WHERE o.status = 'pending' AND o.not_before <= ?
         AND NOT EXISTS (SELECT 1 FROM outbound e
                         WHERE e.openid = o.openid AND e.status = 'pending' AND e.id < o.id)
       ORDER BY o.id LIMIT ?`,
    ),
    markOutbound: db.prepare(
      `UPDATE outbound SET status = @status, attempts = @attempts,
         not_before = COALESCE(@not_before, not_before),
         last_error = CASE WHEN @keep_error THEN last_error ELSE @last_error END
       WHERE id = @id`,
    ),
  };

  type Totals = { in: number; out: number };
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
  function writeLog(entries: readonly MessageLogEntry[]): void {
    const totals = { in: 0, out: 0 };
    appendLog(entries, totals);
    bumpCounters(totals);
  }

  /** This turn's messages in and out of its own follower (what the store adds to the counters). */
  function followerCounts(turn: TurnCommit): Totals {
    const counts = { in: 0, out: 0 };
    for (const entry of turn.log) {
      if (entry.openid !== turn.follower.openid) continue;
      counts[entry.direction === "in" ? "in" : "out"] += 1;
    }
    return counts;
  }

  function writeOutbound(items: TurnCommit["outbound"], now: number): void {
    for (const item of items) q.insertOutbound.run(item.openid, item.payload, now, item.notBefore);
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
    const counts = followerCounts(turn);
    q.commitFollower.run({
      ...followerParams(turn.follower),
      messages_in: counts.in,
      messages_out: counts.out,
    });
  }
  function writeTurns(turns: readonly TurnCommit[]): void {
    const totals = { in: 0, out: 0 };
    for (const turn of turns) writeTurn(turn, totals);
    bumpCounters(totals);
  }
  const commitTurn = db.transaction((turn: TurnCommit) => writeTurns([turn]));

  /** After a commit: the cache holds what the turn stored (counters advanced as in commitFollower). */
  function rememberTurn(turn: TurnCommit): void {
    const openid = turn.follower.openid;
    const before = followerCache.get(openid);
    if (before === undefined) {
      // Counters unknown without a read: the next getFollower reads the row.
      followerCache.delete(openid);
    } else {
      const counts = followerCounts(turn);
      followerCache.set(
        openid,
        frozenFollower({
          ...turn.follower,
          messagesIn: (before?.messagesIn ?? 0) + counts.in,
          messagesOut: (before?.messagesOut ?? 0) + counts.out,
        }),
      );
    }
    sessionCache.set(openid, turn.session ? frozenSession(turn.session) : null);
  }

  const logMessages = db.transaction((entries: MessageLogEntry[]) => {
    writeLog(entries);
    const perFollower = new Map<string, { in: number; out: number }>();
    for (const e of entries) {
      const t = perFollower.get(e.openid) ?? { in: 0, out: 0 };
      t[e.direction === "in" ? "in" : "out"] += 1;
      perFollower.set(e.openid, t);
    }
    for (const [openid, t] of perFollower) q.bumpFollowerCounters.run(t.in, t.out, openid);
    return perFollower;
  });

  const enqueueOutbound = db.transaction((items: TurnCommit["outbound"], now: number) =>
    writeOutbound(items, now),
  );

  const store: Store = {
    async publishFlow(flow: Flow, now: number, note = ""): Promise<PublishedFlow> {
      const parsed = flowSchema.safeParse(flow);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StoreInputError(
          `Huashu store: flow ${String((flow as { id?: unknown })?.id)} is not valid and was not published (field ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}); fix it in the editor first`,
        );
      }
      const row = q.publishFlow.get({
        flow_id: parsed.data.id,
        flow: JSON.stringify(parsed.data),
        published_at: now,
        note,
      }) as { version: number };
      return {
        flowId: parsed.data.id,
        version: row.version,
        flow: parsed.data,
        publishedAt: now,
        note,
      };
    },
    async latestFlows() {
      return q.latestFlows.all().map(publishedFlowFromRow);
    },
    async getFlowVersion(flowId, version) {
      const row = q.getFlowVersion.get(flowId, version);
      return row ? publishedFlowFromRow(row) : undefined;
    },
    async listFlowVersions(flowId) {
      return q.listFlowVersions.all(flowId).map(flowSummaryFromRow);
    },

    async getFollower(openid) {
      const cached = followerCache.get(openid);
      if (cached !== undefined) return cached ?? undefined;
      const row = q.getFollower.get(openid);
      const follower = row ? frozenFollower(followerFromRow(row)) : null;
      followerCache.set(openid, follower);
      return follower ?? undefined;
    },
    async saveFollower(follower) {
      try {
        q.saveFollower.run(followerParams(follower));
      } catch (error) {
        explainWrite(`follower ${follower.openid}`, error);
      }
      followerCache.set(follower.openid, frozenFollower(follower));
    },
    async countFollowers() {
      return q.countFollowers.get()?.n ?? 0;
    },

    async getSession(openid) {
      const cached = sessionCache.get(openid);
      if (cached !== undefined) return cached ?? undefined;
      const row = q.getSession.get(openid);
      const session = row ? frozenSession(sessionFromJson(row.session, openid)) : null;
      sessionCache.set(openid, session);
      return session ?? undefined;
    },
    async saveSession(openid, session) {
      try {
        if (session) q.saveSession.run(sessionParams(openid, session));
        else q.deleteSession.run(openid);
      } catch (error) {
        explainWrite(`the session of ${openid}`, error);
      }
      sessionCache.set(openid, session ? frozenSession(session) : null);
    },
    async purgeExpiredSessions(now) {
      const purged = q.purgeSessions.run(now).changes;
      if (purged > 0) sessionCache.clear();
      return purged;
    },

    async processedReply(dedupKey) {
      return q.processedReply.get(dedupKey)?.reply;
    },
    async commitTurn(turn) {
      try {
        commitTurn.immediate(turn);
      } catch (error) {
        if (error instanceof DuplicateTurnError) throw error;
        explainWrite(`the turn ${turn.dedupKey} of follower ${turn.follower.openid}`, error);
      }
      // Inside a caller's transaction this is a savepoint; a caller that rolls back calls rolledBack().
      rememberTurn(turn);
    },
    async purgeProcessed(before) {
      return q.purgeProcessed.run(before).changes;
    },

    async logMessages(entries) {
      let perFollower: Map<string, Totals>;
      try {
        perFollower = logMessages.immediate(entries);
      } catch (error) {
        explainWrite("the message log", error);
      }
      for (const [openid, t] of perFollower) {
        const cached = followerCache.get(openid);
        if (!cached) continue; // unknown, or no row (the UPDATE changed nothing)
        followerCache.set(
          openid,
          frozenFollower({
            ...cached,
            messagesIn: cached.messagesIn + t.in,
            messagesOut: cached.messagesOut + t.out,
          }),
        );
      }
    },
    async listMessages(openid, limit) {
      if (!(limit > 0)) return [];
      return q.listMessages.all(openid, Math.floor(limit)).reverse().map(messageFromRow);
    },
    async counters(): Promise<StoreCounters> {
      const totals: StoreCounters = { messagesIn: 0, messagesOut: 0 };
      for (const row of q.counters.all()) {
        if (row.name === "messagesIn" || row.name === "messagesOut") totals[row.name] = row.value;
      }
      return totals;
    },

    async enqueueOutbound(items, now) {
      try {
        enqueueOutbound.immediate(items, now);
      } catch (error) {
        explainWrite("the outbound queue", error);
      }
    },
    async dueOutbound(now, limit): Promise<OutboundMessage[]> {
      if (!(limit > 0)) return [];
      return q.dueOutbound.all(now, Math.floor(limit)).map(outboundFromRow);
    },
    async markOutbound(id, update) {
      let changes: number;
      try {
        changes = q.markOutbound.run({
          id,
          status: update.status,
          attempts: update.attempts,
          not_before: update.notBefore ?? null,
          keep_error: update.lastError === undefined ? 1 : 0,
          last_error: update.lastError ?? null,
        }).changes;
      } catch (error) {
        explainWrite(`outbound message ${id}`, error);
      }
      if (changes === 0) {
        throw new StoreInputError(`Huashu store: outbound message ${id} does not exist`);
      }
    },

    async close() {
      await checkpointer?.stop();
      if (!db.open) return;
      db.pragma("optimize");
      db.close();
    },
  };
  databases.set(store, db);
  turnWriters.set(store, {
    write: writeTurns,
    committed: (turns) => {
      for (const turn of turns) rememberTurn(turn);
    },
    rolledBack: forgetCached,
  });
  if (checkpointer) checkpointers.set(store, checkpointer);
  return store;
}
