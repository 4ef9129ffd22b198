// Delivers queued customer-service messages in order per follower, within WeChat's window, with retries.
import { StoreFullError } from "../store/storeErrors";
import type { OutboundMessage, Store } from "../store/types";
import { WechatApiError } from "../wechat/apiError";
import { createServiceWindow, EVENT_WINDOW, MESSAGE_WINDOW } from "./serviceWindow";
import type { Logger } from "./types";

/** The part of the WeChat API client the dispatcher uses. */
export interface CustomMessageSender {
  sendCustomMessage(message: Record<string, unknown>): Promise<unknown>;
  /** WeChat's "对方正在输入" indicator (custom/typing); the runtime shows it during slow requests. */
  typing?(openid: string, on: boolean): Promise<unknown>;
}

export interface OutboundDeps {
  store: Store;
  /** Absent when WECHAT_APP_ID/SECRET are not set: messages are marked failed, not kept forever. */
  api?: CustomMessageSender;
  now: () => number;
  logger: Logger;
  pollMs?: number;
  /** Back-off before each retry of a transient error; its length is the number of retries. */
  retryDelaysMs?: number[];
}

export interface OutboundDispatcher {
  /** Starts the poll, and counts the messages already queued and due as `expect` would have. */
  start(): void;
  /** Look for due messages now (after a commit queued some). */
  nudge(): void;
  /** Sends everything due now; resolves when none is left (tests, shutdown). */
  drain(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Keeps a follower's next passive reply behind the customer-service messages of their earlier
   * turns (a reply goes out at once, a queued message a moment later: a quick follower saw the
   * answer to their second message before the end of the first). A turn counts its messages due at
   * once with `expect` before committing them (`cancel` if the commit fails), and waits for
   * `settled`, asked before its own `expect`: it resolves when every message counted until then
   * has had its first attempt, and is undefined when none is outstanding. While one of the
   * follower's messages waits for a retry, `expect` counts nothing: all would wait behind it.
   */
  expect(openid: string, count: number): void;
  cancel(openid: string, count: number): void;
  settled(openid: string): Promise<void> | undefined;
}

/** Followers the editor's simulator invents (`POST /api/sandbox/send`); they are not real OpenIDs. */
export const SANDBOX_OPENID_PREFIX = "sandbox-";
const SANDBOX_NOT_SENT =
  "sandbox follower: shown in the simulator, never sent to WeChat (沙盒粉丝，不发往微信)";

const NOT_CONFIGURED =
  "WeChat API not configured: set WECHAT_APP_ID and WECHAT_APP_SECRET (未配置微信接口)";

/** What a failed send means: retry later, or give up with a reason a person can act on. */
function failureOf(error: unknown): { transient: boolean; message: string } {
  if (error instanceof WechatApiError) {
    const meaning = error.explanation
      ? `${error.explanation.en} (${error.explanation.zh})`
      : error.errmsg || error.message;
    return {
      transient: error.transient,
      message: error.errcode !== null ? `errcode ${error.errcode}: ${meaning}` : meaning,
    };
  }
  // Anything else (a bug in a client, a fetch that threw): worth another try.
  return { transient: true, message: error instanceof Error ? error.message : String(error) };
}

/** Messages per look at the queue; at most one per follower, so up to this many followers at once. */
const BATCH = 200;

/** Commits arriving within this long share one look at the queue. */
const NUDGE_DELAY_MS = 10;

export function createOutboundDispatcher(deps: OutboundDeps): OutboundDispatcher {
  const { store, logger } = deps;
  const pollMs = deps.pollMs ?? 1000;
  const retryDelays = deps.retryDelaysMs ?? [2_000, 10_000, 60_000, 300_000];
  const window = createServiceWindow();
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let warnedNoApi = false;
  let stopped = false;
  let nudgeTimer: ReturnType<typeof setTimeout> | undefined;
  let restoring: Promise<boolean> | undefined;

  /**
   * Rebuilds the quota's memory from what followers spent of the windows still open, once, before
   * the first delivery: one query that counts in the database, rather than every send of the last
   * 48 hours read into memory (less than half the time, a quarter of the memory: npm run
   * bench:quota). Resolves false, and the next look at the queue tries again, when the store
   * cannot answer: sending meanwhile could spend a quota already used up.
   */
  function restoreWindow(): Promise<boolean> {
    const now = deps.now();
    restoring ??= store
      .sendsInOpenWindows({
        message: now - MESSAGE_WINDOW.lengthMs,
        event: now - EVENT_WINDOW.lengthMs,
      })
      .then(
        (spent) => {
          window.restore(spent);
          return true;
        },
        (error: unknown) => {
          restoring = undefined;
          logger.error(
            "outbound: could not read which customer-service messages sent before the start still count against WeChat's quota; nothing is sent until it can (the next poll tries again)",
            error,
          );
          return false;
        },
      );
    return restoring;
  }

  /** Per follower: messages counted by `expect`, how many had their first attempt, who waits. */
  const order = new Map<
    string,
    { expected: number; attempted: number; waiters: Array<{ upTo: number; wake: () => void }> }
  >();
  /**
   * Messages queued before this start and counted by `countQueued`, by id: the rows alone cannot
   * tell them apart (a delayed send that came due while the server was down is one of them).
   */
  const carried = new Set<number>();
  let counting: Promise<void> | undefined;
  /**
   * Followers whose next message waits for a retry: their later messages wait behind it for
   * seconds or minutes, so a turn does not count its own (a reply waiting for them would wait
   * until WeChat's deadline, turn after turn). Known from the store at start, then from attempts.
   */
  const held = new Set<string>();
  /**
   * Messages that went out but whose `sent` mark could not be written (a full disk), by id, with
   * that mark. The row still says pending, and the next look at the queue would send it again, as
   * often as WeChat's quota allowed, then mark the follower's next messages failed for a quota
   * spent on copies. Instead it is not sent again: each look writes the mark again until it holds,
   * and meanwhile the row keeps the follower's later messages behind it, in order. Kept in memory
   * only: a stop before the mark holds leaves the row pending, and the next start sends it again.
   */
  const unrecorded = new Map<number, Parameters<Store["markOutbound"]>[1]>();
  /** Marks written late in the current run of failures, for the line that says they all hold. */
  let recordedLate = 0;

  function expectMore(openid: string, count: number): void {
    if (count <= 0) return;
    const entry = order.get(openid) ?? { expected: 0, attempted: 0, waiters: [] };
    entry.expected += count;
    order.set(openid, entry);
  }

  /**
   * Counts, as `expect` counts a turn's, the messages queued before this start whose first
   * attempt is next: a follower who writes right after a restart must not see the new reply
   * before them (a delayed send that came due while the server was down among them). The reply
   * waits as any does, at most until WeChat's deadline. Not counted: a message waiting for a
   * retry and everything behind it (as `attempted` lets go of a live one),
   * and a delayed send not due yet (a live one is never waited for). Once, before the first
   * delivery (the loop waits for it), and only rows queued before now: a turn after the start
   * counts its own. A store that cannot answer leaves them uncounted, as they were before.
   */
  function countQueued(): Promise<void> {
    counting ??= Promise.all([
      store.dueFirstAttempts(deps.now()),
      store.followersAwaitingRetry(),
    ]).then(
      ([queued, retrying]) => {
        for (const openid of retrying) held.add(openid);
        for (const message of queued) {
          carried.add(message.id);
          expectMore(message.openid, 1);
        }
        // Due already: sent now rather than at the first poll, since replies may be waiting.
        if (queued.length > 0) void run();
      },
      (error: unknown) =>
        logger.error(
          "outbound: could not count the customer-service messages queued before the restart; a follower's next reply may overtake them",
          error,
        ),
    );
    return counting;
  }

  function wakeSettled(openid: string): void {
    const entry = order.get(openid);
    if (!entry) return;
    entry.waiters = entry.waiters.filter((w) => {
      if (w.upTo > entry.attempted) return true;
      w.wake();
      return false;
    });
    if (entry.attempted >= entry.expected && entry.waiters.length === 0) order.delete(openid);
  }

  /**
   * A message had its first attempt. A retry waits seconds or minutes and holds back the
   * follower's later messages: then nothing counted is worth waiting for, and all are let go.
   * Rows from before a restart that were not counted at start (behind a retry) may still come
   * here; the count never goes past what was.
   */
  function attempted(message: OutboundMessage, retrying: boolean): void {
    const entry = order.get(message.openid);
    if (!entry) return;
    entry.attempted = retrying ? entry.expected : Math.min(entry.attempted + 1, entry.expected);
    wakeSettled(message.openid);
  }

  /** Counted: by `countQueued`, or due at once when queued (not a delayed send) and not yet tried. */
  const counted = (message: OutboundMessage) =>
    carried.delete(message.id) ||
    (message.attempts === 0 && message.notBefore <= message.createdAt);

  async function deliver(message: OutboundMessage): Promise<void> {
    // Sent already, and counted then: only its mark is still to be written.
    const mark = unrecorded.get(message.id);
    if (mark) return recordSent(message, mark);
    let retrying = false;
    try {
      retrying = await attempt(message);
    } finally {
      // A message is attempted only when none of its follower's is ahead of it: after a retry
      // that is over (sent or failed for good), nothing of theirs waits for one any more.
      if (retrying) held.add(message.openid);
      else if (message.attempts > 0) held.delete(message.openid);
      if (counted(message)) attempted(message, retrying);
    }
  }

  /** Sends one message, or marks why not; true when it waits for a retry. */
  async function attempt(message: OutboundMessage): Promise<boolean> {
    const now = deps.now();
    const attempts = message.attempts + 1;
    if (message.openid.startsWith(SANDBOX_OPENID_PREFIX)) {
      await store.markOutbound(message.id, {
        status: "failed",
        lastError: SANDBOX_NOT_SENT,
        attempts,
      });
      return false;
    }
    if (!deps.api) {
      if (!warnedNoApi) {
        warnedNoApi = true;
        logger.warn(
          `outbound: ${NOT_CONFIGURED}; queued customer-service messages are marked failed`,
        );
      }
      await store.markOutbound(message.id, {
        status: "failed",
        lastError: NOT_CONFIGURED,
        attempts,
      });
      return false;
    }
    const verdict = window.check(await store.getFollower(message.openid), now);
    if (!verdict.ok) {
      await store.markOutbound(message.id, {
        status: "failed",
        lastError: verdict.reason,
        attempts: message.attempts,
      });
      return false;
    }
    try {
      await deps.api.sendCustomMessage(JSON.parse(message.payload) as Record<string, unknown>);
    } catch (error) {
      const failure = failureOf(error);
      const delay = retryDelays[message.attempts];
      if (failure.transient && delay !== undefined) {
        await store.markOutbound(message.id, {
          status: "pending",
          lastError: failure.message,
          notBefore: now + delay,
          attempts,
        });
        return true;
      }
      logger.warn(`outbound message ${message.id} to ${message.openid} failed: ${failure.message}`);
      await store.markOutbound(message.id, {
        status: "failed",
        lastError: failure.message,
        attempts,
      });
      return false;
    }
    // It went out: whatever happens to the mark, it is never sent again by this process.
    window.recordSend(message.openid, now, verdict.window);
    await recordSent(message, {
      status: "sent",
      lastError: null,
      attempts,
      spent: { window: verdict.window, at: now },
    });
    return false;
  }

  /** Writes the `sent` mark of a message that went out, or keeps it to write again (unrecorded). */
  async function recordSent(
    message: OutboundMessage,
    mark: Parameters<Store["markOutbound"]>[1],
  ): Promise<void> {
    try {
      await store.markOutbound(message.id, mark);
    } catch (error) {
      if (unrecorded.size === 0) {
        logger.warn(
          `outbound: customer-service message ${message.id} to ${message.openid} went out, but it could not be marked sent (${error instanceof Error ? error.message : String(error)}). Such messages are not sent again: the mark is written again at each look at the queue, and the follower's later messages wait behind it; a restart before then would send them a second time (客服消息已发出但未能记录)`,
        );
      }
      unrecorded.set(message.id, mark);
      // Stops this look at the queue: the row is still its follower's next one.
      throw error;
    }
    if (!unrecorded.delete(message.id)) return;
    recordedLate += 1;
    if (unrecorded.size > 0) return;
    logger.info(
      `outbound: the ${recordedLate} customer-service message(s) that went out while they could not be marked sent are marked now, each sent once`,
    );
    recordedLate = 0;
  }

  async function loop(): Promise<void> {
    if (!(await restoreWindow())) return;
    // A message attempted before it was counted would leave its follower's count unmet.
    await counting;
    do {
      again = false;
      for (;;) {
        // One message per follower per batch (the store guarantees it), so a batch runs in parallel.
        // SQLite calls resolve without yielding; give HTTP requests a turn between batches.
        await new Promise((resolve) => setImmediate(resolve));
        if (stopped) return;
        const due = await store.dueOutbound(deps.now(), BATCH);
        if (due.length === 0) break;
        // Each mark commits on its own (on the writer thread, which batches them), never in one
        // transaction here: SQLite may roll a whole transaction back (SQLITE_FULL), undoing marks
        // already reported as written, and a `sent` mark undone is a message sent twice.
        const results = await Promise.allSettled(due.map(deliver));
        const broken = results.findIndex((r) => r.status === "rejected");
        if (broken >= 0) {
          // The store itself failed: stop here rather than spin on the same message; the poll retries.
          const reason = (results[broken] as PromiseRejectedResult).reason;
          // A full database is said once by the store, not at every poll.
          if (!(reason instanceof StoreFullError)) {
            logger.error(`outbound message ${due[broken]?.id} could not be processed`, reason);
          }
          return;
        }
      }
    } while (again && !stopped);
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = loop()
      .catch((error: unknown) => logger.error("outbound dispatcher failed", error))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    start() {
      stopped = false;
      // Before the first turn can commit and count its own messages.
      void countQueued();
      // Now rather than at the first delivery, which a follower's turn may be waiting on.
      void restoreWindow();
      timer ??= setInterval(() => void run(), pollMs);
      timer.unref?.();
    },
    nudge() {
      // Coalesced: under load many commits nudge at once, and one query serves them all.
      if (stopped || nudgeTimer) return;
      nudgeTimer = setTimeout(() => {
        nudgeTimer = undefined;
        void run();
      }, NUDGE_DELAY_MS);
    },
    async drain() {
      await run();
      // A run already in progress may have missed messages committed meanwhile.
      await run();
    },
    expect(openid, count) {
      if (!held.has(openid)) expectMore(openid, count);
    },
    cancel(openid, count) {
      const entry = order.get(openid);
      if (!entry) return;
      entry.expected = Math.max(entry.attempted, entry.expected - count);
      wakeSettled(openid);
    },
    settled(openid) {
      const entry = order.get(openid);
      if (!entry || entry.attempted >= entry.expected) return undefined;
      const upTo = entry.expected;
      return new Promise((wake) => entry.waiters.push({ upTo, wake }));
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (nudgeTimer) clearTimeout(nudgeTimer);
      nudgeTimer = undefined;
      timer = undefined;
      await running;
      if (unrecorded.size > 0) {
        const ids = [...unrecorded.keys()];
        const shown = ids.slice(0, 20).join(", ") + (ids.length > 20 ? ", …" : "");
        logger.warn(
          `outbound: ${ids.length} customer-service message(s) went out but could not be marked sent before the stop (ids ${shown}); the next start sends them a second time`,
        );
      }
      // Nothing more will be attempted: no reply waits for it.
      for (const entry of order.values()) entry.attempted = entry.expected;
      for (const openid of [...order.keys()]) wakeSettled(openid);
    },
  };
}
