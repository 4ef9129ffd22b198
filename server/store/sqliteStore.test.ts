// Runs the store contract against SQLite, on a temporary file and in memory, plus SQLite-only checks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSqliteStore, sqliteDatabaseOf } from "./sqliteStore";
import { makeFlow, makeFollower, makeSession, runStoreContract } from "./storeContract";
import { StoreCorruptError, StoreInputError } from "./storeErrors";
import type { FollowerRecord, Store } from "./types";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "huashu-store-"));
}

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

runStoreContract("SQLite :memory:", async () => {
  const store = await openSqliteStore(":memory:");
  return { store, cleanup: () => store.close() };
});

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
    const store = await openSqliteStore(":memory:");
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
});
