// Lets one server process at a time serve a database file: a second one is refused, naming the first.
//
// Why a lock at all: the serving store keeps followers, sessions, processed message ids and turns in
// flight in memory, which is only right while it is the database's only writer of those. The publish
// CLI opens the same file without this lock while a server runs: it writes only flow versions, which
// the store does not cache and the runtime's flow catalog re-reads within 5 s (flowCatalog.ts).
//
// Why this mechanism: the lock is an operating-system file lock that SQLite takes for us on a small
// side database, `<db>.lock` (Node has no flock; better-sqlite3 is already here). The holder keeps a
// read transaction open on it, i.e. a SHARED lock, for as long as it serves. Taking the lock means
// committing a write to that file, which needs an EXCLUSIVE lock and so fails while anyone holds
// SHARED. The kernel drops the lock when the holder exits however it ends (crash, SIGKILL, OOM), so a
// dead server's lock is free at once: no pid-liveness check, which a reused pid fools (a restarted
// container runs the server under the same pid), and nothing for an operator to delete. The write
// records the holder's pid, host and start, which a refused process reads for its message. Not a lock
// on the database file itself: SQLite's WAL locks there are its own, and an exclusive lock would shut
// out the publish CLI too.
//
// Caveats: the lock is released if this process opens and closes `<db>.lock` by other means (POSIX
// locks are per process), so nothing but this module touches it; and deleting the file while a
// server runs lets a second one start. Network file systems may not honour the lock at all.
import { randomUUID } from "node:crypto";
import { realpathSync } from "node:fs";
import { hostname } from "node:os";
import Database from "better-sqlite3";

export interface ServingLock {
  /** The side file whose lock is held. */
  readonly path: string;
  /** Lets another process serve the database. Idempotent. */
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  since: number;
  token: string;
}

/** Another live process serves the database (or did while we tried to take it). */
export class DatabaseServedError extends Error {
  override readonly name = "DatabaseServedError";
  constructor(
    readonly dbPath: string,
    readonly holder: Omit<Holder, "token"> | undefined,
  ) {
    const who = holder
      ? `process ${holder.pid}${holder.host === hostname() ? "" : ` on host ${holder.host}`} (since ${new Date(holder.since).toISOString()})`
      : "another process";
    super(
      `${dbPath} is already served by ${who}; run one Huashu server per database: stop that process or set HUASHU_DB to another file (每个数据库只能由一个 Huashu 服务进程使用)`,
    );
  }
}

/**
 * The connections holding locks. better-sqlite3 closes a connection it collects as garbage, which
 * would drop the lock while the server still runs if its store were no longer referenced.
 */
const held = new Set<Database.Database>();

/** Waits out another process that is in the middle of taking or checking the lock. */
const BRIEF_WAIT_MS = 2000;

/**
 * Takes the serving lock of `dbPath` (an absolute path) or throws DatabaseServedError. Synchronous,
 * so two opens in one thread cannot interleave.
 */
export function takeServingLock(dbPath: string): ServingLock {
  const path = `${lockedFile(dbPath)}.lock`;
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    holdLock(db, dbPath);
  } catch (error) {
    db?.close();
    if (error instanceof DatabaseServedError) throw error;
    throw new Error(
      `Huashu store: cannot take the serving lock ${path} (${(error as Error).message}); the folder of the database must be writable, and the file must be the one Huashu made (delete it when no server runs)`,
    );
  }
  const connection = db;
  held.add(connection);
  return {
    path,
    release() {
      // Ends the read transaction, and with it the lock; the file stays for the next server.
      held.delete(connection);
      if (connection.open) connection.close();
    },
  };
}

/**
 * The file the lock belongs to: a symbolic link names the same database (SQLite follows it), so it
 * must share its lock.
 */
function lockedFile(dbPath: string): string {
  try {
    return realpathSync(dbPath);
  } catch {
    return dbPath; // Not there yet: this open creates it.
  }
}

const isBusy = (error: unknown) => (error as { code?: string }).code === "SQLITE_BUSY";

function holdLock(db: Database.Database, dbPath: string): void {
  db.pragma(`busy_timeout = ${BRIEF_WAIT_MS}`);
  db.exec(`CREATE TABLE IF NOT EXISTS server (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    pid INTEGER NOT NULL, host TEXT NOT NULL, since INTEGER NOT NULL, token TEXT NOT NULL)`);
  const readHolder = db.prepare<[], Holder>("SELECT pid, host, since, token FROM server");
  const me: Holder = { pid: process.pid, host: hostname(), since: Date.now(), token: randomUUID() };
  const refused = (): never => {
    db.pragma(`busy_timeout = ${BRIEF_WAIT_MS}`);
    if (db.inTransaction) db.exec("ROLLBACK");
    let holder: Holder | undefined;
    try {
      holder = readHolder.get();
    } catch {
      // Still busy: the message says "another process".
    }
    throw new DatabaseServedError(
      dbPath,
      holder && { pid: holder.pid, host: holder.host, since: holder.since },
    );
  };

  try {
    // RESERVED is held only for a moment by another process taking the lock: wait for it.
    db.exec("BEGIN IMMEDIATE");
    db.prepare(
      "INSERT OR REPLACE INTO server (id, pid, host, since, token) VALUES (1, @pid, @host, @since, @token)",
    ).run(me);
    // A holder's SHARED lock is held for good: do not wait for it.
    db.pragma("busy_timeout = 0");
    db.exec("COMMIT");
  } catch (error) {
    if (isBusy(error)) refused();
    throw error;
  }
  db.pragma(`busy_timeout = ${BRIEF_WAIT_MS}`);
  // Hold SHARED from here on. Another process may have committed between our COMMIT and this read
  // (no one held SHARED then); it then holds the lock and we do not.
  db.exec("BEGIN");
  if (readHolder.get()?.token !== me.token) refused();
}
