// Runs the store contract against SQLite, on a temporary file and in memory, plus SQLite-only checks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  openSqliteStore,
  sqliteCheckpointerOf,
  sqliteDatabaseOf,
  sqliteTurnWriterOf,
  sqliteWriterThreadOf,
} from "./sqliteStore";
import { makeFlow, makeFollower, makeSession, runStoreContract } from "./storeContract";
import { DuplicateTurnError, StoreCorruptError, StoreInputError } from "./storeErrors";
import type { FollowerRecord, Store, TurnCommit } from "./types";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "huashu-store-"));
}

// As the server opens it: records cached, writes and WAL checkpoints on worker threads.
const serverOptions = { backgroundCheckpoints: true, writerThread: true };
runStoreContract("SQLite file, as the server opens it", async () => {
  const dir = tempDir();
  const file = join(dir, "nested", "huashu.db");
  let current: Store = await openSqliteStore(file, serverOptions);
  return {
    store: current,
    async reopen() {
      current = await openSqliteStore(file, serverOptions);
      return current;
    },
    async cleanup() {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

// Writing on the calling thread: the fallback, the CLI tools and most tests.
runStoreContract("SQLite file", async () => {
  const dir = tempDir();
  const file = join(dir, "nested", "huashu.db");
  let current: Store = await openSqliteStore(file);
  return {
    store: current,
    async reopen() {
      current = await openSqliteStore(file);
      return current;
    },
    async cleanup() {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

runStoreContract("SQLite :memory:, no record cache", async () => {
  const store = await openSqliteStore(":memory:", { cachedRecords: 0 });
  return { store, cleanup: () => store.close() };
});

function turnOf(openid: string, dedupKey: string, now: number): TurnCommit {
  return {
    dedupKey,
    reply: "success",
    follower: makeFollower(openid, { lastSeenAt: now, lastMessageAt: now, tags: ["vip"] }),
    session: makeSession({ updatedAt: now, expiresAt: now + 1_000 }),
    log: [
      { openid, direction: "in", at: now, msgType: "text", content: "{}" },
      { openid, direction: "out", at: now, msgType: "text", content: "{}", channel: "passive" },
    ],
    outbound: [],
    runs: [],
    now,
  };
}

describe("SQLite store", () => {
  it("creates the folder, and opens in WAL mode with the agreed settings", async () => {
    const dir = tempDir();
    try {
      const store = await openSqliteStore(join(dir, "a", "b", "huashu.db"));
      const db = sqliteDatabaseOf(store);
      expect(db?.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db?.pragma("synchronous", { simple: true })).toBe(1);
      expect(db?.pragma("busy_timeout", { simple: true })).toBe(5000);
      expect(db?.pragma("foreign_keys", { simple: true })).toBe(1);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the table and key of a corrupt row instead of crashing", async () => {
    // The rows are changed behind the store's back, which its record cache would not see.
    const store = await openSqliteStore(":memory:", { cachedRecords: 0 });
    const db = sqliteDatabaseOf(store);
    if (!db) throw new Error("no database");
    await store.saveFollower(makeFollower("o1"));
    await store.saveSession("o1", makeSession());
    await store.publishFlow(makeFlow("a"), 1);
    db.prepare(`UPDATE followers SET tags = '{"not":"a list"}' WHERE openid = 'o1'`).run();
    db.prepare(`UPDATE sessions SET session = '{"flowId": 3}' WHERE openid = 'o1'`).run();
    db.exec("DROP TRIGGER flow_versions_no_update");
    db.prepare(`UPDATE flow_versions SET flow = '{"schemaVersion":1}'`).run();

    const follower = store.getFollower("o1");
    await expect(follower).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(store.getFollower("o1")).rejects.toMatchObject({ table: "followers", key: "o1" });
    await expect(store.getSession("o1")).rejects.toMatchObject({ table: "sessions", key: "o1" });
    await expect(store.getSession("o1")).rejects.toThrow(/sessions.*flowId/);
    await expect(store.latestFlows()).rejects.toMatchObject({ table: "flow_versions", key: "a@1" });
    await store.saveFollower(makeFollower("o3"));
    db.prepare(`UPDATE followers SET interaction_days = '[[20400]]' WHERE openid = 'o3'`).run();
    await expect(store.getFollower("o3")).rejects.toThrow(/followers.*interaction_days/);
    await store.recordMenuPublish({ schemaVersion: 1, buttons: [] }, 1);
    db.prepare(`UPDATE menu_publishes SET menu = '{"schemaVersion":1,"buttons":"x"}'`).run();
    await expect(store.listMenuPublishes(5)).rejects.toThrow(/menu_publishes.*buttons/);
    // Other rows still read: one bad row does not take the store down.
    await store.saveFollower(makeFollower("o2"));
    expect((await store.getFollower("o2"))?.openid).toBe("o2");
    await store.close();
  });

  it("says which follower could not be written, and reports a closed store as such", async () => {
    const store = await openSqliteStore(":memory:");
    const partial = { ...makeFollower("o1"), firstSeenAt: undefined } as unknown as FollowerRecord;
    await expect(store.saveFollower(partial)).rejects.toThrow(/cannot write follower o1/);
    await expect(store.saveFollower(partial)).rejects.toBeInstanceOf(StoreInputError);
    await store.close();
    const afterClose = store.getFollower("o1");
    await expect(afterClose).rejects.toThrow(/not open/);
    await expect(store.saveFollower(makeFollower("o1"))).rejects.not.toBeInstanceOf(
      StoreInputError,
    );
  });

  it("refuses to change or delete a published version", async () => {
    const store = await openSqliteStore(":memory:");
    await store.publishFlow(makeFlow("a"), 1);
    const db = sqliteDatabaseOf(store);
    expect(() => db?.prepare("UPDATE flow_versions SET note = 'x'").run()).toThrow(/immutable/);
    expect(() => db?.prepare("DELETE FROM flow_versions").run()).toThrow(/immutable/);
    await store.close();
  });

  it("uses the indexes on the hot paths", async () => {
    const store = await openSqliteStore(":memory:");
    const db = sqliteDatabaseOf(store);
    if (!db) throw new Error("no database");
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join("; ");
    expect(plan("SELECT * FROM followers WHERE openid = 'x'")).toMatch(/PRIMARY KEY/);
    expect(plan("SELECT session FROM sessions WHERE openid = 'x'")).toMatch(/INDEX/);
    expect(
      plan("SELECT * FROM messages WHERE openid = 'x' ORDER BY at DESC, id DESC LIMIT 5"),
    ).toMatch(/messages_openid_at/);
    expect(plan("DELETE FROM processed WHERE at < 5")).toMatch(/processed_at/);
    expect(plan("DELETE FROM sessions WHERE expires_at < 5")).toMatch(/sessions_expires_at/);
    expect(
      plan(`SELECT o.id FROM outbound o WHERE o.status = 'pending' AND o.not_before <= 5
        AND NOT EXISTS (SELECT 1 FROM outbound e WHERE e.openid = o.openid AND e.status = 'pending' AND e.id < o.id)
        ORDER BY o.id LIMIT 10`),
    ).toMatch(
      /outbound_due.*outbound_pending_by_follower|outbound_pending_by_follower.*outbound_due/s,
    );
    await store.close();
  });

  it.each([
    ["writing here", {}],
    ["writing on its writer thread", serverOptions],
  ])("answers from its record cache exactly what the database holds, %s", async (_, options) => {
    const dir = tempDir();
    const file = join(dir, "huashu.db");
    const cached = await openSqliteStore(file, options);
    const reader = await openSqliteStore(file, { cachedRecords: 0 });
    const same = async (openid: string) => {
      expect(await cached.getFollower(openid)).toEqual(await reader.getFollower(openid));
      expect(await cached.getSession(openid)).toEqual(await reader.getSession(openid));
    };
    try {
      // Unknown first (cached as "none"), then created and advanced by turns.
      expect(await cached.getFollower("o1")).toBeUndefined();
      await cached.commitTurn(turnOf("o1", "k1", 10));
      await same("o1");
      await cached.commitTurn(turnOf("o1", "k2", 20));
      await same("o1");
      expect((await cached.getFollower("o1"))?.messagesIn).toBe(2);
      // Sent later by the dispatcher: the counters move in both.
      await cached.logMessages([
        { openid: "o1", direction: "out", at: 30, msgType: "text", content: "{}" },
      ]);
      await same("o1");
      expect((await cached.getFollower("o1"))?.messagesOut).toBe(3);
      await cached.saveSession("o1", null);
      await same("o1");
      await cached.saveSession("o1", makeSession({ expiresAt: 5 }));
      expect(await cached.purgeExpiredSessions(100)).toBe(1);
      await same("o1");
      // A duplicate turn changes nothing, in the cache either.
      await expect(cached.commitTurn(turnOf("o1", "k2", 40))).rejects.toThrow();
      await same("o1");
    } finally {
      await cached.close();
      await reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hands out cached records that cannot be changed in place", async () => {
    const store = await openSqliteStore(":memory:");
    await store.commitTurn(turnOf("o1", "k1", 10));
    const follower = await store.getFollower("o1");
    const session = await store.getSession("o1");
    expect(() => follower?.tags.push("x")).toThrow(TypeError);
    expect(() => {
      if (session) session.variables.name = "x";
    }).toThrow(TypeError);
    expect((await store.getFollower("o1"))?.tags).toEqual(["vip"]);
    await store.close();
  });

  it("never answers from the cache what the writer thread has already changed in the database", async () => {
    const dir = tempDir();
    const file = join(dir, "huashu.db");
    const store = await openSqliteStore(file, serverOptions);
    try {
      const db = sqliteDatabaseOf(store)!;
      // A new follower: the turn reads "no follower, no session", and the cache remembers that.
      expect(await store.getFollower("o-new")).toBeUndefined();
      expect(await store.getSession("o-new")).toBeUndefined();
      const turn = {
        ...turnOf("o-new", "k-new", 10),
        outbound: [{ openid: "o-new", payload: "{}", notBefore: 10 }],
      };
      const committing = store.commitTurn(turn);
      // The batch goes to the thread on the next turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      // Wait without yielding, so the thread's answer cannot be handled yet: this is the moment
      // when the outbound dispatcher may already see the turn's queued message.
      const queued = db.prepare("SELECT 1 FROM outbound WHERE openid = ?");
      const giveUpAt = Date.now() + 10_000;
      while (!queued.get("o-new") && Date.now() < giveUpAt) {
        // spin
      }
      expect(queued.get("o-new")).toBeDefined();
      // The follower and session as committed, not the cached "none" from before the turn.
      const [follower, session] = [store.getFollower("o-new"), store.getSession("o-new")];
      expect((await follower)?.lastMessageAt).toBe(10);
      expect((await session)?.updatedAt).toBe(10);
      await committing;
      expect((await store.getFollower("o-new"))?.messagesIn).toBe(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("still knows the messages handled before a restart, whether a new turn or a retry comes first", async () => {
    const dir = tempDir();
    const file = join(dir, "huashu.db");
    try {
      const first = await openSqliteStore(file, serverOptions);
      await first.commitTurn(turnOf("o1", "k1", 10));
      await first.commitTurn(turnOf("o2", "k2", 11));
      await first.close();

      // A new turn first: the processed ids must come from the table, not only from this turn.
      const second = await openSqliteStore(file, serverOptions);
      await second.commitTurn(turnOf("o3", "k3", 12));
      expect(await second.processedReply("k1")).toBe("success");
      await expect(second.commitTurn(turnOf("o2", "k2", 13))).rejects.toBeInstanceOf(
        DuplicateTurnError,
      );
      await second.close();

      // A retry first.
      const third = await openSqliteStore(file, serverOptions);
      expect(await third.processedReply("k2")).toBe("success");
      expect(await third.processedReply("k3")).toBe("success");
      expect(await third.processedReply("k4")).toBeUndefined();
      await third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checkpoints the WAL on a worker thread and keeps every write", async () => {
    const dir = tempDir();
    const file = join(dir, "huashu.db");
    try {
      const store = await openSqliteStore(file, { backgroundCheckpoints: true });
      const db = sqliteDatabaseOf(store);
      // SQLite's own checkpoints during commits are off; the worker does them.
      expect(db?.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
      for (let i = 0; i < 300; i++) await store.commitTurn(turnOf(`o${i}`, `k${i}`, i));
      const checkpointer = sqliteCheckpointerOf(store);
      await expect.poll(() => checkpointer?.stats.runs ?? 0, { timeout: 5_000 }).toBeGreaterThan(0);
      await expect
        .poll(
          () =>
            checkpointer && checkpointer.stats.walFrames > 0
              ? checkpointer.stats.checkpointedFrames
              : -1,
          { timeout: 5_000 },
        )
        .toBe(checkpointer?.stats.walFrames);
      await store.close();
      const again = await openSqliteStore(file, { fileMustExist: true });
      expect(await again.countFollowers()).toBe(300);
      expect(await again.counters()).toEqual({ messagesIn: 300, messagesOut: 300 });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes on its writer thread, and on its own thread once that thread is gone", async () => {
    const dir = tempDir();
    const file = join(dir, "huashu.db");
    try {
      const store = await openSqliteStore(file, serverOptions);
      const thread = sqliteWriterThreadOf(store);
      expect(thread?.alive).toBe(true);
      expect((await store.health(0)).writes).toBe("thread");
      // Group commit steps aside: the thread batches by itself.
      expect(sqliteTurnWriterOf(store)).toBeUndefined();
      await store.commitTurn(turnOf("o1", "k1", 10));
      // Written by the thread's connection, read back on this one.
      expect(await store.processedReply("k1")).toBe("success");
      await expect(store.commitTurn(turnOf("o1", "k1", 11))).rejects.toBeInstanceOf(
        DuplicateTurnError,
      );
      await expect(store.saveFollower(makeFollower("o".repeat(200)))).rejects.toBeInstanceOf(
        StoreInputError,
      );
      const partial = {
        ...makeFollower("o3"),
        firstSeenAt: undefined,
      } as unknown as FollowerRecord;
      await expect(store.saveFollower(partial)).rejects.toThrow(/cannot write follower o3/);

      await thread?.terminate(); // as if it had crashed
      expect(thread?.alive).toBe(false);
      expect((await store.health(0)).writes).toBe("in-process");
      await store.commitTurn(turnOf("o2", "k2", 20));
      expect(await store.processedReply("k2")).toBe("success");
      expect(await store.counters()).toEqual({ messagesIn: 2, messagesOut: 2 });
      await store.close();

      const again = await openSqliteStore(file, { fileMustExist: true });
      expect(await again.countFollowers()).toBe(2);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
