// The SQLite driver of the Store (better-sqlite3): WAL, statements prepared once, one transaction per turn.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import type { Session } from "../../shared/engine";
import { type MenuDocument, menuDocumentSchema } from "../../shared/menu";
import { type Flow, flowSchema, sameFlowLayout } from "../../shared/schema";
import { type Checkpointer, startCheckpointer } from "./checkpointer";
import { watchFullDatabase } from "./fullDatabase";
import { type FunnelThread, startFunnelThread } from "./funnelThread";
import { KeyFilter } from "./keyFilter";
import {
  type LogTable,
  PROCESSED_PURGE_CHUNK_ROWS,
  purgeInChunks,
  purgeLogInChunks,
  SENDS_PURGE_CHUNK_ROWS,
  SESSION_PURGE_CHUNK_ROWS,
} from "./logPurge";
import { LruMap } from "./lruMap";
import { migrate } from "./migrations";
import { takeServingLock } from "./servingLock";
import { createFunnelReport } from "./sqliteFunnel";
import {
  createSqliteWrites,
  FOLLOWER_COLUMNS,
  followerCounts,
  type WriteOp,
  type WriteResult,
} from "./sqliteWrites";
import { DuplicateTurnError, StoreInputError } from "./storeErrors";
import {
  type FlowVersionRow,
  type FollowerRow,
  flowSummaryFromRow,
  followerFromRow,
  type MenuPublishRow,
  type MessageRow,
  menuPublishFromRow,
  messageFromRow,
  type OpenWindowSendsRow,
  type OutboundRow,
  openWindowSendsFromRow,
  outboundFromRow,
  type PendingTurnRow,
  pendingTurnFromRow,
  publishedFlowFromRow,
  type ServiceSendRow,
  serviceSendFromRow,
  sessionFromJson,
} from "./storeRows";
import type {
  FlowPublishResult,
  FollowerRecord,
  OutboundMessage,
  PublishedFlow,
  Store,
  StoreCounters,
  TurnCommit,
} from "./types";
import { startWriterThread, type WriterThread, WriterThreadLostError } from "./writerThread";

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
  /**
   * Checkpoint the WAL on a worker thread instead of inside commits (see checkpointer.ts), when
   * this thread writes: without a writer thread, or once it has failed. A store writing on its
   * writer thread leaves checkpoints to that thread's commits instead: off the event loop anyway,
   * and with a log that stays small. Beside a writer thread the checkpoint thread let the log pass
   * 32 MiB each second on a 1M-follower database, and emptying it held the writer for 40–130 ms:
   * p99 76–84 ms against 42–49 ms without it, at the same throughput and CPU (bench:runtime's
   * server and load, 1M followers, alternating 10 s runs; the benchmark's own 1M run went from a
   * p99 of 72–86 ms to 40–47 ms).
   */
  backgroundCheckpoints?: boolean;
  /**
   * Write on a worker thread with its own connection (the server; see writerThread.ts). If the
   * thread cannot start or later fails, the store writes on the calling thread instead.
   */
  writerThread?: boolean;
  /**
   * Take the database's serving lock (the server; see servingLock.ts): while this store is open, a
   * second serving open of the file, in any process, throws DatabaseServedError. Others (the
   * publish CLI, tests) open the file without it.
   */
  serving?: boolean;
  /**
   * Caps the database at this many pages (SQLite's `max_page_count`) on every connection that
   * writes: the store's own and its writer thread's. A write that needs more pages fails with
   * SQLITE_FULL, as on a full disk, so tests can fill the database for real; setSqliteMaxPageCount
   * changes the cap later (space freed). SQLite never sets it below the database's current size.
   * Unset: SQLite's default, which no database reaches.
   */
  maxPageCount?: number;
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

/**
 * Writes a dead writer thread had in hand that are safe to write again on the store's own thread:
 * a turn is all-or-nothing and keyed by its processed id, so one the thread did commit fails as a
 * duplicate instead of advancing the conversation twice; a mark sets the same values again. Without
 * this the follower's message was answered `success` and dropped. Other writes (an enqueue, a log
 * append) are not repeated: they might have committed.
 */
const WRITTEN_AGAIN_HERE = new Set<WriteOp["op"]>(["turns", "accept", "mark"]);

const databases = new WeakMap<Store, Database.Database>();
const turnWriters = new WeakMap<Store, SqliteTurnWriter>();
/** Read when asked: a store starts its checkpointer late if its writer thread fails. */
const checkpointers = new WeakMap<Store, () => Checkpointer | undefined>();
const writerThreads = new WeakMap<Store, WriterThread>();

/** The better-sqlite3 handle behind a store made by openSqliteStore (for seeding and benchmarks). */
export function sqliteDatabaseOf(store: Store): Database.Database | undefined {
  return databases.get(store);
}

/**
 * The batch turn writer of a store made by openSqliteStore (group commit); undefined while the
 * store writes on its writer thread, which batches by itself.
 */
export function sqliteTurnWriterOf(store: Store): SqliteTurnWriter | undefined {
  if (writerThreads.get(store)?.alive) return undefined;
  return turnWriters.get(store);
}

/** The store's writer thread, when it was opened with writerThread and the thread started. */
export function sqliteWriterThreadOf(store: Store): WriterThread | undefined {
  return writerThreads.get(store);
}

/**
 * Sets the page cap of SqliteStoreOptions.maxPageCount on the store's connection and its writer
 * thread's, after the writes already requested; resolves with the cap SQLite applied (never below
 * the current size). For tests: `1` makes the database full as it stands, a large number frees it.
 */
export async function setSqliteMaxPageCount(store: Store, pages: number): Promise<number> {
  const db = databases.get(store);
  if (!db) throw new Error("setSqliteMaxPageCount: not a store made by openSqliteStore");
  if (!Number.isInteger(pages) || pages < 1) {
    throw new RangeError(`setSqliteMaxPageCount: ${pages} is not a whole number of pages`);
  }
  const thread = writerThreads.get(store);
  const applied = thread?.alive ? await thread.write({ op: "maxPageCount", pages }) : undefined;
  const here = db.pragma(`max_page_count = ${pages}`, { simple: true }) as number;
  return typeof applied === "number" ? applied : here;
}

/** The background checkpointer's figures, when the store was opened with backgroundCheckpoints. */
export function sqliteCheckpointerOf(store: Store): Checkpointer | undefined {
  return checkpointers.get(store)?.();
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

/** The flow as the schema reads it, or a StoreInputError telling the marketer what to fix. */
function publishable(flow: Flow): Flow {
  const parsed = flowSchema.safeParse(flow);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StoreInputError(
    `Huashu store: flow ${String((flow as { id?: unknown })?.id)} is not valid and was not published (field ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}); fix it in the editor first`,
  );
}

/** The menu as the schema reads it (JSON), or a StoreInputError naming the field. */
function recordableMenu(menu: MenuDocument): string {
  const parsed = menuDocumentSchema.safeParse(menu);
  if (parsed.success) return JSON.stringify(parsed.data);
  const issue = parsed.error.issues[0];
  throw new StoreInputError(
    `Huashu store: the menu is not a menu document and was not recorded (field ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`,
  );
}

function publishOp(flow: Flow, now: number, note: string, ifChanged: boolean): WriteOp {
  return { op: "publish", flowId: flow.id, flow: JSON.stringify(flow), now, note, ifChanged };
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

/**
 * Opens (creating folder and file if needed) and migrates a SQLite database. `":memory:"` gives a
 * private in-memory database, gone on close.
 */
export async function openSqliteStore(
  path: string | ":memory:",
  opts: SqliteStoreOptions = {},
): Promise<Store> {
  const inMemory = path === ":memory:";
  const cacheKiB = Math.max(2048, Math.floor(opts.cacheKiB ?? 16384));
  const label = inMemory ? ":memory:" : resolve(path);
  if (!inMemory && !opts.fileMustExist) mkdirSync(dirname(label), { recursive: true });
  // First, so a second server stops before it reads or migrates anything.
  const servingLock = opts.serving && !inMemory ? takeServingLock(label) : undefined;
  let db: Database.Database;
  try {
    db = new Database(inMemory ? ":memory:" : label, {
      fileMustExist: opts.fileMustExist ?? false,
    });
  } catch (error) {
    servingLock?.release();
    throw error;
  }
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    db.pragma(`cache_size = -${cacheKiB}`);
    if (opts.maxPageCount !== undefined) db.pragma(`max_page_count = ${opts.maxPageCount}`);
    migrate(db, label);
  } catch (error) {
    db.close();
    servingLock?.release();
    throw error;
  }
  let checkpointer: Checkpointer | undefined;
  let thread: WriterThread | undefined;
  // Only for writes on this thread: the writer thread checkpoints after its own commits, which
  // never touches the event loop and keeps the log small (see backgroundCheckpoints).
  const checkpointInBackground = () => {
    if (!opts.backgroundCheckpoints || inMemory || checkpointer || !db.open) return;
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
  };
  if (opts.writerThread && !inMemory) {
    // Each commit by the thread's connection makes SQLite drop this connection's page cache; reading
    // the file through a memory map keeps those re-reads cheap (in a pair of 1M-follower benchmark
    // runs, 79% → 93% of the small database's throughput). Address space only: the OS pages it.
    db.pragma(`mmap_size = ${1024 * 1024 * 1024}`);
    try {
      // If the thread fails, this thread writes from then on: checkpoints move to their own thread.
      thread = await startWriterThread(
        { path: label, cacheKiB, maxPageCount: opts.maxPageCount },
        { onFailure: checkpointInBackground },
      );
    } catch (error) {
      process.emitWarning(
        `Huashu store: the writer thread did not start (${(error as Error).message}); writing on the main thread instead`,
      );
    }
  }
  if (!thread) checkpointInBackground();
  // Followers and sessions as stored; null = known to have none. Updated only after a commit.
  const cachedRecords = opts.cachedRecords ?? 50_000;
  const followerCache = new LruMap<string, FollowerRecord | null>(cachedRecords);
  const sessionCache = new LruMap<string, Session | null>(cachedRecords);
  // Every processed id in the table, so a message never seen is told apart without a read. Filled
  // at the first turn, not at open: a tool such as the publish CLI never needs it.
  let filter: KeyFilter | undefined;
  const processedKeys = (): KeyFilter => {
    if (filter) return filter;
    const count = (db.prepare("SELECT COUNT(*) AS n FROM processed").get() as { n: number }).n;
    filter = new KeyFilter(Math.max(1_000_000, 2 * count));
    const rows = db.prepare<[], { dedup_key: string; at: number }>(
      "SELECT dedup_key, at FROM processed",
    );
    for (const row of rows.iterate()) filter.add(row.dedup_key, row.at);
    return filter;
  };
  // Followers a write is changing right now. On the writer thread a commit is visible to this
  // connection before the thread's answer arrives and the cache learns of it; in between, a cached
  // answer would contradict the database: the outbound queue already holds a new follower's
  // messages while the cache still says the follower never wrote, and the dispatcher would mark
  // them failed as outside the 48-hour window. So reads of these go to the database, uncached.
  const writing = new Map<string, number>();
  async function whileWriting<T>(openids: readonly string[], work: () => Promise<T>): Promise<T> {
    for (const openid of openids) writing.set(openid, (writing.get(openid) ?? 0) + 1);
    try {
      return await work();
    } finally {
      for (const openid of openids) {
        const left = (writing.get(openid) ?? 1) - 1;
        if (left > 0) writing.set(openid, left);
        else writing.delete(openid);
      }
    }
  }
  const forgetCached = () => {
    followerCache.clear();
    sessionCache.clear();
  };

  const q = {
    listMenuPublishes: db.prepare<[number], MenuPublishRow>(
      "SELECT version, menu, published_at FROM menu_publishes ORDER BY version DESC LIMIT ?",
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
    countFollowers: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM followers"),
    getSession: db.prepare<[string], { session: string }>(
      "SELECT session FROM sessions WHERE openid = ?",
    ),
    processedReply: db.prepare<[string], { reply: string }>(
      "SELECT reply FROM processed WHERE dedup_key = ?",
    ),
    // Through outbound_due (status, not_before): only pending rows are read, not the sent history.
    outboundHealth: db.prepare<
      [number, number],
      { pending: number; due: number | null; oldest: number | null }
    >(
      `SELECT COUNT(*) AS pending, SUM(not_before <= ?) AS due,
         MIN(CASE WHEN not_before <= ? THEN not_before END) AS oldest
       FROM outbound WHERE status = 'pending'`,
    ),
    countPendingTurns: db.prepare<[], { n: number }>(
      "SELECT COUNT(*) AS n FROM processed WHERE pending IS NOT NULL",
    ),
    pendingTurns: db.prepare<[], PendingTurnRow>(
      `SELECT dedup_key, reply, at, pending FROM processed WHERE pending IS NOT NULL
       ORDER BY at, rowid`,
    ),
    counters: db.prepare<[], { name: string; value: number }>("SELECT name, value FROM counters"),
    listMessages: db.prepare<[string, number], MessageRow>(
      `SELECT openid, direction, at, msg_type, content, channel, flow_id, flow_version, node_id
       FROM messages WHERE openid = ? ORDER BY at DESC, id DESC LIMIT ?`,
    ),
    dueOutbound: db.prepare<[number, number], OutboundRow>(
      `SELECT o.id, o.openid, o.payload, o.created_at, o.not_before, o.attempts, o.status, o.last_error
       FROM outbound o
       WHERE o.status = 'pending' AND o.not_before <= ?
         AND NOT EXISTS (SELECT 1 FROM outbound e
                         WHERE e.openid = o.openid AND e.status = 'pending'
                           AND (e.scheduled_at, e.id) < (o.scheduled_at, o.id))
       ORDER BY o.id LIMIT ?`,
    ),
    // Through outbound_due for the rows, outbound_pending_by_follower for what is ahead of each.
    dueFirstAttempts: db.prepare<[number, number], { id: number; openid: string }>(
      `SELECT o.id, o.openid FROM outbound o
       WHERE o.status = 'pending' AND o.not_before <= ? AND o.attempts = 0 AND o.created_at < ?
         AND NOT EXISTS (SELECT 1 FROM outbound e
                         WHERE e.openid = o.openid AND e.status = 'pending' AND e.attempts > 0
                           AND (e.scheduled_at, e.id) < (o.scheduled_at, o.id))
       ORDER BY o.id`,
    ),
    // Through outbound_due: pending rows only.
    followersAwaitingRetry: db
      .prepare<[], string>(
        "SELECT DISTINCT openid FROM outbound WHERE status = 'pending' AND attempts > 0",
      )
      .pluck(),
    recentSends: db.prepare<[number], ServiceSendRow>(
      `SELECT openid, window_kind, sent_at FROM service_sends
       WHERE sent_at >= ? ORDER BY sent_at, outbound_id`,
    ),
    // The sends of the last two days through service_sends_sent_at, each follower by its key.
    sendsInOpenWindows: db.prepare<{ message: number; event: number }, OpenWindowSendsRow>(
      `SELECT s.openid, s.window_kind, COUNT(*) AS count, MAX(s.sent_at) AS last_at
       FROM service_sends s JOIN followers f ON f.openid = s.openid
       WHERE s.sent_at > MIN(@message, @event)
         AND CASE s.window_kind
               WHEN 'message' THEN f.last_message_at > @message AND s.sent_at >= f.last_message_at
               ELSE f.last_event_at > @event AND s.sent_at >= f.last_event_at
             END
       GROUP BY s.openid, s.window_kind`,
    ),
  };

  const funnelReport = createFunnelReport(db);
  let funnelThread: FunnelThread | undefined;
  const writes = createSqliteWrites(db);
  const full = watchFullDatabase(db, label);
  // Its own transaction. Inside a caller's (none does so now) it would be a savepoint, which
  // SQLITE_FULL can undo with the caller's whole transaction after it reported success.
  const writeHere = db.transaction((op: WriteOp) => writes.run(op));
  /**
   * Runs one write: on the writer thread when it runs, else here, synchronously before this
   * returns (group commit relies on that), in a transaction of its own. `what` names it in errors.
   */
  async function write(op: WriteOp, what: string): Promise<WriteResult> {
    let result: WriteResult;
    try {
      result = await writeSomewhere(op);
    } catch (error) {
      if (error instanceof DuplicateTurnError) throw error;
      return explainWrite(what, full.refused(error, op, what));
    }
    full.check();
    return result;
  }
  /** On the writer thread while it runs, else here (synchronously, see write). */
  async function writeSomewhere(op: WriteOp): Promise<WriteResult> {
    if (thread?.alive) {
      try {
        return await thread.write(op);
      } catch (error) {
        if (!(error instanceof WriterThreadLostError)) throw error;
        // The thread died with this write in hand, and perhaps others it had committed unseen:
        // what is cached may be behind the database.
        forgetCached();
        filter = undefined;
        if (!WRITTEN_AGAIN_HERE.has(op.op)) throw error;
      }
    }
    return writeHere.immediate(op);
  }

  /**
   * The follower as cached when a write started; after the write, the cache is updated only if it
   * still holds that same record (a read in between may already show the write's effect).
   */
  function followerBefore(openid: string): FollowerRecord | null | undefined {
    return followerCache.get(openid);
  }
  function advanceCounters(
    openid: string,
    before: FollowerRecord | null | undefined,
    next: (base: FollowerRecord | null) => FollowerRecord | null,
  ): void {
    const current = followerCache.get(openid);
    if (before === undefined || current !== before) followerCache.delete(openid);
    else {
      const updated = next(before);
      if (updated) followerCache.set(openid, frozenFollower(updated));
    }
  }

  /** After a commit: the cache holds what the turn stored (counters advanced as in commitFollower). */
  function rememberTurn(turn: TurnCommit, before = followerBefore(turn.follower.openid)): void {
    const openid = turn.follower.openid;
    const counts = followerCounts(turn);
    advanceCounters(openid, before, (base) => ({
      ...turn.follower,
      messagesIn: (base?.messagesIn ?? 0) + counts.in,
      messagesOut: (base?.messagesOut ?? 0) + counts.out,
    }));
    sessionCache.set(openid, turn.session ? frozenSession(turn.session) : null);
    processedKeys().add(turn.dedupKey, turn.now);
  }

  const store: Store = {
    async publishFlow(flow: Flow, now: number, note = ""): Promise<PublishedFlow> {
      const valid = publishable(flow);
      const version = (await write(
        publishOp(valid, now, note, false),
        `flow ${valid.id}`,
      )) as number;
      return { flowId: valid.id, version, flow: valid, publishedAt: now, note };
    },
    async publishFlowIfChanged(flow: Flow, now: number, note = ""): Promise<FlowPublishResult> {
      const valid = publishable(flow);
      const result = (await write(publishOp(valid, now, note, true), `flow ${valid.id}`)) as
        | number
        | FlowVersionRow;
      if (typeof result === "number") {
        const published = {
          flowId: valid.id,
          version: result,
          flow: valid,
          publishedAt: now,
          note,
        };
        return { published, unchanged: false, layoutChanged: false };
      }
      const live = publishedFlowFromRow(result);
      return { published: live, unchanged: true, layoutChanged: !sameFlowLayout(live.flow, valid) };
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

    async recordMenuPublish(menu, now) {
      const version = (await write(
        { op: "menuPublish", menu: recordableMenu(menu), now },
        "the menu publish",
      )) as number;
      return { version, publishedAt: now };
    },
    async listMenuPublishes(limit) {
      if (!(limit > 0)) return [];
      return q.listMenuPublishes.all(Math.floor(limit)).map(menuPublishFromRow);
    },

    async getFollower(openid) {
      const changing = writing.has(openid);
      const cached = changing ? undefined : followerCache.get(openid);
      if (cached !== undefined) return cached ?? undefined;
      const row = q.getFollower.get(openid);
      const follower = row ? frozenFollower(followerFromRow(row)) : null;
      if (!changing) followerCache.set(openid, follower);
      return follower ?? undefined;
    },
    async saveFollower(follower) {
      await whileWriting([follower.openid], async () => {
        await write({ op: "saveFollower", follower }, `follower ${follower.openid}`);
        followerCache.set(follower.openid, frozenFollower(follower));
      });
    },
    async countFollowers() {
      return q.countFollowers.get()?.n ?? 0;
    },

    async getSession(openid) {
      const changing = writing.has(openid);
      const cached = changing ? undefined : sessionCache.get(openid);
      if (cached !== undefined) return cached ?? undefined;
      const row = q.getSession.get(openid);
      const session = row ? frozenSession(sessionFromJson(row.session, openid)) : null;
      if (!changing) sessionCache.set(openid, session);
      return session ?? undefined;
    },
    async saveSession(openid, session) {
      await whileWriting([openid], async () => {
        await write({ op: "saveSession", openid, session }, `the session of ${openid}`);
        sessionCache.set(openid, session ? frozenSession(session) : null);
      });
    },
    async purgeExpiredSessions(now, options) {
      // Chunked like purgeMessageLog, so turns queued meanwhile commit between two chunks.
      const chunk = async (limit: number) => {
        const purged = (await write(
          { op: "purgeSessionChunk", now, limit },
          "expired sessions",
        )) as string[];
        // Forgotten, not cached as "none": on the writer thread a turn may have renewed one of
        // these sessions since the chunk, and a read meanwhile may have cached that; the next
        // read of a forgotten one asks the database, which is right either way.
        for (const openid of purged) sessionCache.delete(openid);
        return purged.length;
      };
      return purgeInChunks(chunk, options ?? {}, SESSION_PURGE_CHUNK_ROWS);
    },

    async processedReply(dedupKey) {
      if (!processedKeys().mightContain(dedupKey)) return undefined;
      return q.processedReply.get(dedupKey)?.reply;
    },
    async commitTurn(turn) {
      const before = followerBefore(turn.follower.openid);
      await whileWriting([turn.follower.openid], async () => {
        await write(
          { op: "turns", turns: [turn] },
          `the turn ${turn.dedupKey} of follower ${turn.follower.openid}`,
        );
        // Inside a caller's transaction this was a savepoint; a caller that rolls back calls rolledBack().
        rememberTurn(turn, before);
      });
    },
    async acceptTurn(pending) {
      await write(
        { op: "accept", pending },
        `the message ${pending.dedupKey} of ${pending.openid}`,
      );
      processedKeys().add(pending.dedupKey, pending.at);
    },
    async pendingTurns() {
      return q.pendingTurns.all().map(pendingTurnFromRow);
    },
    async health(now) {
      const outbound = q.outboundHealth.get(now, now);
      full.check();
      return {
        writesRefused: full.problem ?? null,
        outboundPending: outbound?.pending ?? 0,
        outboundDue: outbound?.due ?? 0,
        oldestDueAt: outbound?.oldest ?? null,
        pendingTurns: q.countPendingTurns.get()?.n ?? 0,
        writes: thread?.alive ? "thread" : "in-process",
      };
    },
    async purgeProcessed(before, options) {
      const chunk = async (limit: number) =>
        (await write(
          { op: "purgeProcessedChunk", before, limit },
          "processed message ids",
        )) as number;
      const removed = await purgeInChunks(chunk, options ?? {}, PROCESSED_PURGE_CHUNK_ROWS);
      // Every id from before `before` is gone now (unless stopped halfway): so may the filters that
      // hold only such ids. A filter hit on a purged id that stays is checked against the table.
      if (!options?.signal?.aborted) filter?.forgetBefore(before);
      return removed;
    },

    async logMessages(entries) {
      const before = new Map(entries.map((e) => [e.openid, followerBefore(e.openid)]));
      await whileWriting([...before.keys()], async () => {
        const counts = (await write({ op: "log", entries }, "the message log")) as Array<
          [string, number, number]
        >;
        for (const [openid, messagesIn, messagesOut] of counts) {
          // A follower with no row stays without one: the UPDATE changed nothing.
          advanceCounters(openid, before.get(openid), (base) =>
            base
              ? {
                  ...base,
                  messagesIn: base.messagesIn + messagesIn,
                  messagesOut: base.messagesOut + messagesOut,
                }
              : null,
          );
        }
      });
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
    async purgeMessageLog(before, options) {
      // Each chunk is a write of its own, so turns queued meanwhile commit between two chunks.
      const chunk = async (table: LogTable, cutoff: number, limit: number) =>
        (await write(
          { op: "purgeLogChunk", table, before: cutoff, limit },
          table === "runs" ? "old flow runs" : `old ${table} rows`,
        )) as number;
      return purgeLogInChunks(chunk, before, options);
    },
    async funnelReport(query) {
      // The server reads it on a thread of its own (see funnelThread.ts); tools and tests here.
      if (!opts.writerThread || inMemory || !db.open) return funnelReport(query);
      funnelThread ??= startFunnelThread(label);
      try {
        return await funnelThread.report(query);
      } catch (error) {
        if (error instanceof Database.SqliteError) throw error;
        // A thread that failed is started afresh for the next report; this one is read here.
        process.emitWarning(
          `Huashu store: ${(error as Error).message}; the funnel report is read on the main thread`,
        );
        funnelThread = undefined;
        return funnelReport(query);
      }
    },

    async enqueueOutbound(items, now) {
      await write({ op: "enqueue", items, now }, "the outbound queue");
    },
    async dueOutbound(now, limit): Promise<OutboundMessage[]> {
      if (!(limit > 0)) return [];
      return q.dueOutbound.all(now, Math.floor(limit)).map(outboundFromRow);
    },
    async dueFirstAttempts(now) {
      return q.dueFirstAttempts.all(now, now);
    },
    async followersAwaitingRetry() {
      return q.followersAwaitingRetry.all();
    },
    async markOutbound(id, update) {
      const changes = await write(
        {
          op: "mark",
          id,
          status: update.status,
          attempts: update.attempts,
          notBefore: update.notBefore ?? null,
          keepError: update.lastError === undefined,
          lastError: update.lastError ?? null,
          spent: update.spent ?? null,
        },
        `outbound message ${id}`,
      );
      if (changes === 0) {
        throw new StoreInputError(`Huashu store: outbound message ${id} does not exist`);
      }
    },
    async recentSends(since) {
      return q.recentSends.all(since).map(serviceSendFromRow);
    },
    async sendsInOpenWindows(openedAfter) {
      return q.sendsInOpenWindows.all(openedAfter).map(openWindowSendsFromRow);
    },
    async purgeSends(before, options) {
      const chunk = async (limit: number) =>
        (await write(
          { op: "purgeSendsChunk", before, limit },
          "recorded customer-service sends",
        )) as number;
      return purgeInChunks(chunk, options ?? {}, SENDS_PURGE_CHUNK_ROWS);
    },

    async close() {
      await funnelThread?.stop();
      await thread?.stop();
      await checkpointer?.stop();
      try {
        if (!db.open) return;
        try {
          db.pragma("optimize");
        } catch {
          // Statistics for the query planner, written to the file: a full disk refuses them, and
          // that must not leave the database open (nothing of the store's data depends on them).
        }
        db.close();
      } finally {
        // Only once nothing of this store writes any more may another server take over.
        servingLock?.release();
      }
    },
  };
  databases.set(store, db);
  turnWriters.set(store, {
    write: (turns) => writes.run({ op: "turns", turns }),
    committed: (turns) => {
      for (const turn of turns) rememberTurn(turn);
    },
    rolledBack: forgetCached,
  });
  checkpointers.set(store, () => checkpointer);
  if (thread) writerThreads.set(store, thread);
  return store;
}
