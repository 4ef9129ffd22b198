// Commits the turns that finish in the same tick in one SQLite transaction (group commit).
//
// Why: one transaction per message costs a WAL append and page writes each; under load many
// followers' turns finish together, and writing them as one transaction multiplies throughput.
// Each turn stays all-or-nothing. The batch is first written plainly; if any turn fails (a duplicate,
// a bad turn, a full disk), the whole transaction rolls back and the batch is written again with
// each turn in a transaction of its own, as the writer thread does, so the failing turn fails
// alone. Not savepoints inside one transaction: on SQLITE_FULL (and IOERR, BUSY, NOMEM) SQLite may
// roll back the whole transaction, not just the statement, which undid the turns before the
// failing one although they were answered as stored, and committed the ones after it on their own
// although they were answered as failed. Any other store simply commits turn by turn.
import { sqliteDatabaseOf, sqliteTurnWriterOf } from "../store/sqliteStore";
import type { Store, TurnCommit } from "../store/types";

export type CommitTurn = (turn: TurnCommit) => Promise<void>;

/**
 * A store writing on its writer thread already commits in batches: its commitTurn is used as is
 * while the thread runs. If the thread fails, the store writes here, and the batching is done here.
 */
export function createGroupCommit(store: Store): CommitTurn {
  const db = sqliteDatabaseOf(store);
  if (!db) return (turn) => store.commitTurn(turn);
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  /** Asked per batch: present once the store writes on this thread (a thread never comes back). */
  const turnWriter = () => sqliteTurnWriterOf(store)!;
  const rollback = () => {
    if (db.inTransaction) db.exec("ROLLBACK");
    turnWriter().rolledBack();
  };

  /** Writes and commits the batch as one transaction; false (rolled back) when any turn fails. */
  function commitPlainly(turns: TurnCommit[]): boolean {
    const writer = turnWriter();
    begin.run();
    try {
      writer.write(turns);
      commit.run();
    } catch {
      rollback();
      return false;
    }
    writer.committed(turns);
    return true;
  }
  let queue: Array<{ turn: TurnCommit; resolve: () => void; reject: (e: unknown) => void }> = [];

  function flush(): void {
    const batch = queue;
    queue = [];
    // Another transaction already open (never expected): each turn runs as it would alone.
    if (!db!.inTransaction && commitPlainly(batch.map((item) => item.turn))) {
      for (const item of batch) item.resolve();
      return;
    }
    // The SQLite store's commitTurn writes synchronously, in a transaction of its own.
    for (const item of batch) store.commitTurn(item.turn).then(item.resolve, item.reject);
  }

  return (turn) => {
    // Queued turns are written here even if the thread died after they were queued.
    if (queue.length === 0 && !sqliteTurnWriterOf(store)) return store.commitTurn(turn);
    return new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ turn, resolve, reject });
    });
  };
}
