// A restore must not send a follower the same customer-service message twice. A backup holds the
// outbound queue as it was: messages pending then may have gone out since, which the database being
// replaced knows. Before the restored copy takes the database's place, each of its pending messages
// that the replaced database has as sent (or given up on) takes that state, with its record for the
// quota (service_sends). A message matches only when the row of the same id has the same follower,
// payload and creation time: the queue's ids are never reused (AUTOINCREMENT), and a database of
// another account or from before the backup matches nothing, so nothing is wrongly held back.
import Database from "better-sqlite3";

export interface CarriedSends {
  /** Pending in the backup, already sent according to the replaced database. */
  sent: number;
  /** Pending in the backup, given up on (failed) according to the replaced database. */
  failed: number;
  /** Why nothing could be compared (an old schema, a damaged file), or undefined. */
  skipped: string | undefined;
}

/** The first schema with the queue's scheduled_at and the quota's records (migrations.ts). */
const FIRST_COMPARABLE_SCHEMA = 4;

interface QueuedRow {
  id: number;
  openid: string;
  payload: string;
  created_at: number;
}

interface FinishedRow extends QueuedRow {
  status: "pending" | "sent" | "failed";
  attempts: number;
  not_before: number;
  last_error: string | null;
}

interface SendRow {
  window_kind: string;
  sent_at: number;
}

/**
 * Marks the messages pending in `restoredPath` that `replacedPath` has finished. Never throws: what
 * goes wrong is said in `skipped`, and the restore goes on as it would have without this.
 */
export function carryOverSends(restoredPath: string, replacedPath: string): CarriedSends {
  const result: CarriedSends = { sent: 0, failed: 0, skipped: undefined };
  let restored: Database.Database | undefined;
  let replaced: Database.Database | undefined;
  try {
    restored = new Database(restoredPath, { fileMustExist: true });
    replaced = new Database(replacedPath, { readonly: true, fileMustExist: true });
    const versions = [restored, replaced].map((db) => db.pragma("user_version", { simple: true }));
    if (versions.some((v) => typeof v !== "number" || v < FIRST_COMPARABLE_SCHEMA)) {
      result.skipped = `schema versions ${versions.join(" and ")}; comparing the queues needs ${FIRST_COMPARABLE_SCHEMA} or later`;
      return result;
    }
    const queued = restored
      .prepare<[], QueuedRow>(
        "SELECT id, openid, payload, created_at FROM outbound WHERE status = 'pending' ORDER BY id",
      )
      .all();
    const there = replaced.prepare<[number], FinishedRow>(
      `SELECT id, openid, payload, created_at, status, attempts, not_before, last_error
       FROM outbound WHERE id = ?`,
    );
    const sendOf = replaced.prepare<[number], SendRow>(
      "SELECT window_kind, sent_at FROM service_sends WHERE outbound_id = ?",
    );
    const finish = restored.prepare(
      `UPDATE outbound SET status = @status, attempts = @attempts, not_before = @not_before,
         last_error = @last_error, scheduled_at = NULL
       WHERE id = @id AND status = 'pending'`,
    );
    const record = restored.prepare(
      `INSERT OR REPLACE INTO service_sends (outbound_id, openid, window_kind, sent_at)
       VALUES (?, ?, ?, ?)`,
    );
    restored.transaction(() => {
      for (const row of queued) {
        const later = there.get(row.id);
        if (
          !later ||
          later.status === "pending" ||
          later.openid !== row.openid ||
          later.payload !== row.payload ||
          later.created_at !== row.created_at
        ) {
          continue;
        }
        finish.run(later);
        if (later.status === "sent") {
          result.sent += 1;
          const send = sendOf.get(row.id);
          if (send) record.run(row.id, row.openid, send.window_kind, send.sent_at);
        } else result.failed += 1;
      }
    })();
    return result;
  } catch (error) {
    result.sent = 0;
    result.failed = 0;
    result.skipped = error instanceof Error ? error.message : String(error);
    return result;
  } finally {
    replaced?.close();
    restored?.close();
  }
}
