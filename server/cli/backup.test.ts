// npm run backup: a consistent copy while a real server serves and writes, and no file left by a failure.
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeWechat, type FakeWechat } from "../runtime/fakeWechatClient";
import { counterFlow } from "../runtime/testFlows";
import { TEST_TOKEN } from "../runtime/testServer";
import { seedFollowers } from "../store/seed";
import { openSqliteStore, sqliteDatabaseOf } from "../store/sqliteStore";
import { runCli, spawnEntry } from "./runCli";

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-backup-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const backup = (args: string[], dbPath: string) =>
  runCli("server/cli/backup.ts", args, { env: { HUASHU_DB: dbPath } });

/** A database holding the counter flow (and `followers` synthetic followers, for a bigger copy). */
async function makeDatabase(dbPath: string, followers = 0): Promise<void> {
  const store = await openSqliteStore(dbPath);
  await store.publishFlow(counterFlow, Date.now());
  if (followers > 0) await seedFollowers(store, followers, Date.now());
  await store.close();
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** `npm start` on the database, as an operator runs it (serving lock, writer thread and all). */
async function startServer(dbPath: string): Promise<{ wechat: FakeWechat; stop(): Promise<void> }> {
  const port = await freePort();
  const server = spawnEntry("server/main.ts", [], {
    env: {
      PORT: String(port),
      HUASHU_DB: dbPath,
      HUASHU_FLOWS_DIR: join(dbPath, "..", "no-flows"),
      HUASHU_ADMIN_PASSWORD: "backup-test-password",
      WECHAT_TOKEN: TEST_TOKEN,
    },
  });
  let stopped: Promise<unknown> | undefined;
  const stop = async () => {
    stopped ??= (async () => {
      if (server.child.exitCode === null) server.child.kill("SIGTERM");
      await server.exited;
    })();
    await stopped;
  };
  cleanups.push(stop);
  const deadline = Date.now() + 30_000;
  while (!server.stdout().includes("Huashu listening")) {
    if (server.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the server did not start:\n${server.stdout()}${server.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    wechat: createFakeWechat({ url: `http://127.0.0.1:${port}/wechat`, token: TEST_TOKEN }),
    stop,
  };
}

/** The counter flow's count for a follower, in a database file (read-only). */
function storedCount(dbPath: string, openid: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT session FROM sessions WHERE openid = ?").pluck().get(openid);
    return (JSON.parse(String(row)) as { variables: { count: number } }).variables.count;
  } finally {
    db.close();
  }
}

describe("npm run backup", () => {
  it("prints --help", async () => {
    const { code, out } = await runCli("server/cli/backup.ts", ["--help"]);
    expect(code).toBe(0);
    expect(out).toContain("Usage: npm run backup -- [file]");
    expect(out).toContain("backups/huashu-<UTC time>.db");
  });

  it("copies the database while a real server answers followers, and a server on the restored copy goes on from there", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "huashu.db");
    // 100,000 followers, so the copy takes long enough (about 0.2 s) for turns to commit meanwhile.
    await makeDatabase(dbPath, 100_000);
    const server = await startServer(dbPath);

    // Followers chatting with the counter flow without pause: each message adds 1 to their count,
    // and the reply says it: "<count>:<the message>".
    const openids = Array.from({ length: 6 }, (_, i) => `backup-follower-${i}`);
    const answered = new Map<string, number>(openids.map((o) => [o, 0]));
    const answeredAt: number[] = [];
    const wrong: string[] = [];
    let chatting = true;
    const chats = openids.map(async (openid) => {
      while (chatting && wrong.length === 0) {
        const n = (answered.get(openid) ?? 0) + 1;
        const reply = await server.wechat.text(openid, `m${n}`);
        const expected = n === 1 ? "1:" : `${n}:m${n}`;
        if (reply.content !== expected) wrong.push(`${openid}: ${reply.content} for m${n}`);
        answered.set(openid, n);
        answeredAt.push(Date.now());
      }
    });
    const everyoneAnswered = async (times: number) => {
      while (Math.min(...answered.values()) < times) {
        expect(wrong).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await everyoneAnswered(3);

    const copyPath = join(dir, "copy.db");
    const started = Date.now();
    const made = await backup([copyPath], dbPath);
    const ended = Date.now();
    expect(made.code, made.out).toBe(0);
    expect(made.out).toContain(`backed up ${dbPath} to ${copyPath} (备份完成)`);
    expect(made.out).toMatch(
      /MiB, schema version \d+, 100,00\d followers, 1 published flow version\n/,
    );
    expect(made.out).toMatch(/took \d+\.\d\d s/);
    // The server kept answering while the backup ran.
    expect(answeredAt.filter((t) => t > started && t < ended).length).toBeGreaterThan(0);

    // The original goes on past the copy.
    const atBackup = Math.max(...answered.values());
    while (Math.min(...answered.values()) < atBackup + 3)
      await new Promise((r) => setTimeout(r, 20));
    chatting = false;
    await Promise.all(chats);
    await server.stop();
    expect(readdirSync(dir).filter((f) => f.includes(".partial"))).toEqual([]);

    // The copy opens as a store, passes the integrity check, and holds each conversation as of one
    // instant: a follower's count, logged messages and message counter agree (each turn wrote all
    // three in one transaction).
    const copy = await openSqliteStore(copyPath, { fileMustExist: true });
    const copied = new Map<string, number>();
    try {
      const db = sqliteDatabaseOf(copy) as Database.Database;
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      for (const openid of openids) {
        const session = await copy.getSession(openid);
        expect(session).toMatchObject({ flowId: "counter", nodeId: "ask", status: "active" });
        const count = session?.variables.count as number;
        const logged = db
          .prepare("SELECT COUNT(*) FROM messages WHERE openid = ? AND direction = 'in'")
          .pluck()
          .get(openid);
        expect(logged).toBe(count);
        expect((await copy.getFollower(openid))?.messagesIn).toBe(count);
        copied.set(openid, count);
      }
    } finally {
      await copy.close();
    }
    const follower = openids[0] as string;
    const inCopy = copied.get(follower) as number;
    const inOriginal = storedCount(dbPath, follower);
    expect(inCopy).toBeGreaterThanOrEqual(3);
    expect(inOriginal).toBeGreaterThan(inCopy);

    // Restored, a server answers the follower's next message from the copy's count.
    const restored = await runCli("server/cli/restore.ts", [copyPath], {
      env: { HUASHU_DB: dbPath },
    });
    expect(restored.code, restored.out).toBe(0);
    const kept = readdirSync(dir).find((f) => f.startsWith("huashu.db.before-restore-"));
    expect(storedCount(join(dir, kept as string), follower)).toBe(inOriginal);
    const again = await startServer(dbPath);
    const reply = await again.wechat.text(follower, "again");
    expect(reply.content).toBe(`${inCopy + 1}:again`);
    await again.stop();
  }, 90_000);

  it("writes to backups/huashu-<UTC time>.db beside the database by default", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "huashu.db");
    await makeDatabase(dbPath);
    const made = await backup([], dbPath);
    expect(made.code, made.out).toBe(0);
    const files = readdirSync(join(dir, "backups"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^huashu-\d{8}T\d{6}Z\.db$/);
    expect(made.out).toContain(join(dir, "backups", files[0] as string));
  });

  it("--keep N removes the older default backups beyond the newest N, and no other file", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "huashu.db");
    await makeDatabase(dbPath);
    const folder = join(dir, "backups");
    mkdirSync(folder);
    // One dated later than now (a clock that was ahead).
    const older = [
      "huashu-20240101T000000Z.db",
      "huashu-20250101T000000Z.db",
      "huashu-29990101T000000Z.db",
    ];
    for (const name of [...older, "mine.db", "huashu-manual.db"]) {
      writeFileSync(join(folder, name), "an earlier backup");
    }
    const made = await backup(["--keep", "1"], dbPath);
    expect(made.code, made.out).toBe(0);
    expect(made.out).toContain("removed 3 older backup(s), keeping the newest 1");
    const left = readdirSync(folder).sort();
    // The one just made counts as the newest, whatever the one dated 2999 says of time.
    const madeName = /huashu-\d{8}T\d{6}Z\.db/.exec(made.out)?.[0] ?? "";
    expect(left).toEqual([madeName, "huashu-manual.db", "mine.db"].sort());

    for (const [args, message] of [
      [["--keep", "0"], '--keep: "0" is not a number of backups to keep'],
      [["--keep=x"], '--keep: "x" is not a number of backups to keep'],
      [["--keep", "2", join(dir, "copy.db")], "--keep works with the default backups folder only"],
    ] as const) {
      const refused = await backup([...args], dbPath);
      expect(refused.code, refused.out).toBe(1);
      expect(refused.out).toContain(message);
    }
    expect(readdirSync(folder).sort()).toEqual(left);
    expect(readdirSync(dir)).not.toContain("copy.db");
  });

  it("never replaces an existing file", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "huashu.db");
    await makeDatabase(dbPath);
    const target = join(dir, "keep.db");
    writeFileSync(target, "an earlier backup");
    const refused = await backup([target], dbPath);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`${target} already exists; a backup never replaces a file`);
    expect(refused.out).toContain("Nothing backed up (未备份).");
    expect(readFileSync(target, "utf8")).toBe("an earlier backup");
  });

  it("refuses a database that is not there, or a folder, and creates nothing", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "gone", "huashu.db");
    const refused = await backup([], dbPath);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`HUASHU_DB: there is no database at ${dbPath}`);
    expect(readdirSync(dir)).toEqual([]);

    mkdirSync(dbPath, { recursive: true });
    const folder = await backup([join(dir, "copy.db")], dbPath);
    expect(folder.code).toBe(1);
    expect(folder.out).toContain(`HUASHU_DB: ${dbPath} is a folder`);
    expect(readdirSync(dir)).toEqual(["gone"]);
  });

  it("leaves no file behind when the database is damaged", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "huashu.db");
    await makeDatabase(dbPath, 20_000);
    // Garbage over pages in the middle of the file: reading them fails halfway through the copy.
    const pages = statSync(dbPath).size / 4096;
    const fd = openSync(dbPath, "r+");
    writeSync(fd, Buffer.alloc(4096 * 20, 0xa5), 0, 4096 * 20, 4096 * Math.floor(pages / 2));
    closeSync(fd);
    const refused = await backup([join(dir, "copy.db")], dbPath);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`${dbPath} is damaged`);
    // The database's own -wal and -shm may appear (a reader makes them), nothing else.
    expect(readdirSync(dir).filter((f) => !f.startsWith("huashu.db"))).toEqual([]);
  });

  it("leaves no file behind when the database is SQLite but not Huashu's", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "other.db");
    const other = new Database(dbPath);
    other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('not Huashu')");
    other.close();
    const refused = await backup([join(dir, "copy.db")], dbPath);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`the copy of ${dbPath} is a SQLite database, but not Huashu's`);
    expect(readdirSync(dir)).toEqual(["other.db"]);
  });

  it("refuses a folder it may not write into, leaving nothing there", async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const dbPath = join(dir, "huashu.db");
    await makeDatabase(dbPath);
    chmodSync(dbPath, 0o644);
    const locked = join(dir, "locked");
    mkdirSync(locked, { mode: 0o555 });
    cleanups.push(() => chmodSync(locked, 0o755));
    // Root may write anywhere: run the backup as nobody then.
    const asRoot = process.getuid?.() === 0;
    const refused = await runCli("server/cli/backup.ts", [join(locked, "copy.db")], {
      env: { HUASHU_DB: dbPath },
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/cannot create .*copy\.db\.\d+\.partial \(EACCES/);
    expect(readdirSync(locked)).toEqual([]);
  });
});
