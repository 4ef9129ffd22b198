// Copies the SQLite write-ahead log back into the database file on a worker thread, off the event loop.
//
// Why: by default SQLite checkpoints inside the commit that crosses 1,000 WAL pages, so every few
// hundred turns one commit also copies and syncs megabytes, on the thread that answers WeChat. That
// was about half of a turn's write cost under load. A PASSIVE checkpoint on a second connection never
// blocks the writer and needs no lock the event loop waits for.
//
// Under steady load a PASSIVE checkpoint never finds the log idle, so the log would only grow. Once
// it holds more than `truncateAboveFrames` pages, the thread runs one TRUNCATE checkpoint instead:
// it waits for the current write, holds writers off while it copies the little that is left, and
// empties the file.
//
// Only for a store whose writes run on the event loop (the server, when its writer thread cannot
// start). The writer thread checkpoints after its own commits: that is off the event loop too, and
// beside it this thread's TRUNCATEs held the writer for 40–130 ms each second on a large database.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface CheckpointStats {
  /** Checkpoints run so far. */
  runs: number;
  /** WAL frames after the last run, and how many of them were in the database file then. */
  walFrames: number;
  checkpointedFrames: number;
  /** TRUNCATE checkpoints run so far (the log had grown past the limit). */
  truncations: number;
}

export interface Checkpointer {
  readonly stats: CheckpointStats;
  /** Runs a last checkpoint and stops the thread. Idempotent. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  everyMs?: number;
  /** WAL pages above which the log is emptied (default 8,192: 32 MiB of 4 KiB pages). */
  truncateAboveFrames?: number;
  /** The worker could not start or failed: the caller turns SQLite's own checkpoints back on. */
  onFailure(error: Error): void;
}

// Plain CommonJS run by the worker (`eval`), so it needs no TypeScript loader in any host (tsx, vitest).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
let db;
let timer;
let runs = 0;
let truncations = 0;
function failed(error) {
  clearInterval(timer);
  parentPort.postMessage({ error: String((error && error.message) || error) });
  parentPort.close();
}
function checkpoint() {
  let [row] = db.pragma("wal_checkpoint(PASSIVE)");
  runs += 1;
  if (row.log > workerData.truncateAboveFrames) {
    const [truncated] = db.pragma("wal_checkpoint(TRUNCATE)");
    // busy = 1: a reader or writer held on past the busy timeout; the next run tries again.
    if (truncated.busy === 0) {
      truncations += 1;
      row = truncated;
    }
  }
  parentPort.postMessage({ runs, truncations, walFrames: row.log, checkpointedFrames: row.checkpointed });
}
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma("busy_timeout = 1000");
  timer = setInterval(() => {
    try { checkpoint(); } catch (error) { failed(error); }
  }, workerData.everyMs);
} catch (error) {
  failed(error);
}
parentPort.on("message", (message) => {
  if (message !== "stop" || !db) return;
  clearInterval(timer);
  try { checkpoint(); } catch {} finally { db.close(); parentPort.close(); }
});
`;

export function startCheckpointer(path: string, options: CheckpointerOptions): Checkpointer {
  const stats: CheckpointStats = { runs: 0, walFrames: 0, checkpointedFrames: 0, truncations: 0 };
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver,
      everyMs: options.everyMs ?? 250,
      truncateAboveFrames: options.truncateAboveFrames ?? 8192,
    },
  });
  // The database stays usable without it: it must never keep the process alive on its own.
  worker.unref();
  let failed = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    options.onFailure(error);
  };
  worker.on("message", (m: CheckpointStats | { error: string }) => {
    if ("error" in m) fail(new Error(m.error));
    else Object.assign(stats, m);
  });
  worker.on("error", fail);
  let stopping: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", (code) => {
      if (!stopping) fail(new Error(`the checkpoint thread stopped (exit code ${code})`));
      resolve();
    }),
  );
  return {
    stats,
    stop() {
      stopping ??= (async () => {
        if (!failed) worker.postMessage("stop");
        await exited;
      })();
      return stopping;
    },
  };
}
