// A database that is really full: SQLite's page cap (SqliteStoreOptions.maxPageCount) on every
// connection that writes, so a write that needs a new page fails with SQLITE_FULL as on a full disk.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fillDatabase, freeDatabase } from "./fillDatabase";
import {
  openSqliteStore,
  setSqliteMaxPageCount,
  sqliteDatabaseOf,
  sqliteWriterThreadOf,
} from "./sqliteStore";
import { makeFollower, makeSession } from "./storeContract";
import { StoreFullError } from "./storeErrors";
import type { Store, TurnCommit } from "./types";

let dir: string | undefined;
let store: Store | undefined;
/** The store's warnings (process.emitWarning). */
let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(process, "emitWarning").mockImplementation((w) => void warnings.push(String(w)));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await store?.close();
  store = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A migrated database file, opened with `options`. */
async function openFile(options: Parameters<typeof openSqliteStore>[1] = {}): Promise<Store> {
  dir = mkdtempSync(join(tmpdir(), "huashu-full-"));
  const path = join(dir, "huashu.db");
  await (await openSqliteStore(path)).close();
  store = await openSqliteStore(path, options);
  return store;
}

/**
 * A turn whose logged message is larger than a page: it needs a fresh (overflow) page, so it
 * cannot fit in room left in the pages the database has.
 */
function bigTurn(openid: string, dedupKey: string, now = 1_000): TurnCommit {
  return {
    dedupKey,
    reply: "success",
    follower: makeFollower(openid, { lastSeenAt: now, lastMessageAt: now }),
    session: makeSession({ updatedAt: now, expiresAt: now + 60_000 }),
    log: [{ openid, direction: "in", at: now, msgType: "text", content: "投诉".repeat(2_000) }],
    outbound: [],
    runs: [],
    now,
  };
}

describe("page cap (a full database for tests)", () => {
  it("caps the writer thread's connection and the store's own, and lifts when raised", async () => {
    const s = await openFile({ writerThread: true, maxPageCount: 1 });
    // SQLite keeps what is there: the cap is the database's size when it was set.
    await expect(s.commitTurn(bigTurn("o1", "k1"))).rejects.toMatchObject({ code: "SQLITE_FULL" });
    await sqliteWriterThreadOf(s)?.terminate();
    expect((await s.health(0)).writes).toBe("in-process");
    await expect(s.commitTurn(bigTurn("o1", "k1"))).rejects.toMatchObject({ code: "SQLITE_FULL" });
    expect(await s.processedReply("k1")).toBeUndefined();

    expect(await setSqliteMaxPageCount(s, 100_000)).toBe(100_000);
    await s.commitTurn(bigTurn("o1", "k1"));
    expect(await s.processedReply("k1")).toBe("success");
  });

  it("is set at run time on both connections, never below the database's size", async () => {
    const s = await openFile({ writerThread: true });
    await s.commitTurn(bigTurn("o1", "k1"));
    const pages = await setSqliteMaxPageCount(s, 1);
    expect(pages).toBeGreaterThan(1);
    await expect(s.commitTurn(bigTurn("o2", "k2"))).rejects.toMatchObject({ code: "SQLITE_FULL" });
    await sqliteWriterThreadOf(s)?.terminate();
    await expect(s.commitTurn(bigTurn("o2", "k2"))).rejects.toMatchObject({ code: "SQLITE_FULL" });

    await setSqliteMaxPageCount(s, pages + 100);
    await s.commitTurn(bigTurn("o2", "k2"));
    expect(await s.counters()).toEqual({ messagesIn: 2, messagesOut: 0 });
    await expect(setSqliteMaxPageCount(s, 0)).rejects.toBeInstanceOf(RangeError);
  });
});

describe.each([
  ["on its writer thread", { writerThread: true }],
  ["in-process", {}],
])("a full database, written %s", (_, options) => {
  it("names the file and what was not stored, and says once that it is full and once that it is not", async () => {
    const s = await openFile(options);
    const path = join(dir!, "huashu.db");
    await s.commitTurn(bigTurn("o1", "k1"));
    await fillDatabase(s);

    const refused = s.commitTurn(bigTurn("o2", "k2"));
    await expect(refused).rejects.toBeInstanceOf(StoreFullError);
    await expect(refused).rejects.toThrow(
      `the database ${path} is full (no space left on its disk), so the turn k2 of follower o2 was not stored`,
    );
    await expect(s.commitTurn(bigTurn("o3", "k3"))).rejects.toBeInstanceOf(StoreFullError);
    // A write that fits in a page the database has still succeeds, and the database stays full.
    await s.saveFollower(makeFollower("o1", { lastSeenAt: 2_000 }));
    expect((await s.health(0)).writesRefused).toMatch(
      new RegExp(`^full since .*: ${path} has no space left on its disk`),
    );
    expect(warnings).toEqual([expect.stringMatching(`the database ${path} is full`)]);

    await freeDatabase(s);
    await s.commitTurn(bigTurn("o2", "k2"));
    expect((await s.health(0)).writesRefused).toBeNull();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(`the database ${path} takes writes again, after it was full since`);
    expect(warnings[1]).toMatch(
      "2 follower message(s) could not be stored, so were not answered, and 0 other write(s) were refused",
    );
  });

  it("closes while full: the file is released, and nothing is lost", async () => {
    dir = mkdtempSync(join(tmpdir(), "huashu-full-"));
    // Never analyzed: closing asks SQLite to (PRAGMA optimize), which writes its statistics.
    const s = await openSqliteStore(join(dir, "huashu.db"), { ...options, serving: true });
    store = s;
    await s.commitTurn(bigTurn("o1", "k1"));
    expect(await s.processedReply("k1")).toBe("success");
    await fillDatabase(s);
    await s.close();
    expect(sqliteDatabaseOf(s)?.open).toBe(false);
    store = await openSqliteStore(join(dir!, "huashu.db"), { serving: true });
    expect(await store.processedReply("k1")).toBe("success");
  });
});
