// The periodic clean-up: when it runs, what it deletes, and that a failing purge never stops the rest.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../app";
import { loadConfig } from "../config";
import { openSqliteStore, sqliteDatabaseOf } from "../store/sqliteStore";
import { makeFollower } from "../store/storeContract";
import type {
  FlowRunUpdate,
  LogPurgeOptions,
  LogPurgeResult,
  MessageLogEntry,
  Store,
} from "../store/types";
import {
  HOUSEKEEPING_EVERY_MS,
  HOUSEKEEPING_FIRST_AFTER_MS,
  runHousekeeping,
  startHousekeeping,
} from "./housekeeping";
import { counterFlow } from "./testFlows";
import { startTestServer, type TestServer, tempDbPath } from "./testServer";
import type { Logger } from "./types";

const DAY = 86_400_000;
const NOW = 1_000 * DAY;

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m, e) => lines.push(`error ${m}: ${(e as Error | undefined)?.message ?? ""}`),
  };
  return { logger, lines };
}

/** Only the purges the housekeeping calls; the log's and the sessions' are replaced per test. */
function fakeStore(
  purgeMessageLog: (before: number, o?: LogPurgeOptions) => Promise<LogPurgeResult>,
  purgeExpiredSessions: (now: number, o?: LogPurgeOptions) => Promise<number> = async () => 0,
) {
  const calls = {
    processed: [] as number[],
    sessions: [] as number[],
    sends: [] as number[],
    log: [] as number[],
  };
  const store = {
    purgeProcessed: async (before: number) => {
      calls.processed.push(before);
      return 0;
    },
    purgeSends: async (before: number) => {
      calls.sends.push(before);
      return 0;
    },
    purgeExpiredSessions: (now: number, options?: LogPurgeOptions) => {
      calls.sessions.push(now);
      return purgeExpiredSessions(now, options);
    },
    purgeMessageLog: (before: number, options?: LogPurgeOptions) => {
      calls.log.push(before);
      return purgeMessageLog(before, options);
    },
  } as unknown as Store;
  return { store, calls };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("housekeeping", () => {
  it("purges a minute after start, then hourly, with cut-offs from the clock", async () => {
    const { store, calls } = fakeStore(
      async () => ({ messages: 12, outbound: 3, runs: 5 }),
      async () => 4,
    );
    const { logger, lines } = recordingLogger();
    const keeping = startHousekeeping({ store, now: () => NOW, logger, logRetentionDays: 30 });

    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS - 1);
    expect(calls).toEqual({ processed: [], sessions: [], sends: [], log: [] });
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual({
      processed: [NOW - DAY],
      sessions: [NOW],
      sends: [NOW - 2 * DAY],
      log: [NOW - 30 * DAY],
    });
    expect(lines).toEqual([
      `info deleted 4 sessions that expired before ${new Date(NOW).toISOString()}, with the answers they held`,
      `info retention (HUASHU_LOG_RETENTION_DAYS=30): deleted 12 message-log rows, 3 sent or failed outbound messages and 5 flow runs (the funnel's) from before ${new Date(NOW - 30 * DAY).toISOString()}`,
    ]);

    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_EVERY_MS);
    expect(calls.log).toHaveLength(2);
    expect(calls.sessions).toHaveLength(2);
    await keeping.stop();
    await vi.advanceTimersByTimeAsync(3 * HOUSEKEEPING_EVERY_MS);
    expect(calls.log).toHaveLength(2);
    expect(calls.sessions).toHaveLength(2);
  });

  it("says nothing when there was nothing to delete", async () => {
    const { store } = fakeStore(async () => ({ messages: 0, outbound: 0, runs: 0 }));
    const { logger, lines } = recordingLogger();
    const keeping = startHousekeeping({ store, now: () => NOW, logger, logRetentionDays: 180 });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS);
    await keeping.stop();
    expect(lines).toEqual([]);
  });

  it("keeps the log when retention is off, and still forgets processed ids and expired sessions", async () => {
    const { store, calls } = fakeStore(async () => ({ messages: 0, outbound: 0, runs: 0 }));
    const keeping = startHousekeeping({
      store,
      now: () => NOW,
      logger: recordingLogger().logger,
      logRetentionDays: null,
    });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS + HOUSEKEEPING_EVERY_MS);
    await keeping.stop();
    expect(calls.processed).toHaveLength(2);
    expect(calls.sessions).toEqual([NOW, NOW]);
    // The quota's record is not the log: it goes after 48 hours whatever the retention.
    expect(calls.sends).toEqual([NOW - 2 * DAY, NOW - 2 * DAY]);
    expect(calls.log).toEqual([]);
  });

  it("still purges the log when forgetting customer-service sends fails", async () => {
    const { store, calls } = fakeStore(async () => ({ messages: 1, outbound: 0, runs: 0 }));
    store.purgeSends = async () => {
      throw new Error("locked");
    };
    const { logger, lines } = recordingLogger();
    const keeping = startHousekeeping({ store, now: () => NOW, logger, logRetentionDays: 7 });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS);
    await keeping.stop();
    expect(calls.log).toHaveLength(1);
    expect(lines[0]).toBe(
      "error forgetting customer-service sends older than 48 hours failed: locked",
    );
  });

  it("logs a failed purge and tries again on the next pass", async () => {
    const { store, calls } = fakeStore(async () => {
      throw new Error("disk I/O error");
    });
    const { logger, lines } = recordingLogger();
    const keeping = startHousekeeping({ store, now: () => NOW, logger, logRetentionDays: 7 });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS + HOUSEKEEPING_EVERY_MS);
    await keeping.stop();
    expect(calls.log).toHaveLength(2);
    expect(calls.processed).toHaveLength(2);
    expect(calls.sessions).toHaveLength(2);
    expect(lines).toEqual([
      "error purging the message log (HUASHU_LOG_RETENTION_DAYS=7) failed; serving goes on and the next pass tries again: disk I/O error",
      "error purging the message log (HUASHU_LOG_RETENTION_DAYS=7) failed; serving goes on and the next pass tries again: disk I/O error",
    ]);
  });

  it("still purges the log when forgetting processed ids fails", async () => {
    const { store, calls } = fakeStore(async () => ({ messages: 1, outbound: 0, runs: 0 }));
    store.purgeProcessed = async () => {
      throw new Error("locked");
    };
    const { logger, lines } = recordingLogger();
    const keeping = startHousekeeping({ store, now: () => NOW, logger, logRetentionDays: 7 });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS);
    await keeping.stop();
    expect(calls.log).toHaveLength(1);
    expect(lines[0]).toBe("error purging processed message ids failed: locked");
  });

  it("logs a failed session purge, still purges the rest and tries again on the next pass", async () => {
    const { store, calls } = fakeStore(
      async () => ({ messages: 2, outbound: 0, runs: 0 }),
      async () => {
        throw new Error("database is locked");
      },
    );
    const { logger, lines } = recordingLogger();
    const keeping = startHousekeeping({ store, now: () => NOW, logger, logRetentionDays: 7 });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS + HOUSEKEEPING_EVERY_MS);
    await keeping.stop();
    expect(calls.sessions).toHaveLength(2);
    expect(calls.processed).toHaveLength(2);
    expect(calls.log).toHaveLength(2);
    const failure =
      "error purging expired sessions failed; serving goes on and the next pass tries again: database is locked";
    expect(lines.filter((line) => line.startsWith("error"))).toEqual([failure, failure]);
    expect(lines.filter((line) => line.startsWith("info retention"))).toHaveLength(2);
  });

  it("stop interrupts a session purge, and the log purge after it is told to stop too", async () => {
    let signal: AbortSignal | undefined;
    const logPurgeStopped: boolean[] = [];
    const { store, calls } = fakeStore(
      async (_before, options) => {
        logPurgeStopped.push(options?.signal?.aborted === true);
        return { messages: 0, outbound: 0, runs: 0 };
      },
      (_now, options) =>
        new Promise((resolve) => {
          signal = options?.signal;
          signal?.addEventListener("abort", () => resolve(3));
        }),
    );
    const { logger, lines } = recordingLogger();
    const keeping = startHousekeeping({ store, now: () => NOW, logger, logRetentionDays: 7 });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS + HOUSEKEEPING_EVERY_MS);
    expect(calls.sessions).toHaveLength(1);
    expect(signal?.aborted).toBe(false);
    await keeping.stop();
    expect(signal?.aborted).toBe(true);
    expect(logPurgeStopped).toEqual([true]);
    // What it deleted before it stopped is still reported.
    expect(lines).toEqual([
      `info deleted 3 sessions that expired before ${new Date(NOW).toISOString()}, with the answers they held`,
    ]);
  });

  it("stop interrupts a purge of processed ids, and the purges after it are told to stop", async () => {
    let signal: AbortSignal | undefined;
    const laterStopped: boolean[] = [];
    const { store } = fakeStore(
      async (_before, options) => {
        laterStopped.push(options?.signal?.aborted === true);
        return { messages: 0, outbound: 0, runs: 0 };
      },
      async (_now, options) => {
        laterStopped.push(options?.signal?.aborted === true);
        return 0;
      },
    );
    store.purgeProcessed = (_before, options) =>
      new Promise((resolve) => {
        signal = options?.signal;
        signal?.addEventListener("abort", () => resolve(1_000));
      });
    const keeping = startHousekeeping({
      store,
      now: () => NOW,
      logger: recordingLogger().logger,
      logRetentionDays: 7,
    });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS);
    expect(signal?.aborted).toBe(false);
    await keeping.stop();
    expect(signal?.aborted).toBe(true);
    expect(laterStopped).toEqual([true, true]);
  });

  it("does not start a pass while the last one runs, and stop interrupts it", async () => {
    let signal: AbortSignal | undefined;
    const { store, calls } = fakeStore(
      (_before, options) =>
        new Promise((resolve) => {
          signal = options?.signal;
          signal?.addEventListener("abort", () => resolve({ messages: 5, outbound: 0, runs: 0 }));
        }),
    );
    const keeping = startHousekeeping({
      store,
      now: () => NOW,
      logger: recordingLogger().logger,
      logRetentionDays: 7,
    });
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS + 2 * HOUSEKEEPING_EVERY_MS);
    expect(calls.log).toHaveLength(1);
    expect(signal?.aborted).toBe(false);
    await keeping.stop();
    expect(signal?.aborted).toBe(true);
  });
});

describe("the runtime's retention", () => {
  function entry(at: number, direction: "in" | "out", text: string): MessageLogEntry {
    return { openid: "o1", direction, at, msgType: "text", content: JSON.stringify({ text }) };
  }

  it("applies HUASHU_LOG_RETENTION_DAYS from the configuration, and the totals stay", async () => {
    const loaded = loadConfig({ HUASHU_LOG_RETENTION_DAYS: "30" }, { createDbFolder: false });
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const store = await openSqliteStore(":memory:");
    try {
      await store.saveFollower(
        makeFollower("o1", { firstSeenAt: NOW - 90 * DAY, lastSeenAt: NOW, lastMessageAt: NOW }),
      );
      await store.logMessages([
        entry(NOW - 60 * DAY, "in", "two months ago"),
        entry(NOW - 60 * DAY, "out", "answer"),
        entry(NOW - DAY, "in", "yesterday"),
      ]);
      const { lines, logger } = recordingLogger();
      const huashu = createApp({
        store,
        config: loaded.config,
        now: () => NOW,
        logger,
        manualOutbound: true,
      });
      await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS);
      await huashu.close();

      const log = await store.listMessages("o1", 10);
      expect(log.map((m) => JSON.parse(m.content).text)).toEqual(["yesterday"]);
      expect(await store.counters()).toEqual({ messagesIn: 2, messagesOut: 1 });
      const follower = await store.getFollower("o1");
      expect([follower?.messagesIn, follower?.messagesOut]).toEqual([2, 1]);
      expect(lines.filter((l) => l.startsWith("info retention"))).toHaveLength(1);
      expect(lines.join("\n")).toMatch(/deleted 2 message-log rows/);
    } finally {
      await store.close();
    }
  });

  it("purges the funnel's runs older than HUASHU_LOG_RETENTION_DAYS with the log, or none when off", async () => {
    const store = await openSqliteStore(":memory:");
    const run = (startedAt: number): FlowRunUpdate => ({
      flowId: "f",
      startedAt,
      version: 1,
      started: true,
      reached: ["ask", "pay"],
      lastNodeId: "pay",
      outcome: "completed",
      expiresAt: startedAt,
    });
    const turn = (openid: string, at: number) =>
      store.commitTurn({
        dedupKey: openid,
        reply: "success",
        follower: makeFollower(openid),
        session: null,
        log: [entry(at, "in", openid)],
        outbound: [],
        runs: [run(at)],
        now: at,
      });
    const runs = () =>
      sqliteDatabaseOf(store)!
        .prepare(
          "SELECT (SELECT COUNT(*) FROM flow_runs) AS runs, COUNT(*) AS nodes FROM flow_run_nodes",
        )
        .get();
    try {
      await turn("old", NOW - 31 * DAY);
      await turn("recent", NOW - 29 * DAY);
      const { logger, lines } = recordingLogger();
      await runHousekeeping({ store, now: () => NOW, logger, logRetentionDays: null });
      expect(runs()).toEqual({ runs: 2, nodes: 4 });
      await runHousekeeping({ store, now: () => NOW, logger, logRetentionDays: 30 });
      expect(runs()).toEqual({ runs: 1, nodes: 2 });
      const report = await store.funnelReport({
        flowId: "f",
        fromDay: 0,
        toDay: NOW / DAY + 1,
        now: NOW,
      });
      expect([report.runs, report.nodes.pay?.completed]).toEqual([1, 1]);
      expect(lines.filter((l) => l.startsWith("info retention"))).toEqual([
        `info retention (HUASHU_LOG_RETENTION_DAYS=30): deleted 1 message-log rows, 0 sent or failed outbound messages and 1 flow runs (the funnel's) from before ${new Date(NOW - 30 * DAY).toISOString()}`,
      ]);
    } finally {
      await store.close();
    }
  });

  it("with a day's retention, still counts a send of 30 hours ago, and forgets one of 49", async () => {
    const loaded = loadConfig({ HUASHU_LOG_RETENTION_DAYS: "1" }, { createDbFolder: false });
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const store = await openSqliteStore(":memory:");
    const HOUR = DAY / 24;
    try {
      for (const [openid, at] of [
        ["o-30h", NOW - 30 * HOUR],
        ["o-49h", NOW - 49 * HOUR],
      ] as const) {
        await store.enqueueOutbound([{ openid, payload: "{}", notBefore: at }], at);
        const [message] = await store.dueOutbound(at, 10);
        await store.markOutbound(message!.id, {
          status: "sent",
          attempts: 1,
          spent: { window: "message", at },
        });
      }
      const huashu = createApp({
        store,
        config: loaded.config,
        now: () => NOW,
        logger: recordingLogger().logger,
        manualOutbound: true,
      });
      await vi.advanceTimersByTimeAsync(HOUSEKEEPING_FIRST_AFTER_MS);
      await huashu.close();

      // Both queue rows are past the day's retention; the 30-hour-old send still counts.
      expect(sqliteDatabaseOf(store)!.prepare("SELECT COUNT(*) AS n FROM outbound").get()).toEqual({
        n: 0,
      });
      expect(await store.recentSends(0)).toEqual([
        { openid: "o-30h", window: "message", at: NOW - 30 * HOUR },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe("expired sessions, end to end", () => {
  let db: ReturnType<typeof tempDbPath>;
  let server: TestServer | undefined;
  beforeEach(() => {
    // A real HTTP server and writer thread: real timers; the clock the runtime reads is faked.
    vi.useRealTimers();
    db = tempDbPath();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    db.cleanup();
  });

  it("deletes a follower's expired session, and their next message starts the flow afresh", async () => {
    const MINUTE = 60_000;
    let clock = Date.UTC(2026, 0, 5, 9, 0);
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow],
      deps: { now: () => clock },
    });
    const { wechat, store } = server;
    expect((await wechat.text("o-gone", "a")).content).toBe("1:");
    expect((await wechat.text("o-gone", "b")).content).toBe("2:b");
    clock += 20 * MINUTE;
    expect((await wechat.text("o-here", "a")).content).toBe("1:");
    // o-gone's conversation timed out (30 minutes); o-here's has 15 minutes left.
    clock += 15 * MINUTE;
    expect((await store.getSession("o-gone"))?.variables).toMatchObject({ count: 2, last: "b" });

    const { logger, lines } = recordingLogger();
    await runHousekeeping({ store, now: () => clock, logger, logRetentionDays: null });
    expect(lines).toEqual([
      `info deleted 1 session that expired before ${new Date(clock).toISOString()}, with the answers they held`,
    ]);
    const stored = sqliteDatabaseOf(store)?.prepare("SELECT openid FROM sessions").pluck().all();
    expect(stored).toEqual(["o-here"]);
    expect(await store.getSession("o-gone")).toBeUndefined();

    expect((await wechat.text("o-gone", "c")).content).toBe("1:");
    expect((await wechat.text("o-here", "b")).content).toBe("2:b");
  });
});
