// Seeding builds readable followers and sessions, and can top up an already seeded database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedFollowers, seedOpenid } from "./seed";
import { openSqliteStore } from "./sqliteStore";

describe("seedFollowers", () => {
  it("inserts followers that read back like any other, and a session for every 10th", async () => {
    const store = await openSqliteStore(":memory:");
    const now = 1_750_000_000_000;
    expect(await seedFollowers(store, 1_234, now)).toEqual({ followers: 1_234, sessions: 124 });
    expect(await store.countFollowers()).toBe(1_234);
    const f = await store.getFollower(seedOpenid(1_233));
    expect(f?.openid).toBe(seedOpenid(1_233));
    expect(f?.subscribed).toBe(true);
    expect((await store.getFollower(seedOpenid(0)))?.tags).toEqual(["vip"]);
    expect((await store.getSession(seedOpenid(1_230)))?.status).toBe("done");
    expect(await store.getSession(seedOpenid(1_231))).toBeUndefined();
    await store.close();
  });

  it("tops up a database file without touching the followers already there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-seed-"));
    try {
      const file = join(dir, "bench.db");
      expect(await seedFollowers(file, 600, 1)).toEqual({ followers: 600, sessions: 60 });
      expect(
        await seedFollowers(file, 600, 2, { startIndex: 300, sessionFor: () => null }),
      ).toEqual({
        followers: 300,
        sessions: 0,
      });
      const store = await openSqliteStore(file);
      expect(await store.countFollowers()).toBe(900);
      expect((await store.getFollower(seedOpenid(299)))?.lastSeenAt).toBe(
        1 - (299 % 90) * 86_400_000,
      );
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a store that is not SQLite and a negative count", async () => {
    const store = await openSqliteStore(":memory:");
    await expect(seedFollowers({ ...store }, 1, 0)).rejects.toThrow(/not a SQLite store/);
    await expect(seedFollowers(store, -1, 0)).rejects.toThrow(/count/);
    await store.close();
  });
});
