// Who keeps the WAL small: the checkpoint thread of a store writing on the main thread, SQLite's own
// checkpoints when that thread dies, and the writer thread's commits in the server's configuration.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import {
  openSqliteStore,
  sqliteCheckpointerOf,
  sqliteDatabaseOf,
  sqliteWriterThreadOf,
} from "./sqliteStore";
import type { MessageLogEntry, Store } from "./types";

// The seam: every worker thread the store starts is recorded (and otherwise left as it is), so the
// test can end the checkpointer's thread the way a crash would, with no option in production code.
const workers = vi.hoisted(() => [] as Array<{ source: unknown; terminate(): Promise<number> }>);
vi.mock("node:worker_threads", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:worker_threads")>();
  class RecordedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      workers.push({ source: args[0], terminate: () => this.terminate() });
    }
  }
  return { ...real, Worker: RecordedWorker };
});

/** The checkpoint threads among the workers started since `from` (an earlier `workers.length`). */
function checkpointThreadsSince(from: number) {
  return workers
    .slice(from)
    .filter((w) => typeof w.source === "string" && w.source.includes("wal_checkpoint(PASSIVE)"));
}

const dir = mkdtempSync(join(tmpdir(), "huashu-ckpt-fallback-"));
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** About 16 MB of log, in 80 writes of 50 entries of 4,000 bytes. */
async function writeSixteenMegabytes(store: Store): Promise<void> {
  const pageSized = "x".repeat(4000);
  for (let i = 0; i < 80; i++) {
    const entries: MessageLogEntry[] = Array.from({ length: 50 }, (_, j) => ({
      openid: `o${j}`,
      direction: "in",
      at: i,
      msgType: "text",
      content: pageSized,
    }));
    await store.logMessages(entries);
  }
}

/** Reopened, the file holds all 4,000 messages. */
async function expectEveryWriteKept(file: string): Promise<void> {
  const again = await openSqliteStore(file, { fileMustExist: true });
  expect(await again.counters()).toEqual({ messagesIn: 4000, messagesOut: 0 });
  await again.close();
}

it("turns SQLite's own checkpoints back on when the checkpoint thread dies, so writes go on and the WAL stays small", async () => {
  const file = join(dir, "huashu.db");
  const store = await openSqliteStore(file, { backgroundCheckpoints: true });
  const warnings: string[] = [];
  vi.spyOn(process, "emitWarning").mockImplementation((warning) => {
    warnings.push(String(warning));
  });
  try {
    const db = sqliteDatabaseOf(store);
    expect(db?.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const [checkpointThread] = checkpointThreadsSince(0);
    if (!checkpointThread) throw new Error("the store started no checkpoint thread");

    await checkpointThread.terminate();
    await expect
      .poll(() => warnings.join("\n"))
      .toMatch(/background WAL checkpoints stopped .*SQLite checkpoints during commits instead/);
    expect(db?.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);

    await writeSixteenMegabytes(store);
    expect(await store.counters()).toEqual({ messagesIn: 4000, messagesOut: 0 });
    // Without checkpoints the log would hold all of it; SQLite's own (every 1,000 pages of 4 KiB)
    // keep rewinding it, so it never passes a few MiB.
    expect(statSync(`${file}-wal`).size).toBeLessThan(8 * 1024 * 1024);
  } finally {
    await store.close();
  }
  await expectEveryWriteKept(file);
});

it("starts the checkpoint thread once the writer thread fails and this thread writes", async () => {
  const file = join(dir, "crashed-writer.db");
  const startedBefore = workers.length;
  vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  const store = await openSqliteStore(file, { backgroundCheckpoints: true, writerThread: true });
  try {
    expect(sqliteCheckpointerOf(store)).toBeUndefined();
    await sqliteWriterThreadOf(store)?.terminate(); // as if it had crashed
    expect(checkpointThreadsSince(startedBefore)).toHaveLength(1);
    // SQLite's own checkpoints would now run inside this thread's commits: off, the worker does them.
    expect(sqliteDatabaseOf(store)?.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    await writeSixteenMegabytes(store);
    const checkpointer = sqliteCheckpointerOf(store);
    await expect.poll(() => checkpointer?.stats.runs ?? 0, { timeout: 5_000 }).toBeGreaterThan(0);
  } finally {
    await store.close();
  }
  await expectEveryWriteKept(file);
});

it("starts no checkpoint thread beside a writer thread, whose own commits keep the WAL small", async () => {
  const file = join(dir, "server.db");
  const startedBefore = workers.length;
  // The server's options (main.ts).
  const store = await openSqliteStore(file, { backgroundCheckpoints: true, writerThread: true });
  try {
    expect(sqliteWriterThreadOf(store)?.alive).toBe(true);
    expect(workers.slice(startedBefore)).toHaveLength(1); // the writer thread
    expect(checkpointThreadsSince(startedBefore)).toEqual([]);
    expect(sqliteCheckpointerOf(store)).toBeUndefined();
    await writeSixteenMegabytes(store);
    expect(sqliteWriterThreadOf(store)?.alive).toBe(true);
    expect(statSync(`${file}-wal`).size).toBeLessThan(8 * 1024 * 1024);
  } finally {
    await store.close();
  }
  await expectEveryWriteKept(file);
});
