// npm run restore: refused while served or for an unfit backup (changing nothing); otherwise keeps the old database.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { counterFlow } from "../runtime/testFlows";
import { backupDatabase } from "../store/backupDatabase";
import { LATEST_SCHEMA_VERSION } from "../store/migrations";
import { seedFollowers } from "../store/seed";
import { openSqliteStore, sqliteDatabaseOf } from "../store/sqliteStore";
import { runCli, spawnEntry } from "./runCli";

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DAY = 86_400_000;

/** A database with the counter flow and follower `fan` tagged `before`, and a backup of it. */
async function setUp(followers = 0): Promise<{ dir: string; dbPath: string; backupPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), "huashu-restore-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, "huashu.db");
  const store = await openSqliteStore(dbPath);
  await store.publishFlow(counterFlow, Date.now());
  await store.saveFollower({
    openid: "fan",
    firstSeenAt: Date.now() - DAY,
    lastSeenAt: Date.now(),
    subscribed: true,
    scene: null,
    tags: ["before"],
    ab: {},
    messagesIn: 1,
    messagesOut: 1,
    lastMessageAt: Date.now(),
    lastEventAt: null,
    lastActiveAt: null,
    interactionDays: [],
  });
  if (followers > 0) await seedFollowers(store, followers, Date.now());
  await store.close();
  const backupPath = join(dir, "backup.db");
  backupDatabase(dbPath, backupPath);
  return { dir, dbPath, backupPath };
}

const restore = (args: string[], dbPath: string) =>
  runCli("server/cli/restore.ts", args, { env: { HUASHU_DB: dbPath } });

/**
 * Tags `fan` as `after` in another process that then dies (SIGKILL) before any checkpoint: the
 * change is only in the -wal, as after a crash of the server.
 */
function writeAndCrash(dbPath: string): void {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.pragma("wal_autocheckpoint = 0");
    db.prepare("UPDATE followers SET tags = '[\\"after\\"]' WHERE openid = 'fan'").run();
    process.kill(process.pid, "SIGKILL");`;
  const crashed = spawnSync(process.execPath, ["-e", script, dbPath], { encoding: "utf8" });
  expect(crashed.signal, crashed.stderr).toBe("SIGKILL");
  expect(statSync(`${dbPath}-wal`).size).toBeGreaterThan(0);
}

/** `fan`'s tags, read as the server reads them. */
async function tagsOfFan(dbPath: string): Promise<string[] | undefined> {
  const store = await openSqliteStore(dbPath, { fileMustExist: true });
  try {
    expect(sqliteDatabaseOf(store)?.pragma("integrity_check", { simple: true })).toBe("ok");
    return (await store.getFollower("fan"))?.tags;
  } finally {
    await store.close();
  }
}

/** The folder's files and their contents (the serving lock's file aside), to show nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".lock")) continue;
    files[name] = createHash("sha256")
      .update(readFileSync(join(dir, name)))
      .digest("hex");
  }
  return files;
}

describe("npm run restore", () => {
  it("prints its usage: exit code 0 for --help, 1 without a file", async () => {
    const help = await runCli("server/cli/restore.ts", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: npm run restore -- <backup file>");
    expect(help.out).toContain("Stop the server first");
    expect((await runCli("server/cli/restore.ts", [])).code).toBe(1);
  });

  it("puts the backup in place and keeps the database it replaces, with what was written after the backup", async () => {
    const { dir, dbPath, backupPath } = await setUp();
    writeAndCrash(dbPath);

    const done = await restore([backupPath], dbPath);
    expect(done.code, done.out).toBe(0);
    const kept = readdirSync(dir).find((f) => f.startsWith("huashu.db.before-restore-"));
    expect(kept).toMatch(/^huashu\.db\.before-restore-\d{8}T\d{6}Z$/);
    expect(done.out).toContain(`restored ${backupPath} into ${dbPath} (恢复完成)`);
    expect(done.out).toContain(
      `schema version ${LATEST_SCHEMA_VERSION}, 1 follower, 1 published flow version`,
    );
    expect(done.out).toContain(`the database it replaced is kept as ${join(dir, kept as string)}`);
    expect(done.out).toContain("Next: start the server with npm start");
    // The old log went into the kept file: no -wal beside it, nor beside the restored database,
    // where SQLite would replay it into the wrong file.
    expect(readdirSync(dir).filter((f) => /-(wal|shm|journal)$/.test(f))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".partial"))).toEqual([]);

    expect(await tagsOfFan(dbPath)).toEqual(["before"]);
    expect(await tagsOfFan(join(dir, kept as string))).toEqual(["after"]);
  });

  it("brings the kept database back when it is restored in turn", async () => {
    const { dir, dbPath, backupPath } = await setUp();
    writeAndCrash(dbPath);
    expect((await restore([backupPath], dbPath)).code).toBe(0);
    const kept = join(dir, readdirSync(dir).find((f) => f.includes(".before-restore-")) as string);

    const back = await restore([kept], dbPath);
    expect(back.code, back.out).toBe(0);
    expect(await tagsOfFan(dbPath)).toEqual(["after"]);
    // Both earlier states are still there.
    const keptNames = readdirSync(dir).filter((f) => f.includes(".before-restore-"));
    expect(keptNames).toHaveLength(2);
    const keptTags = await Promise.all(keptNames.map((f) => tagsOfFan(join(dir, f))));
    expect(keptTags.map((tags) => tags?.[0]).sort()).toEqual(["after", "before"]);
  });

  it("sends nothing twice: queued messages sent since the backup are marked sent in the copy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-restore-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, "huashu.db");
    const backupPath = join(dir, "backup.db");
    const now = Date.now();
    const store = await openSqliteStore(dbPath);
    const text = (content: string) => JSON.stringify({ msgtype: "text", text: { content } });
    await store.enqueueOutbound(
      ["第一条", "第二条", "第三条", "第四条"].map((c) => ({
        openid: "fan",
        payload: text(c),
        notBefore: now,
      })),
      now,
    );
    const ids = sqliteDatabaseOf(store)
      ?.prepare<[], number>("SELECT id FROM outbound ORDER BY id")
      .pluck()
      .all();
    const [one, two, three] = ids ?? [];
    await store.close();
    backupDatabase(dbPath, backupPath);

    // After the backup: the first two go out (one with its quota record), the third is given up.
    const after = await openSqliteStore(dbPath);
    await after.markOutbound(one as number, {
      status: "sent",
      attempts: 1,
      spent: { window: "message", at: now + 1000 },
    });
    await after.markOutbound(two as number, { status: "sent", attempts: 2 });
    await after.markOutbound(three as number, {
      status: "failed",
      attempts: 5,
      lastError: "45015",
    });
    await after.close();

    const done = await restore([backupPath], dbPath);
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain(
      "2 customer-service message(s) queued in the backup had been sent since, and 1 given up on",
    );
    const restored = await openSqliteStore(dbPath, { fileMustExist: true });
    try {
      // Only the message that never went out is still due.
      expect((await restored.dueOutbound(now + 60_000, 10)).map((m) => m.payload)).toEqual([
        text("第四条"),
      ]);
      expect(await restored.recentSends(0)).toEqual([
        { openid: "fan", window: "message", at: now + 1000 },
      ]);
    } finally {
      await restored.close();
    }
  });

  it("holds back nothing when the replaced database is another one", async () => {
    const { dbPath, backupPath } = await setUp();
    const now = Date.now();
    // The backup queues a message; the database it replaces has a sent row of the same id, but
    // another message: not the same send, so the restored one still goes out.
    const backupDb = new Database(backupPath);
    backupDb
      .prepare(
        `INSERT INTO outbound (id, openid, payload, created_at, not_before, status, scheduled_at)
         VALUES (1, 'fan', '{"text":"备份里的"}', ?, ?, 'pending', ?)`,
      )
      .run(now, now, now);
    backupDb.close();
    const live = new Database(dbPath);
    live
      .prepare(
        `INSERT INTO outbound (id, openid, payload, created_at, not_before, status)
         VALUES (1, 'fan', '{"text":"另一条"}', ?, ?, 'sent')`,
      )
      .run(now, now);
    live.close();

    const done = await restore([backupPath], dbPath);
    expect(done.code, done.out).toBe(0);
    expect(done.out).not.toContain("had been sent since");
    const restored = await openSqliteStore(dbPath, { fileMustExist: true });
    try {
      expect((await restored.dueOutbound(now + 1, 10)).map((m) => m.payload)).toEqual([
        '{"text":"备份里的"}',
      ]);
    } finally {
      await restored.close();
    }
  });

  it("refuses while a server serves the database, and changes nothing", async () => {
    const { dir, dbPath, backupPath } = await setUp();
    const server = spawnEntry("server/store/serveDatabaseChild.ts", [dbPath]);
    cleanups.push(async () => {
      server.child.kill("SIGKILL");
      await server.exited;
    });
    while (!server.stdout().includes("serving")) {
      expect(server.child.exitCode, server.stderr()).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before = snapshot(dir);

    const refused = await restore([backupPath], dbPath);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(
      `${dbPath} is already served by process ${server.child.pid} (since`,
    );
    expect(refused.out).toContain("Nothing restored; the database is unchanged");
    expect(refused.out).toContain("Stop the server, then run the restore again");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses while another program has the database open, and changes nothing", async () => {
    const { dir, dbPath, backupPath } = await setUp();
    // Read before the other connection opens: closing any file of the database in this process
    // would drop that connection's locks (POSIX locks belong to the process).
    const before = snapshot(dir);
    const other = new Database(dbPath);
    cleanups.push(() => {
      other.close();
    });
    expect(other.prepare("SELECT tags FROM followers WHERE openid = 'fan'").pluck().get()).toBe(
      '["before"]',
    );

    const refused = await restore([backupPath], dbPath);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`another program has ${dbPath} open`);
    expect(refused.out).toContain("Nothing restored; the database is unchanged");
    const after = snapshot(dir);
    expect(after["huashu.db"]).toBe(before["huashu.db"]);
    expect(Object.keys(after).filter((f) => /before-restore|partial/.test(f))).toEqual([]);
  });

  const damage = (path: string) => {
    // Garbage over 20 pages in the middle of the file.
    const pages = statSync(path).size / 4096;
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.alloc(4096 * 20, 0xa5), 0, 4096 * 20, 4096 * Math.floor(pages / 2));
    closeSync(fd);
  };
  it.each([
    [
      "a file that is not SQLite",
      (path: string) => writeFileSync(path, "notes, not a database\n".repeat(400)),
      "is not a SQLite database",
    ],
    ["a damaged backup", damage, "is damaged"],
    [
      "a backup cut short",
      (path: string) => truncateSync(path, Math.floor(statSync(path).size / 2)),
      "is damaged",
    ],
    [
      "a SQLite file that is not Huashu's",
      (path: string) => {
        rmSync(path);
        const other = new Database(path);
        other.exec("CREATE TABLE notes (text TEXT)");
        other.close();
      },
      "is a SQLite database, but not Huashu's (schema version 0",
    ],
    [
      "a backup from a newer Huashu",
      (path: string) => {
        const newer = new Database(path);
        newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
        newer.close();
      },
      `has schema version ${LATEST_SCHEMA_VERSION + 1}, but this Huashu knows only up to ${LATEST_SCHEMA_VERSION}`,
    ],
  ])("refuses %s, and changes nothing", async (_, spoil, message) => {
    const { dir, dbPath, backupPath } = await setUp(5_000);
    spoil(backupPath);
    const before = snapshot(dir);

    const refused = await restore([backupPath], dbPath);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`${backupPath} ${message}`);
    expect(refused.out).toContain("Nothing restored; the database is unchanged");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a backup that is not there, or the database itself", async () => {
    const { dir, dbPath } = await setUp();
    const missing = await restore([join(dir, "nope.db")], dbPath);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(`${join(dir, "nope.db")}: no such file`);
    const itself = await restore([dbPath], dbPath);
    expect(itself.code).toBe(1);
    expect(itself.out).toContain("is the database itself");
    expect(existsSync(join(dir, "huashu.db"))).toBe(true);
  });

  it("moves a current file that does not open as SQLite aside as it was, with its side files", async () => {
    const { dir, dbPath, backupPath } = await setUp();
    writeFileSync(dbPath, "overwritten by mistake\n".repeat(400));
    writeFileSync(`${dbPath}-wal`, "a log of something");

    const done = await restore([backupPath], dbPath);
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain("moved as it was (it is not a SQLite file)");
    const kept = readdirSync(dir).find((f) => /before-restore-\d{8}T\d{6}Z$/.test(f)) as string;
    expect(readFileSync(join(dir, kept), "utf8")).toMatch(/^overwritten by mistake/);
    expect(readFileSync(join(dir, `${kept}-wal`), "utf8")).toBe("a log of something");
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(await tagsOfFan(dbPath)).toEqual(["before"]);
  });
});
