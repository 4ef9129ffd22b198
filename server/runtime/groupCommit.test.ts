import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/sqliteStore";
import { DuplicateTurnError, StoreInputError } from "../store/storeErrors";
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
});
