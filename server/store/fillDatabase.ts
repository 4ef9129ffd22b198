// Test support: makes a store's database full as a full disk does, and frees it again.
import { setSqliteMaxPageCount, sqliteDatabaseOf } from "./sqliteStore";
import type { Store } from "./types";

/**
 * Caps the database at its size (SqliteStoreOptions.maxPageCount), then takes the room left in its
 * free pages with filler rows, so a write that needs a page fails with SQLITE_FULL. A write that
 * fits in room a page still has succeeds, as on a real full disk.
 */
export async function fillDatabase(store: Store): Promise<void> {
  const db = sqliteDatabaseOf(store);
  if (!db) throw new Error("fillDatabase: not a store made by openSqliteStore");
  db.exec("CREATE TABLE IF NOT EXISTS test_filler (x BLOB)");
  await setSqliteMaxPageCount(store, 1);
  const insert = db.prepare("INSERT INTO test_filler VALUES (?)");
  for (const size of [4000, 1000, 250, 60, 15, 1]) {
    try {
      for (;;) insert.run(Buffer.alloc(size));
    } catch (error) {
      if ((error as { code?: unknown }).code !== "SQLITE_FULL") throw error;
    }
  }
}

/** Space freed: the database may grow again (the filler rows stay, as the files that filled a disk). */
export async function freeDatabase(store: Store): Promise<void> {
  await setSqliteMaxPageCount(store, 1_000_000_000);
}
