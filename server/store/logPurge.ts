// The chunked purges' loop, for any driver: delete a bounded chunk, let other work run, repeat.
import type { LogPurgeOptions, LogPurgeResult } from "./types";

/**
 * Rows per chunk unless the caller says otherwise. On a 1M-row SQLite log (bench/logPurge.ts) a
 * chunk of 250 took 3.2 ms (p95 3.9 ms), so a turn queued behind one barely notices; chunks of 1,000
 * took 10 ms (p95 15 ms) and saved only 15% of the total (5.5 s against 6.4 s for 500k rows).
 */
export const LOG_PURGE_CHUNK_ROWS = 250;

/**
 * Expired sessions per chunk unless the caller says otherwise. A session keeps its row while its
 * expiry moves, so expired ones lie scattered and each costs its own pages: with 200k sessions of
 * ~400 bytes, chunks of 100 took 1.6–1.9 ms (median), of 250 took 5–6 ms and of 1,000 45–50 ms,
 * for about the same total (2.1–2.7 s per 50k). Measured in-process on a busy 2-core machine.
 */
export const SESSION_PURGE_CHUNK_ROWS = 100;

/**
 * Processed ids per chunk unless the caller says otherwise. An hourly pass at a million messages a
 * day deletes about 40k ids (bench/logPurge.ts): one DELETE held the write lock for 66 ms; chunks
 * of 1,000 took 3.5 ms each (p95 3.9) for 141 ms in all, of 250 0.9 ms for 155 ms, of 5,000 16 ms.
 */
export const PROCESSED_PURGE_CHUNK_ROWS = 1000;

/**
 * Recorded customer-service sends per chunk unless the caller says otherwise: rows as small as
 * processed ids, deleted in time order through their index, and about as many per hourly pass.
 */
export const SENDS_PURGE_CHUNK_ROWS = 1000;

/**
 * Flow runs per chunk unless the caller says otherwise: each goes with the rows of the nodes it
 * reached (a handful to a few dozen), so a chunk deletes about as many rows as a log chunk does.
 */
export const RUN_PURGE_CHUNK_ROWS = 50;

export type LogTable = keyof LogPurgeResult;

/** Deletes at most `limit` rows of `table` older than `before` in one transaction; returns how many. */
export type LogPurgeChunk = (table: LogTable, before: number, limit: number) => Promise<number>;

/** Deletes at most `limit` rows in one transaction; returns how many. */
export type PurgeChunk = (limit: number) => Promise<number>;

/** Lets timers and I/O (WeChat's requests) run between two chunks, even when chunks are synchronous. */
const nextTurnOfEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `deleteChunk` until a chunk comes back short (nothing more to delete) or `signal` aborts;
 * returns the rows deleted until then.
 */
export async function purgeInChunks(
  deleteChunk: PurgeChunk,
  options: LogPurgeOptions,
  defaultChunkRows: number,
): Promise<number> {
  const limit = Math.max(1, Math.floor(options.chunkRows ?? defaultChunkRows));
  let removed = 0;
  for (;;) {
    if (options.signal?.aborted) return removed;
    const deleted = await deleteChunk(limit);
    removed += deleted;
    if (deleted < limit) return removed;
    await nextTurnOfEventLoop();
  }
}

/**
 * The message log's purge: the log first, then finished outbound rows, then flow runs with the
 * nodes they reached (Store.purgeMessageLog).
 */
export async function purgeLogInChunks(
  deleteChunk: LogPurgeChunk,
  before: number,
  options: LogPurgeOptions = {},
): Promise<LogPurgeResult> {
  const removed: LogPurgeResult = { messages: 0, outbound: 0, runs: 0 };
  for (const table of ["messages", "outbound", "runs"] as const) {
    removed[table] = await purgeInChunks(
      (limit) => deleteChunk(table, before, limit),
      options,
      table === "runs" ? RUN_PURGE_CHUNK_ROWS : LOG_PURGE_CHUNK_ROWS,
    );
  }
  return removed;
}
