// Schema versions: a new file is brought up to date once, a newer file is refused, a failed step leaves no trace.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LATEST_SCHEMA_VERSION, type Migration, migrate, migrations } from "./migrations";
import { openSqliteStore, sqliteDatabaseOf } from "./sqliteStore";
import { makeFlow, makeFollower } from "./storeContract";
import { StoreVersionError } from "./storeErrors";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-migrate-"));
  file = join(dir, "huashu.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const userVersion = (path: string) => {
  const db = new Database(path);
  try {
    return db.pragma("user_version", { simple: true });
  } finally {
    db.close();
  }
};

describe("migrations", () => {
  it("brings an empty file up to the latest version with every table", async () => {
    const store = await openSqliteStore(file);
    await store.close();
    expect(userVersion(file)).toBe(LATEST_SCHEMA_VERSION);
    const db = new Database(file);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    db.close();
    expect(tables).toEqual(
      expect.arrayContaining([
        "followers",
        "sessions",
        "messages",
        "processed",
        "outbound",
        "flow_versions",
        "counters",
        "service_sends",
        "flow_runs",
        "flow_run_nodes",
        "flow_runs_since",
        "menu_publishes",
      ]),
    );
  });

  it("does not run a step again when the file is reopened", () => {
    let runs = 0;
    const counted: Migration[] = migrations.map((m) => ({
      ...m,
      up(db) {
        runs += 1;
        m.up(db);
      },
    }));
    const first = new Database(file);
    expect(migrate(first, file, counted)).toEqual({
      from: 0,
      to: LATEST_SCHEMA_VERSION,
      applied: counted.map((m) => m.version),
    });
    first.close();
    const second = new Database(file);
    expect(migrate(second, file, counted)).toEqual({
      from: LATEST_SCHEMA_VERSION,
      to: LATEST_SCHEMA_VERSION,
      applied: [],
    });
    second.close();
    expect(runs).toBe(migrations.length);
  });

  it("applies only the new steps to an older file and keeps its data", async () => {
    const store = await openSqliteStore(file);
    await store.saveFollower({
      openid: "o1",
      firstSeenAt: 1,
      lastSeenAt: 2,
      subscribed: true,
      scene: null,
      tags: ["kept"],
      ab: {},
      messagesIn: 0,
      messagesOut: 0,
      lastMessageAt: null,
      lastEventAt: null,
      lastActiveAt: null,
      interactionDays: [],
    });
    await store.close();
    const next: Migration[] = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: "notes",
        up: (db) => db.exec("ALTER TABLE followers ADD COLUMN note TEXT"),
      },
    ];
    const db = new Database(file);
    expect(migrate(db, file, next).applied).toEqual([migrations.length + 1]);
    expect(db.prepare("SELECT tags, note FROM followers WHERE openid = 'o1'").get()).toEqual({
      tags: '["kept"]',
      note: null,
    });
    db.close();
  });

  it("rolls back a step that fails and leaves the version where it was", () => {
    const broken: Migration[] = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: "half done",
        up(db) {
          db.exec("CREATE TABLE half (x INTEGER)");
          throw new Error("disk on fire");
        },
      },
    ];
    const db = new Database(file);
    expect(() => migrate(db, file, broken)).toThrow(/disk on fire/);
    expect(db.pragma("user_version", { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it("refuses a database from a newer Huashu, naming the file and both versions", async () => {
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    const opening = openSqliteStore(file);
    await expect(opening).rejects.toBeInstanceOf(StoreVersionError);
    await expect(openSqliteStore(file)).rejects.toThrow(
      new RegExp(
        `huashu\\.db has schema version ${LATEST_SCHEMA_VERSION + 5}.*up to ${LATEST_SCHEMA_VERSION}; upgrade Huashu`,
      ),
    );
    expect(userVersion(file)).toBe(LATEST_SCHEMA_VERSION + 5);
  });

  it("step 3 gives a version-2 queue's pending messages their scheduled place", async () => {
    const old = new Database(file);
    migrate(old, file, migrations.slice(0, 2));
    const insert = old.prepare(
      `INSERT INTO outbound (openid, payload, created_at, not_before, attempts, status)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const text = (content: string) =>
      JSON.stringify({ touser: "o1", msgtype: "text", text: { content } });
    // A delayed send due at 5,000; a retried message (its not_before moved on to 9,000) enqueued
    // at 2,000; a later turn's message due at 3,000; a finished one.
    insert.run("o1", text("delayed"), 1_000, 5_000, 0, "pending");
    insert.run("o1", text("retried"), 2_000, 9_000, 1, "pending");
    insert.run("o1", text("later turn"), 3_000, 3_000, 0, "pending");
    insert.run("o1", text("sent"), 500, 500, 1, "sent");
    old.close();

    const store = await openSqliteStore(file);
    try {
      const rows = sqliteDatabaseOf(store)!
        .prepare("SELECT status, scheduled_at AS scheduledAt FROM outbound ORDER BY id")
        .all();
      expect(rows).toEqual([
        { status: "pending", scheduledAt: 5_000 },
        { status: "pending", scheduledAt: 2_000 },
        { status: "pending", scheduledAt: 3_000 },
        { status: "sent", scheduledAt: null },
      ]);
      const first = async (now: number) =>
        (await store.dueOutbound(now, 10)).map((m) => JSON.parse(m.payload).text.content);
      // The retried message comes first and holds the rest until its retry.
      expect(await first(8_999)).toEqual([]);
      const [retried] = await store.dueOutbound(9_000, 10);
      expect(JSON.parse(retried!.payload).text.content).toBe("retried");
      await store.markOutbound(retried!.id, { status: "sent", attempts: 2 });
      expect(await first(9_000)).toEqual(["later turn"]);
    } finally {
      await store.close();
    }
  });

  it("step 4 counts a version-3 queue's recent sends against the message quota", async () => {
    const HOUR = 3_600_000;
    const NEWEST = 1_000 * HOUR;
    const old = new Database(file);
    migrate(old, file, migrations.slice(0, 3));
    const insert = old.prepare(
      `INSERT INTO outbound (openid, payload, created_at, not_before, attempts, status)
       VALUES (?, '{}', ?, ?, 1, ?)`,
    );
    insert.run("o-newest", NEWEST - HOUR, NEWEST, "sent");
    // Retried: its last try, when it went out, was due at not_before.
    insert.run("o-retried", NEWEST - 47 * HOUR, NEWEST - 46 * HOUR, "sent");
    insert.run("o-edge", NEWEST - 49 * HOUR, NEWEST - 48 * HOUR, "sent");
    // Two days before the newest send: it can no longer count, and is not copied.
    insert.run("o-stale", NEWEST - 49 * HOUR, NEWEST - 48 * HOUR - 1, "sent");
    insert.run("o-failed", NEWEST, NEWEST, "failed");
    insert.run("o-pending", NEWEST, NEWEST, "pending");
    old.close();

    const store = await openSqliteStore(file);
    try {
      expect(await store.recentSends(0)).toEqual([
        { openid: "o-edge", window: "message", at: NEWEST - 48 * HOUR },
        { openid: "o-retried", window: "message", at: NEWEST - 46 * HOUR },
        { openid: "o-newest", window: "message", at: NEWEST },
      ]);
    } finally {
      await store.close();
    }
  });

  it("step 4 copies nothing from a queue that never sent", () => {
    const db = new Database(file);
    migrate(db, file, migrations.slice(0, 3));
    db.prepare(
      `INSERT INTO outbound (openid, payload, created_at, not_before, status)
       VALUES ('o1', '{}', 1, 1, 'failed')`,
    ).run();
    migrate(db, file);
    expect(db.prepare("SELECT COUNT(*) AS n FROM service_sends").get()).toEqual({ n: 0 });
    db.close();
  });

  it("step 5 keeps a version-4 file's processed ids, none of them pending", async () => {
    const old = new Database(file);
    migrate(old, file, migrations.slice(0, 4));
    old
      .prepare("INSERT INTO processed (dedup_key, reply, at) VALUES ('msg:1', '<xml/>', 100)")
      .run();
    old.close();

    const store = await openSqliteStore(file);
    try {
      expect(await store.processedReply("msg:1")).toBe("<xml/>");
      expect(await store.pendingTurns()).toEqual([]);
      // Still a handled message: its turn cannot be committed again.
      await expect(
        store.acceptTurn({ dedupKey: "msg:1", openid: "o1", reply: "x", at: 200, resume: "{}" }),
      ).rejects.toThrow(/already/);
    } finally {
      await store.close();
    }
  });

  it("step 6 gives a version-5 file's message keys their follower, so a retry after the upgrade is still known", async () => {
    const old = new Database(file);
    migrate(old, file, migrations.slice(0, 5));
    const insert = old.prepare(
      "INSERT INTO processed (dedup_key, reply, at, pending) VALUES (?, ?, ?, ?)",
    );
    const replyTo = (openid: string) =>
      `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[gh_x]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>`;
    insert.run("msg:101", replyTo("oA"), 100, null);
    insert.run("msg:102", "success", 100, JSON.stringify({ openid: "oB", resume: "{}" }));
    insert.run("msg:103", "success", 100, null);
    insert.run("msg:104", replyTo("oC"), 100, "not json");
    insert.run("evt:oD:1:subscribe:", replyTo("oD"), 100, null);
    migrate(old, file);
    // A pending record that is not JSON does not stop the step: the reply names the follower.
    expect(old.prepare("SELECT dedup_key FROM processed ORDER BY dedup_key").pluck().all()).toEqual(
      ["evt:oD:1:subscribe:", "msg:103", "msg:oA:101", "msg:oB:102", "msg:oC:104"],
    );
    old.prepare("DELETE FROM processed WHERE dedup_key = 'msg:oC:104'").run();
    old.close();

    const store = await openSqliteStore(file);
    try {
      expect(await store.processedReply("msg:oA:101")).toBe(replyTo("oA"));
      expect((await store.pendingTurns()).map((p) => [p.dedupKey, p.openid])).toEqual([
        ["msg:oB:102", "oB"],
      ]);
      // No follower to be found: the old key stays, as harmless as before.
      expect(await store.processedReply("msg:103")).toBe("success");
      expect(await store.processedReply("evt:oD:1:subscribe:")).toBe(replyTo("oD"));
      expect(await store.processedReply("msg:101")).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("step 7 counts a version-6 file's follower messages and own events of the last 30 days", async () => {
    const old = new Database(file);
    migrate(old, file, migrations.slice(0, 6));
    const DAY = 86_400_000;
    // Noon in China on some day; the log's latest message is the migration's "now".
    const noon = Date.UTC(2026, 10, 20, 4);
    const day = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY);
    const follower = old.prepare(
      `INSERT INTO followers (openid, first_seen_at, last_seen_at, subscribed, messages_in)
       VALUES (?, 0, 0, 1, ?)`,
    );
    follower.run("oA", 9);
    follower.run("oB", 1);
    follower.run("oQuiet", 40);
    const log = old.prepare(
      "INSERT INTO messages (openid, direction, at, msg_type, content) VALUES (?, ?, ?, ?, ?)",
    );
    const event = (name: string) => JSON.stringify({ MsgType: "event", Event: name });
    log.run("oA", "in", noon, "text", "{}");
    log.run("oA", "in", noon - 1000, "image", "{}");
    log.run("oA", "in", noon - 2 * DAY, "event", event("CLICK"));
    log.run("oA", "in", noon - 2 * DAY, "event", event("subscribe"));
    // Not the follower's doing, or not an interaction: not counted.
    log.run("oA", "in", noon - DAY, "event", event("LOCATION"));
    log.run("oA", "in", noon - DAY, "event", event("TEMPLATESENDJOBFINISH"));
    log.run("oA", "in", noon - DAY, "event", event("unsubscribe"));
    // A row whose content is not JSON (nothing checks it) does not stop the step.
    log.run("oA", "in", noon - DAY, "event", "not json");
    log.run("oA", "out", noon - DAY, "text", "{}");
    // Older than 30 days before the latest message.
    log.run("oA", "in", noon - 31 * DAY, "text", "{}");
    log.run("oB", "in", noon - 29 * DAY, "text", "{}");
    log.run("oQuiet", "in", noon - 40 * DAY, "text", "{}");
    migrate(old, file);
    old.close();

    const store = await openSqliteStore(file);
    try {
      expect((await store.getFollower("oA"))?.interactionDays).toEqual([
        [day(noon - 2 * DAY), 2],
        [day(noon), 2],
      ]);
      expect((await store.getFollower("oB"))?.interactionDays).toEqual([[day(noon - 29 * DAY), 1]]);
      expect((await store.getFollower("oQuiet"))?.interactionDays).toEqual([]);
      // The rest of the row is as it was.
      expect((await store.getFollower("oQuiet"))?.messagesIn).toBe(40);
    } finally {
      await store.close();
    }
  });

  it("step 8 adds the funnel's runs to a version-7 file, counting from the upgrade on", async () => {
    const old = new Database(file);
    migrate(old, file, migrations.slice(0, 7));
    // A conversation in progress at the upgrade: its run began before counting and stays uncounted.
    old
      .prepare(
        `INSERT INTO sessions (openid, session, flow_id, flow_version, status, updated_at, expires_at)
         VALUES ('oA', ?, 'f', 1, 'active', 1, 9e15)`,
      )
      .run(JSON.stringify({ flowId: "f", startedAt: 1, status: "active" }));
    old.close();
    const before = Date.now();
    const store = await openSqliteStore(file);
    try {
      expect(userVersion(file)).toBe(LATEST_SCHEMA_VERSION);
      const report = await store.funnelReport({ flowId: "f", fromDay: 0, toDay: 1e6, now: 0 });
      expect(report.runs).toBe(0);
      expect(report.since).toBeGreaterThanOrEqual(before - 1);
      expect(report.since).toBeLessThanOrEqual(Date.now() + 1);
      const run = {
        flowId: "f",
        startedAt: 1,
        version: 1,
        started: false,
        reached: ["pay"],
        lastNodeId: "pay",
        outcome: "completed" as const,
        expiresAt: 2,
      };
      await store.commitTurn({
        dedupKey: "m1",
        reply: "success",
        follower: makeFollower("oA"),
        session: null,
        log: [],
        outbound: [],
        runs: [run, { ...run, startedAt: 5, started: true }],
        now: 5,
      });
      const after = await store.funnelReport({ flowId: "f", fromDay: 0, toDay: 1e6, now: 0 });
      expect([after.runs, after.nodes.pay?.completed]).toEqual([1, 1]);
    } finally {
      await store.close();
    }
  });

  it("step 9 dates a version-8 file's followers' last own doing, menu links included", async () => {
    const old = new Database(file);
    migrate(old, file, migrations.slice(0, 8));
    const DAY = 86_400_000;
    const noon = Date.UTC(2026, 10, 20, 4);
    const follower = old.prepare(
      `INSERT INTO followers (openid, first_seen_at, last_seen_at, subscribed, last_message_at, last_event_at)
       VALUES (?, 0, 0, 1, ?, ?)`,
    );
    follower.run("oWrote", noon - 100 * DAY, noon - 120 * DAY);
    follower.run("oClicked", null, noon - 5 * DAY);
    follower.run("oLink", noon - 100 * DAY, null);
    follower.run("oNever", null, null);
    const log = old.prepare(
      "INSERT INTO messages (openid, direction, at, msg_type, content) VALUES (?, 'in', ?, 'event', ?)",
    );
    const event = (name: string) => JSON.stringify({ MsgType: "event", Event: name });
    // A menu link 40 days ago: past the 30 days of interactions, and still not silent since then.
    log.run("oLink", noon - 40 * DAY, event("VIEW"));
    log.run("oLink", noon - 60 * DAY, event("pic_weixin"));
    // Not the follower's doing: no date.
    log.run("oNever", noon - DAY, event("TEMPLATESENDJOBFINISH"));
    log.run("oNever", noon - DAY, "not json");
    migrate(old, file);
    old.close();

    const store = await openSqliteStore(file);
    try {
      const lastActive = async (openid: string) => (await store.getFollower(openid))?.lastActiveAt;
      expect(await lastActive("oWrote")).toBe(noon - 100 * DAY);
      expect(await lastActive("oClicked")).toBe(noon - 5 * DAY);
      expect(await lastActive("oLink")).toBe(noon - 40 * DAY);
      expect(await lastActive("oNever")).toBeNull();
    } finally {
      await store.close();
    }
  });

  it("step 10 gives a version-9 file an empty menu history and keeps its flows", async () => {
    const v9 = new Database(file);
    migrate(v9, file, migrations.slice(0, 9));
    v9.prepare(
      "INSERT INTO flow_versions (flow_id, version, flow, published_at, note) VALUES ('a', 1, ?, 5, '')",
    ).run(JSON.stringify(makeFlow("a")));
    v9.close();

    const store = await openSqliteStore(file);
    try {
      expect(userVersion(file)).toBe(LATEST_SCHEMA_VERSION);
      expect((await store.latestFlows()).map((p) => [p.flowId, p.version])).toEqual([["a", 1]]);
      expect(await store.listMenuPublishes(5)).toEqual([]);
      const menu = { schemaVersion: 1 as const, buttons: [] };
      expect(await store.recordMenuPublish(menu, 7)).toEqual({ version: 1, publishedAt: 7 });
    } finally {
      await store.close();
    }
  });

  it("refuses a list of steps with a gap", () => {
    const db = new Database(":memory:");
    const gap: Migration[] = [{ version: 2, name: "x", up: () => {} }];
    expect(() => migrate(db, ":memory:", gap)).toThrow(/version 2, expected 1/);
    db.close();
  });
});
