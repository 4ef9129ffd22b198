import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer";

describe("background checkpointer", () => {
  it("reports a database it cannot open, so the store falls back to SQLite's own checkpoints", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-ckpt-"));
    try {
      const failure = new Promise<Error>((resolve) => {
        startCheckpointer(join(dir, "missing.db"), { onFailure: resolve });
      });
      expect((await failure).message).toMatch(/unable to open|missing/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("empties a log that grows past its limit while writes go on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-ckpt-"));
    const path = join(dir, "busy.db");
    const db = new Database(path);
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("wal_autocheckpoint = 0");
      db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
      const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
      const checkpointer = startCheckpointer(path, {
        everyMs: 20,
        truncateAboveFrames: 50,
        onFailure: (error) => {
          throw error;
        },
      });
      // Keep writing, as a busy server does, until the thread has emptied the log at least once.
      let written = 0;
      for (let i = 0; i < 400 && checkpointer.stats.truncations === 0; i++) {
        written += 20;
        db.transaction(() => {
          for (let j = 0; j < 20; j++) insert.run("x".repeat(1000));
        })();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(checkpointer.stats.truncations).toBeGreaterThan(0);
      await checkpointer.stop();
      // Every row written is still there.
      expect(db.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: written });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
