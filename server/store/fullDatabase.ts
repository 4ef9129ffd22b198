// Knows when the database is full (SQLITE_FULL) and when it has room again, and says each once.
//
// A full database refuses only the writes that need new pages: one that fits in a page it has
// still succeeds. So the state does not end at the next write that succeeds, which would make
// /healthz and the log flap, but when the database has grown or has more free pages than when it
// was refused: space came back (disk freed, size limit raised, old rows purged).
import type Database from "better-sqlite3";
import type { WriteOp } from "./sqliteWrites";
import { StoreFullError } from "./storeErrors";

export interface FullDatabase {
  /**
   * A write failed: SQLITE_FULL becomes a StoreFullError naming the database and `what`, and
   * starts (or continues) the full state. Any other error is returned as it is.
   */
  refused(error: unknown, op: WriteOp, what: string): unknown;
  /** A write succeeded, or /healthz asks: ends the full state if the database has room again. */
  check(): void;
  /** While the database is full: why writes are refused, for /healthz; undefined otherwise. */
  readonly problem: string | undefined;
}

interface Episode {
  since: number;
  pages: number;
  freePages: number;
  /** Turns of followers' messages that could not be stored, and other writes refused. */
  messages: number;
  others: number;
}

function isFull(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_FULL";
}

/** `db` is the store's own connection: it sees every commit, the writer thread's too. */
export function watchFullDatabase(db: Database.Database, path: string): FullDatabase {
  let episode: Episode | undefined;
  const size = () => ({
    pages: db.pragma("page_count", { simple: true }) as number,
    freePages: db.pragma("freelist_count", { simple: true }) as number,
  });
  return {
    refused(error, op, what) {
      if (!isFull(error)) return error;
      if (!episode) {
        episode = { since: Date.now(), ...size(), messages: 0, others: 0 };
        process.emitWarning(
          `Huashu store: the database ${path} is full (no space left on its disk): followers' messages go unanswered, and nothing new is stored, until space is freed on that disk; /healthz answers 503 meanwhile (数据库已满：请释放磁盘空间)`,
        );
      }
      if (op.op === "turns") episode.messages += op.turns.length;
      else episode.others += 1;
      return error instanceof StoreFullError ? error : new StoreFullError(path, what);
    },
    check() {
      if (!episode || !db.open) return;
      const now = size();
      if (now.pages <= episode.pages && now.freePages <= episode.freePages) return;
      const { since, messages, others } = episode;
      episode = undefined;
      process.emitWarning(
        `Huashu store: the database ${path} takes writes again, after it was full since ${new Date(since).toISOString()}: ${messages} follower message(s) could not be stored, so were not answered, and ${others} other write(s) were refused meanwhile (数据库恢复写入)`,
      );
    },
    get problem() {
      if (!episode) return undefined;
      return `full since ${new Date(episode.since).toISOString()}: ${path} has no space left on its disk, and followers' messages go unanswered until space is freed there (数据库已满)`;
    },
  };
}
