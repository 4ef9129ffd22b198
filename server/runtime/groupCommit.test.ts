import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/sqliteStore";
import { DuplicateTurnError } from "../store/storeErrors";
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
});
