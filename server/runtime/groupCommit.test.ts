import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fillDatabase } from "../store/fillDatabase";
import { openSqliteStore, sqliteDatabaseOf, sqliteWriterThreadOf } from "../store/sqliteStore";
import { DuplicateTurnError, StoreFullError, StoreInputError } from "../store/storeErrors";
import type { Store, TurnCommit } from "../store/types";
import { newFollowerRecord } from "./followerRecord";
import { createGroupCommit } from "./groupCommit";
import { tempDbPath } from "./testServer";

let db: ReturnType<typeof tempDbPath>;
let store: Store;
beforeEach(async () => {
  db = tempDbPath();
  store = await openSqliteStore(db.path);
});
afterEach(async () => {
  await store.close();
  db.cleanup();
});

function turn(openid: string, dedupKey: string): TurnCommit {
  const now = Date.now();
  return {
    dedupKey,
    reply: `reply ${dedupKey}`,
    follower: newFollowerRecord(openid, now),
    session: null,
    log: [{ openid, direction: "in", at: now, msgType: "text", content: "{}" }],
    outbound: [],
    runs: [],
    now,
  };
}

describe("group commit", () => {
  it("commits turns finishing together; a duplicate fails alone", async () => {
    const commit = createGroupCommit(store);
    await commit(turn("o-1", "k-0"));
    const results = await Promise.allSettled([
      commit(turn("o-1", "k-1")),
      commit(turn("o-2", "k-0")),
      commit(turn("o-3", "k-3")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateTurnError);
    expect(await store.processedReply("k-1")).toBe("reply k-1");
    expect(await store.processedReply("k-3")).toBe("reply k-3");
    // The duplicate wrote nothing: o-2 was never stored.
    expect(await store.getFollower("o-2")).toBeUndefined();
    expect((await store.listMessages("o-1", 10)).length).toBe(2);
  });

  it("rolls back a turn that fails after some of its writes, and only that turn", async () => {
    const commit = createGroupCommit(store);
    const tooLong = "o".repeat(200);
    const results = await Promise.allSettled([
      commit(turn("o-1", "k-1")),
      // Its processed id and log entry are written before the follower row is refused.
      commit({ ...turn("o-2", "k-2"), follower: newFollowerRecord(tooLong, Date.now()) }),
      commit(turn("o-3", "k-3")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreInputError);
    expect(await store.processedReply("k-2")).toBeUndefined();
    expect(await store.listMessages("o-2", 10)).toEqual([]);
    expect((await store.listMessages("o-1", 10)).length).toBe(1);
    expect((await store.listMessages("o-3", 10)).length).toBe(1);
    expect(await store.counters()).toEqual({ messagesIn: 2, messagesOut: 0 });
  });

  it("leaves batching to the writer thread, and takes it over when that thread dies", async () => {
    await store.close();
    store = await openSqliteStore(db.path, { writerThread: true, backgroundCheckpoints: true });
    const commit = createGroupCommit(store);
    const oneByOne = vi.spyOn(store, "commitTurn");
    await Promise.all([commit(turn("o-1", "k-1")), commit(turn("o-2", "k-2"))]);
    // While the thread runs, each turn goes to it, which batches them.
    expect(oneByOne).toHaveBeenCalledTimes(2);

    await sqliteWriterThreadOf(store)?.terminate(); // as if it had crashed
    oneByOne.mockClear();
    await Promise.all([commit(turn("o-3", "k-3")), commit(turn("o-4", "k-4"))]);
    // Written together by one transaction here, not by the store one transaction per turn.
    expect(oneByOne).not.toHaveBeenCalled();
    expect(await store.processedReply("k-3")).toBe("reply k-3");
    expect(await store.processedReply("k-4")).toBe("reply k-4");

    const results = await Promise.allSettled([
      commit(turn("o-5", "k-5")),
      commit(turn("o-6", "k-1")), // a duplicate still fails alone
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateTurnError);
    expect(await store.getFollower("o-6")).toBeUndefined();
    expect(await store.counters()).toEqual({ messagesIn: 5, messagesOut: 0 });
  });

  it("on a full database, stores and resolves a turn that fits, and fails alone one that does not", async () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const commit = createGroupCommit(store);
    await commit(turn("o-1", "k-0"));
    await fillDatabase(store);
    // Room for a small turn, not for a large one (four pages).
    sqliteDatabaseOf(store)!.exec(
      "DELETE FROM test_filler WHERE rowid IN (SELECT rowid FROM test_filler WHERE length(x) = 4000 LIMIT 4)",
    );
    const large = turn("o-2", "k-2");
    large.log[0]!.content = "投诉".repeat(20_000);
    const results = await Promise.allSettled([commit(large), commit(turn("o-1", "k-1"))]);
    // Before, SQLite's rollback of the whole transaction on SQLITE_FULL failed both, with the
    // small turn stored all the same: its follower moved on, and WeChat got no reply.
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(StoreFullError);
    expect(await store.processedReply("k-2")).toBeUndefined();
    expect(await store.getFollower("o-2")).toBeUndefined();
    expect(await store.processedReply("k-1")).toBe("reply k-1");
    expect((await store.getFollower("o-1"))?.messagesIn).toBe(2);
    expect(await store.counters()).toEqual({ messagesIn: 2, messagesOut: 0 });
  });
});
