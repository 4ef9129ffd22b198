// Versioned SQLite schema: an ordered list of steps, `PRAGMA user_version` records the last one applied.
import type { Database } from "better-sqlite3";
import { StoreVersionError } from "./storeErrors";

export interface Migration {
  /** 1, 2, 3 … with no gaps; the database's user_version after this step. */
  version: number;
  name: string;
  up(db: Database): void;
}

/** Append only: a released step is never edited, a change is a new step. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "followers, sessions, message log, processed ids, outbound queue, flow versions",
    up(db) {
      db.exec(`
        CREATE TABLE followers (
          openid TEXT NOT NULL PRIMARY KEY CHECK (length(openid) BETWEEN 1 AND 128),
          first_seen_at INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          subscribed INTEGER NOT NULL CHECK (subscribed IN (0, 1)),
          scene TEXT,
          tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
          ab TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(ab)),
          messages_in INTEGER NOT NULL DEFAULT 0 CHECK (messages_in >= 0),
          messages_out INTEGER NOT NULL DEFAULT 0 CHECK (messages_out >= 0),
          last_message_at INTEGER,
          last_event_at INTEGER
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE sessions (
          openid TEXT NOT NULL PRIMARY KEY CHECK (length(openid) BETWEEN 1 AND 128),
          session TEXT NOT NULL CHECK (json_valid(session)),
          flow_id TEXT NOT NULL,
          flow_version INTEGER NOT NULL,
          status TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX sessions_expires_at ON sessions (expires_at);

        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          openid TEXT NOT NULL,
          direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
          at INTEGER NOT NULL,
          msg_type TEXT NOT NULL,
          content TEXT NOT NULL,
          channel TEXT CHECK (channel IN ('passive', 'custom', 'template')),
          flow_id TEXT,
          flow_version INTEGER,
          node_id TEXT
        ) STRICT;
        CREATE INDEX messages_openid_at ON messages (openid, at);

        CREATE TABLE processed (
          dedup_key TEXT NOT NULL PRIMARY KEY CHECK (length(dedup_key) >= 1),
          reply TEXT NOT NULL,
          at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX processed_at ON processed (at);

        -- AUTOINCREMENT: ids are the send order and must never be reused, even after a purge.
        CREATE TABLE outbound (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          openid TEXT NOT NULL CHECK (length(openid) >= 1),
          payload TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          not_before INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
          status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
          last_error TEXT
        ) STRICT;
        CREATE INDEX outbound_due ON outbound (status, not_before);
        -- Finds a follower's first pending message, which alone may go out (per-follower order).
        CREATE INDEX outbound_pending_by_follower ON outbound (openid, id) WHERE status = 'pending';

        CREATE TABLE flow_versions (
          flow_id TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          flow TEXT NOT NULL CHECK (json_valid(flow)),
          published_at INTEGER NOT NULL,
          note TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (flow_id, version)
        ) STRICT;
        -- Sessions stay pinned to the version they started on, so a published version never changes.
        CREATE TRIGGER flow_versions_no_update BEFORE UPDATE ON flow_versions
          BEGIN SELECT RAISE(ABORT, 'published flow versions are immutable; publish a new version'); END;
        CREATE TRIGGER flow_versions_no_delete BEFORE DELETE ON flow_versions
          BEGIN SELECT RAISE(ABORT, 'published flow versions are immutable; publish a new version'); END;

        -- Totals for the dashboard without counting the whole message log.
        CREATE TABLE counters (
          name TEXT NOT NULL PRIMARY KEY,
          value INTEGER NOT NULL
        ) STRICT;
        INSERT INTO counters (name, value) VALUES ('messagesIn', 0), ('messagesOut', 0);
      `);
    },
  },
  {
    version: 2,
    name: "message log by time, for the retention purge",
    up(db) {
      // Without it each purge chunk scans messages_openid_at for old rows: on a 1M-row log, 24 ms
      // per 250-row chunk and 47 ms (growing with the log) for an hourly pass that finds nothing,
      // against 3.2 ms and 0.1 ms with it (bench/logPurge.ts). Appending a turn's 3 log rows cost
      // 88 µs with it, 84 µs without. Building it on such a log takes under a second, once.
      db.exec("CREATE INDEX messages_at ON messages (at)");
    },
  },
  {
    version: 3,
    name: "outbound: the time each message was meant to go, its place in the follower's order",
    up(db) {
      // A follower's messages go in the order they were scheduled, not enqueued: a delayed send
      // (due in an hour) no longer holds up the messages of the follower's later turns, while one
      // waiting for a retry (not_before moved on) still holds everything scheduled after it.
      // Only pending rows are ordered, so finished rows keep NULL. A pending row already retried
      // was due before any row enqueued after it, so its creation time stands in for its schedule.
      db.exec(`
        ALTER TABLE outbound ADD COLUMN scheduled_at INTEGER;
        UPDATE outbound SET scheduled_at = CASE WHEN attempts > 0 THEN created_at ELSE not_before END
          WHERE status = 'pending';
        DROP INDEX outbound_pending_by_follower;
        CREATE INDEX outbound_pending_by_follower ON outbound (openid, scheduled_at, id)
          WHERE status = 'pending';
      `);
    },
  },
  {
    version: 4,
    name: "customer-service sends, for the quota after a restart",
    up(db) {
      // WeChat counts a follower's customer-service messages (5 within 48 hours after their
      // message, 3 within a minute after a click, follow or scan), and so must a restarted server.
      // A table of its own rather than columns on outbound: it holds only the last two days (the
      // housekeeping forgets older sends), whatever HUASHU_LOG_RETENTION_DAYS keeps of the queue
      // (as little as a day), and the start reads it through a small index. Keyed by the outbound
      // id, so a mark written again replaces its record instead of counting the send twice.
      //
      // Sends before this version were not recorded. Those that can still count are taken from
      // the queue: sent rows last due within 48 hours of the newest (a data-relative "now", never
      // later than the clock's, so nothing recent is missed; found through outbound_due). A row's
      // not_before is when it was due, or when its last retry was: the send went then or moments
      // later, the best time there is. Which allowance it used is unknown: count it against the
      // follower's message, the 48-hour quota a restart could overrun; the event quota is gone in
      // a minute anyway. At worst the pre-check refuses a send WeChat would still have taken,
      // saying why, for followers sent to in the two days before the upgrade.
      db.exec(`
        CREATE TABLE service_sends (
          outbound_id INTEGER NOT NULL PRIMARY KEY,
          openid TEXT NOT NULL CHECK (length(openid) >= 1),
          window_kind TEXT NOT NULL CHECK (window_kind IN ('message', 'event')),
          sent_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX service_sends_sent_at ON service_sends (sent_at);
        INSERT INTO service_sends (outbound_id, openid, window_kind, sent_at)
          SELECT id, openid, 'message', not_before FROM outbound
          WHERE status = 'sent'
            AND not_before >= (SELECT MAX(not_before) FROM outbound WHERE status = 'sent')
              - 48 * 60 * 60 * 1000;
      `);
    },
  },
  {
    version: 5,
    name: "processed ids: turns answered at the deadline before they were stored",
    up(db) {
      // A turn still running at WeChat's deadline (a slow http node) is answered before it is
      // stored. Its processed row is written first, holding in `pending` what the runtime needs to
      // finish the turn after a crash; the turn's commit clears it. Such rows are few and short-
      // lived, so the start finds them through a partial index that stays nearly empty.
      db.exec(`
        ALTER TABLE processed ADD COLUMN pending TEXT;
        CREATE INDEX processed_pending ON processed (at) WHERE pending IS NOT NULL;
      `);
    },
  },
  {
    version: 6,
    name: "processed ids: a message's key names its follower",
    up(db) {
      // Message keys became msg:<openid>:<MsgId> (a MsgId alone let one follower's message pass for
      // another's retry). A retry of a message handled just before the upgrade must still find it,
      // so old keys are rewritten with the follower they belong to: from a pending record, else
      // from the stored reply's ToUserName. A row with neither (answered `success`) keeps its old
      // key, which nothing looks up any more; the hourly purge removes it within a day.
      db.exec(`
        UPDATE OR IGNORE processed
        SET dedup_key = 'msg:' || owned.openid || ':' || substr(processed.dedup_key, 5)
        FROM (
          SELECT rowid AS id, COALESCE(
            CASE WHEN json_valid(pending) THEN json_extract(pending, '$.openid') END,
            CASE WHEN instr(reply, '<ToUserName><![CDATA[') > 0 THEN
              substr(reply, instr(reply, '<ToUserName><![CDATA[') + 21,
                instr(substr(reply, instr(reply, '<ToUserName><![CDATA[') + 21), ']]>') - 1)
            END
          ) AS openid
          FROM processed
          WHERE dedup_key GLOB 'msg:*' AND instr(substr(dedup_key, 5), ':') = 0
        ) AS owned
        WHERE processed.rowid = owned.id AND typeof(owned.openid) = 'text' AND owned.openid <> '';
      `);
    },
  },
  {
    version: 7,
    name: "followers: interactions per day of the last 30 days",
    up(db) {
      // The segments' "interactions" became those of the last 30 days (server/runtime/interactions.ts),
      // kept per day in the follower's row: [[day, count], …], days in China time (UTC+8). They are
      // filled in from the message log's last 30 days (before the latest message: a migration has no
      // clock of its own; older days are not counted and drop out at the next interaction), with the
      // same choice of what counts: messages, and the follower's own events.
      db.exec(`
        ALTER TABLE followers ADD COLUMN interaction_days TEXT NOT NULL DEFAULT '[]'
          CHECK (json_valid(interaction_days));
        UPDATE followers SET interaction_days = recent.days
        FROM (
          SELECT openid, json_group_array(json_array(day, n) ORDER BY day) AS days
          FROM (
            SELECT openid, (at + 28800000) / 86400000 AS day, COUNT(*) AS n
            FROM messages
            WHERE direction = 'in'
              AND at >= (SELECT MAX(at) FROM messages) - 30 * 86400000
              AND (msg_type <> 'event' OR CASE WHEN json_valid(content)
                THEN lower(json_extract(content, '$.Event')) END IN (
                'subscribe', 'scan', 'click', 'view', 'scancode_push', 'scancode_waitmsg',
                'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select'))
            GROUP BY openid, day
          )
          GROUP BY openid
        ) AS recent
        WHERE followers.openid = recent.openid;
      `);
    },
  },
  {
    version: 8,
    name: "flow runs and the nodes they reached, for the per-node funnel",
    up(db) {
      // One row per run (one follower's conversation in one flow, from the trigger, restart,
      // fallback or jump that started it to its end), pinned to a version; one per node it reached.
      // Several edges into one node then count a run once. A run's outcome is counted at its last
      // node; `open` runs are in progress or dropped depending on expires_at at report time.
      //
      // Laid out for the report (sqliteFunnel.ts, bench/funnel.ts): node rows carry their run's
      // flow, start day (China, UTC+8) and version, keyed node first, and runs have an index by
      // flow and last node, so that the report counts one index range per node and never sorts the
      // period's rows: 30 days of a flow with 10,000 runs a day went from 3.0 s to well under one.
      // A turn that moves a run on updates that index (last node, outcome, expiry); node rows are
      // only ever inserted. The retention purge finds runs by started_at and their node rows by
      // run_id.
      //
      // No backfill: the message log says which node spoke, not where a run began or ended (a
      // restart or a trigger looks like any other message), so counting starts now, recorded in
      // flow_runs_since for the editor to say so. The clock is SQLite's: a migration has no other.
      db.exec(`
        CREATE TABLE flow_runs (
          id INTEGER PRIMARY KEY,
          openid TEXT NOT NULL CHECK (length(openid) BETWEEN 1 AND 128),
          flow_id TEXT NOT NULL CHECK (length(flow_id) >= 1),
          started_at INTEGER NOT NULL,
          version INTEGER NOT NULL,
          start_day INTEGER NOT NULL GENERATED ALWAYS AS ((started_at + 28800000) / 86400000) VIRTUAL,
          last_node_id TEXT,
          outcome TEXT NOT NULL
            CHECK (outcome IN ('open', 'completed', 'handedOff', 'error', 'dropped')),
          expires_at INTEGER NOT NULL,
          UNIQUE (openid, flow_id, started_at)
        ) STRICT;
        CREATE INDEX flow_runs_outcomes
          ON flow_runs (flow_id, last_node_id, start_day, version, outcome, expires_at);
        CREATE INDEX flow_runs_started_at ON flow_runs (started_at);

        CREATE TABLE flow_run_nodes (
          flow_id TEXT NOT NULL,
          node_id TEXT NOT NULL,
          start_day INTEGER NOT NULL,
          version INTEGER NOT NULL,
          run_id INTEGER NOT NULL,
          PRIMARY KEY (flow_id, node_id, start_day, version, run_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX flow_run_nodes_run ON flow_run_nodes (run_id);

        CREATE TABLE flow_runs_since (since INTEGER NOT NULL) STRICT;
        INSERT INTO flow_runs_since (since)
          VALUES (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
      `);
    },
  },
  {
    version: 9,
    name: "followers: when they last did something of their own, for days silent",
    up(db) {
      // Days silent counted from the last message or window event, so a follower who only opened a
      // menu link (VIEW) or used a photo or location button for months was called silent. The new
      // column is the latest of those, and of such taps in the message log (as far as the log's
      // retention reaches; the same events as migration 7 counts). Measured on 1M followers.
      db.exec(`
        ALTER TABLE followers ADD COLUMN last_active_at INTEGER
          CHECK (last_active_at IS NULL OR typeof(last_active_at) = 'integer');
        UPDATE followers
          SET last_active_at = MAX(COALESCE(last_message_at, last_event_at),
                                   COALESCE(last_event_at, last_message_at))
          WHERE last_message_at IS NOT NULL OR last_event_at IS NOT NULL;
        UPDATE followers
          SET last_active_at = MAX(COALESCE(last_active_at, taps.at), taps.at)
          FROM (
            SELECT openid, MAX(at) AS at FROM messages
            WHERE direction = 'in' AND msg_type = 'event'
              AND CASE WHEN json_valid(content) THEN lower(json_extract(content, '$.Event')) END IN (
                'view', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select')
            GROUP BY openid
          ) AS taps
          WHERE followers.openid = taps.openid;
      `);
    },
  },
  {
    version: 10,
    name: "menu publishes: each custom menu WeChat accepted, numbered",
    up(db) {
      // The menu as the marketer's editor had it (a MenuDocument), not WeChat's body: the history
      // shows what was published in the editor's words, and toWechatMenu makes the body again.
      db.exec(`
        CREATE TABLE menu_publishes (
          version INTEGER PRIMARY KEY CHECK (version >= 1),
          menu TEXT NOT NULL CHECK (json_valid(menu)),
          published_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations.length;

export interface MigrationResult {
  from: number;
  to: number;
  /** The versions applied by this call, in order; empty when the database was up to date. */
  applied: number[];
}

/**
 * Brings the database up to the last step of `list`, one transaction per step, or throws
 * StoreVersionError when the file was written by a newer Huashu. `label` names the file in errors.
 */
export function migrate(
  db: Database,
  label: string,
  list: readonly Migration[] = migrations,
): MigrationResult {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration #${i} has version ${m.version}, expected ${i + 1}`);
    }
  });
  const latest = list.length;
  const userVersion = () => db.pragma("user_version", { simple: true }) as number;
  const from = userVersion();
  if (from > latest) throw new StoreVersionError(label, from, latest);
  const applied: number[] = [];
  for (const m of list.slice(from)) {
    // IMMEDIATE takes the write lock first, so two processes opening one file cannot both apply a step.
    db.transaction(() => {
      if (userVersion() >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
    }).immediate();
  }
  return { from, to: Math.max(from, userVersion()), applied };
}
