// Synthetic followers (and some sessions) in bulk, for benchmarks: one transaction, batched prepared inserts.
import type Database from "better-sqlite3";
import type { Session } from "../../shared/engine";
import { openSqliteStore, sqliteDatabaseOf } from "./sqliteStore";
import type { Store } from "./types";

export interface SeedOptions {
  /** Index of the first follower (default 0), to add more to an already seeded database. */
  startIndex?: number;
  /**
   * The session of follower `i`, or null for none. Default: every 10th follower has a finished
   * session (status `done`) of flow `seed`, so the session table is realistically sized.
   */
  sessionFor?: (index: number, openid: string) => Session | null;
}

export interface SeedResult {
  /** Rows actually inserted (a follower already present is left alone). */
  followers: number;
  sessions: number;
}

const ROWS_PER_STATEMENT = 500;
const DAY = 86_400_000;

/** The openid of synthetic follower `index`: fixed width, so they sort in index order. */
export function seedOpenid(index: number): string {
  return `oSeed_${String(index).padStart(12, "0")}`;
}

function defaultSession(now: number) {
  return (index: number): Session | null =>
    index % 10 === 0
      ? {
          flowId: "seed",
          flowVersion: 1,
          nodeId: null,
          status: "done",
          variables: {},
          retries: {},
          pending: null,
          error: null,
          startedAt: now - DAY,
          updatedAt: now - DAY,
          expiresAt: now - DAY + 30 * 60_000,
        }
      : null;
}

function multiRowInsert(db: Database.Database, head: string, columns: number, rows: number) {
  const tuple = `(${new Array(columns).fill("?").join(", ")})`;
  return db.prepare(
    `${head} VALUES ${new Array(rows).fill(tuple).join(", ")} ON CONFLICT DO NOTHING`,
  );
}

function seedDatabase(
  db: Database.Database,
  count: number,
  now: number,
  opts: SeedOptions,
): SeedResult {
  const start = opts.startIndex ?? 0;
  const sessionFor = opts.sessionFor ?? defaultSession(now);
  const followerHead = `INSERT INTO followers (openid, first_seen_at, last_seen_at, subscribed, scene, tags, ab,
    messages_in, messages_out, last_message_at, last_event_at)`;
  const sessionHead = `INSERT INTO sessions (openid, session, flow_id, flow_version, status, updated_at, expires_at)`;
  const fullFollowers = multiRowInsert(db, followerHead, 11, ROWS_PER_STATEMENT);
  const oneFollower = multiRowInsert(db, followerHead, 11, 1);
  const oneSession = multiRowInsert(db, sessionHead, 7, 1);
  const fullSessions = multiRowInsert(db, sessionHead, 7, ROWS_PER_STATEMENT);

  const result: SeedResult = { followers: 0, sessions: 0 };
  let followerParams: unknown[] = [];
  let followerRows = 0;
  let sessionParams: unknown[] = [];
  let sessionRows = 0;
  const flushFollowers = () => {
    if (followerRows === ROWS_PER_STATEMENT) {
      result.followers += fullFollowers.run(followerParams).changes;
    } else {
      for (let r = 0; r < followerRows; r++) {
        result.followers += oneFollower.run(followerParams.slice(r * 11, r * 11 + 11)).changes;
      }
    }
    followerParams = [];
    followerRows = 0;
  };
  const flushSessions = () => {
    if (sessionRows === ROWS_PER_STATEMENT) {
      result.sessions += fullSessions.run(sessionParams).changes;
    } else {
      for (let r = 0; r < sessionRows; r++) {
        result.sessions += oneSession.run(sessionParams.slice(r * 7, r * 7 + 7)).changes;
      }
    }
    sessionParams = [];
    sessionRows = 0;
  };

  db.transaction(() => {
    for (let i = start; i < start + count; i++) {
      const openid = seedOpenid(i);
      const firstSeenAt = now - (i % 365) * DAY;
      const lastSeenAt = now - (i % 90) * DAY;
      const talked = i % 4 !== 0;
      followerParams.push(
        openid,
        firstSeenAt,
        lastSeenAt,
        i % 17 === 0 ? 0 : 1,
        i % 5 === 0 ? `poster_${i % 7}` : null,
        i % 3 === 0 ? '["vip"]' : "[]",
        i % 2 === 0 ? '{"seed/split":"a"}' : "{}",
        talked ? i % 23 : 0,
        talked ? i % 29 : 0,
        talked ? lastSeenAt : null,
        i % 5 === 0 ? firstSeenAt : null,
      );
      if (++followerRows === ROWS_PER_STATEMENT) flushFollowers();
      const session = sessionFor(i, openid);
      if (session) {
        sessionParams.push(
          openid,
          JSON.stringify(session),
          session.flowId,
          session.flowVersion,
          session.status,
          session.updatedAt,
          session.expiresAt,
        );
        if (++sessionRows === ROWS_PER_STATEMENT) flushSessions();
      }
    }
    flushFollowers();
    flushSessions();
  }).immediate();
  // One huge transaction leaves a WAL as big as the data; fold it back so the benchmark starts clean.
  db.pragma("wal_checkpoint(TRUNCATE)");
  return result;
}

/**
 * Inserts `count` synthetic followers (openids `seedOpenid(i)`), and sessions for some, in one
 * transaction. `target` is a store from openSqliteStore or a database path (opened, migrated, closed).
 */
export async function seedFollowers(
  target: Store | string,
  count: number,
  now: number,
  opts: SeedOptions = {},
): Promise<SeedResult> {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`seedFollowers: count must be a whole number ≥ 0, got ${count}`);
  }
  if (typeof target !== "string") {
    const db = sqliteDatabaseOf(target);
    if (!db)
      throw new TypeError("seedFollowers: the store is not a SQLite store from openSqliteStore");
    return seedDatabase(db, count, now, opts);
  }
  const store = await openSqliteStore(target);
  try {
    return seedDatabase(sqliteDatabaseOf(store) as Database.Database, count, now, opts);
  } finally {
    await store.close();
  }
}
