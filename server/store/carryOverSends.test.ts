// carryOverSends' failure paths: when the two queues cannot be compared, nothing is marked, the copy
// is left as it was, and the reason is given (the restore itself goes on; restore.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { carryOverSends } from "./carryOverSends";
import { migrate, migrations } from "./migrations";

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A database at the latest schema with one pending message (id 1), or at an older one. */
function queueWithOne(path: string, steps = migrations): void {
  const db = new Database(path);
  migrate(db, path, steps);
  db.prepare(
    `INSERT INTO outbound (id, openid, payload, created_at, not_before, status)
     VALUES (1, 'fan', '{"text":"hi"}', 5, 5, 'pending')`,
  ).run();
  db.close();
}

const statusOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT status FROM outbound WHERE id = 1").pluck().get();
  } finally {
    db.close();
  }
};

describe("carryOverSends", () => {
  it("marks nothing and says why when the replaced database is not SQLite", () => {
    dir = mkdtempSync(join(tmpdir(), "huashu-carry-"));
    const restored = join(dir, "restored.db");
    const replaced = join(dir, "replaced.db");
    queueWithOne(restored);
    writeFileSync(replaced, "not a database, though long enough to have a header".repeat(20));

    const result = carryOverSends(restored, replaced);
    expect(result.sent + result.failed).toBe(0);
    expect(result.skipped).toMatch(/not a database|file is not a database/i);
    expect(statusOf(restored)).toBe("pending");
  });

  it("marks nothing and says why when either schema is older than the quota's records", () => {
    dir = mkdtempSync(join(tmpdir(), "huashu-carry-"));
    const restored = join(dir, "restored.db");
    const replaced = join(dir, "replaced.db");
    queueWithOne(restored, migrations.slice(0, 3));
    queueWithOne(replaced);
    const sent = new Database(replaced);
    sent.exec("UPDATE outbound SET status = 'sent' WHERE id = 1");
    sent.close();

    const result = carryOverSends(restored, replaced);
    expect(result).toEqual({
      sent: 0,
      failed: 0,
      skipped: `schema versions 3 and ${migrations.length}; comparing the queues needs 4 or later`,
    });
    expect(statusOf(restored)).toBe("pending");
  });
});
