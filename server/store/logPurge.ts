// The retention purge's loop, for any driver: delete a bounded chunk, let other work run, repeat.
import type { LogPurgeOptions, LogPurgeResult } from "./types";

/**
 * Rows per chunk unless the caller says otherwise. Measured on a 1M-message SQLite log (see
 * bench/logPurge.ts): about 10 ms per chunk, short next to WeChat's 5-second reply deadline.
 */
export const LOG_PURGE_CHUNK_ROWS = 1000;

export type LogTable = keyof LogPurgeResult;

/** Deletes at most `limit` rows of `table` older than `before` in one transaction; returns how many. */
export type LogPurgeChunk = (table: LogTable, before: number, limit: number) => Promise<number>;

/** Lets timers and I/O (WeChat's requests) run between two chunks, even when chunks are synchronous. */
const nextTurnOfEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function purgeLogInChunks(
  deleteChunk: LogPurgeChunk,
  before: number,
  options: LogPurgeOptions = {},
): Promise<LogPurgeResult> {
  const limit = Math.max(1, Math.floor(options.chunkRows ?? LOG_PURGE_CHUNK_ROWS));
  const removed: LogPurgeResult = { messages: 0, outbound: 0 };
  for (const table of ["messages", "outbound"] as const) {
    for (;;) {
      if (options.signal?.aborted) return removed;
      const deleted = await deleteChunk(table, before, limit);
      removed[table] += deleted;
      if (deleted < limit) break;
      await nextTurnOfEventLoop();
    }
  }
  return removed;
}
