// Test support: a separate process that serves a database file (as main.ts opens it) until killed.
// Usage: node --import tsx server/store/serveDatabaseChild.ts <db path>
// Prints "serving <pid>" once it holds the serving lock, or the refusal on stderr and exits 1.
import { openSqliteStore } from "./sqliteStore";

const path = process.argv[2];
if (!path) throw new Error("usage: serveDatabaseChild.ts <db path>");
openSqliteStore(path, { serving: true }).then(
  (store) => {
    console.log(`serving ${process.pid}`);
    // Kept alive until the test kills this process (the store's threads do not hold it open). The
    // timer also keeps the store referenced: once collected as garbage, better-sqlite3 closes its
    // connections, and the last one to close deletes the -wal and -shm files while "serving".
    setInterval(() => store, 60_000);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
