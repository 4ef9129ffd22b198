// The writer thread's side: runs the store's writes on its own connection, a batch per transaction.
//
// Each batch is first written as one transaction. If any op fails, that transaction is rolled back
// and every op is written again in a transaction of its own, so only the failing op fails.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { createSqliteWrites, type WriteOp, type WriteResult } from "./sqliteWrites";

export interface WriterRequest {
  batch: Array<{ id: number; op: WriteOp }>;
}
/** An error as it crosses the thread boundary; the store turns it back into its own classes. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  dedupKey?: string;
}
export type WriterReply =
  | { type: "ready" }
  | { type: "failed"; error: SerializedError }
  | {
      type: "results";
      results: Array<
        | { id: number; ok: true; value: WriteResult }
        | { id: number; ok: false; error: SerializedError }
      >;
    };
export interface WriterData {
  path: string;
  /** SQLite page cache of the thread's connection, KiB: the indexes it updates should stay in it. */
  cacheKiB: number;
  /** SqliteStoreOptions.maxPageCount, applied to this connection too. */
  maxPageCount?: number | undefined;
}

function serialize(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { code, dedupKey } = error as { code?: unknown; dedupKey?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof dedupKey === "string" ? { dedupKey } : {}),
  };
}

if (!parentPort) throw new Error("writerWorker runs only as a worker thread");
const port = parentPort;
const data = workerData as WriterData;
const post = (reply: WriterReply) => port.postMessage(reply);

/**
 * Opens the thread's connection, or reports why it cannot and lets the thread end quietly: an
 * uncaught throw here would also raise the worker's "error" event, which can reach the store
 * before the report and carries no message.
 */
function open(): Database.Database | undefined {
  try {
    const db = new Database(data.path, { fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // SQLite's own checkpoints, after a commit passes 1,000 log pages: here, off the event loop.
    db.pragma("wal_autocheckpoint = 1000");
    db.pragma(`cache_size = -${data.cacheKiB}`);
    if (data.maxPageCount !== undefined) db.pragma(`max_page_count = ${data.maxPageCount}`);
    return db;
  } catch (error) {
    post({ type: "failed", error: serialize(error) });
    port.close();
    return undefined;
  }
}

function serve(db: Database.Database): void {
  const writes = createSqliteWrites(db);
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const alone = db.transaction((op: WriteOp) => writes.run(op));

  function runBatch(batch: WriterRequest["batch"]): Extract<WriterReply, { type: "results" }> {
    const values: WriteResult[] = [];
    begin.run();
    try {
      for (const item of batch) values.push(writes.run(item.op));
      commit.run();
      return {
        type: "results",
        results: batch.map((item, i) => ({ id: item.id, ok: true, value: values[i] })),
      };
    } catch {
      if (db.inTransaction) db.exec("ROLLBACK");
    }
    return {
      type: "results",
      results: batch.map((item) => {
        try {
          return { id: item.id, ok: true, value: alone.immediate(item.op) };
        } catch (error) {
          return { id: item.id, ok: false, error: serialize(error) };
        }
      }),
    };
  }

  /** Batches arrive as JSON text (see writerThread.ts); "stop" ends the thread. */
  port.on("message", (message: string) => {
    if (message === "stop") {
      db.close();
      port.close();
      return;
    }
    post(runBatch((JSON.parse(message) as WriterRequest).batch));
  });
  post({ type: "ready" });
}

const opened = open();
if (opened) serve(opened);
