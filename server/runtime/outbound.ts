// Delivers queued customer-service messages in order per follower, within WeChat's window, with retries.
import type { OutboundMessage, Store } from "../store/types";
import { WechatApiError } from "../wechat/apiError";
import { createWriteBatch } from "./groupCommit";
import { createServiceWindow, MESSAGE_WINDOW } from "./serviceWindow";
import type { Logger } from "./types";

/** The part of the WeChat API client the dispatcher uses. */
export interface CustomMessageSender {
  sendCustomMessage(message: Record<string, unknown>): Promise<unknown>;
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
  start(): void;
  /** Look for due messages now (after a commit queued some). */
  nudge(): void;
  /** Sends everything due now; resolves when none is left (tests, shutdown). */
  drain(): Promise<void>;
  stop(): Promise<void>;
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
  const batchWrites = createWriteBatch(store);
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let warnedNoApi = false;
  let stopped = false;
  let nudgeTimer: ReturnType<typeof setTimeout> | undefined;
  let restoring: Promise<boolean> | undefined;

  /**
   * Rebuilds the quota's memory from the sends the store recorded in the last 48 hours (the longest
   * window), once, before the first delivery: one indexed query, not one per send. Resolves false,
   * and the next look at the queue tries again, when the store cannot answer: sending meanwhile
   * could spend a quota already used up.
   */
  function restoreWindow(): Promise<boolean> {
    restoring ??= store.recentSends(deps.now() - MESSAGE_WINDOW.lengthMs).then(
      (sends) => {
        window.restore(sends, deps.now());
        return true;
      },
      (error: unknown) => {
        restoring = undefined;
        logger.error(
          "outbound: could not read the customer-service messages sent in the last 48 hours; nothing is sent until it can (the next poll tries again)",
          error,
        );
        return false;
      },
    );
    return restoring;
  }

  async function deliver(message: OutboundMessage): Promise<void> {
    const now = deps.now();
    const attempts = message.attempts + 1;
    if (message.openid.startsWith(SANDBOX_OPENID_PREFIX)) {
      await store.markOutbound(message.id, {
        status: "failed",
        lastError: SANDBOX_NOT_SENT,
        attempts,
      });
      return;
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
      return;
    }
    const verdict = window.check(await store.getFollower(message.openid), now);
    if (!verdict.ok) {
      await store.markOutbound(message.id, {
        status: "failed",
        lastError: verdict.reason,
        attempts: message.attempts,
      });
      return;
    }
    try {
      await deps.api.sendCustomMessage(JSON.parse(message.payload) as Record<string, unknown>);
      window.recordSend(message.openid, now, verdict.window);
      await store.markOutbound(message.id, {
        status: "sent",
        lastError: null,
        attempts,
        spent: { window: verdict.window, at: now },
      });
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
      } else {
        logger.warn(
          `outbound message ${message.id} to ${message.openid} failed: ${failure.message}`,
        );
        await store.markOutbound(message.id, {
          status: "failed",
          lastError: failure.message,
          attempts,
        });
      }
    }
  }

  async function loop(): Promise<void> {
    if (!(await restoreWindow())) return;
    do {
      again = false;
      for (;;) {
        // One message per follower per batch (the store guarantees it), so a batch runs in parallel.
        // SQLite calls resolve without yielding; give HTTP requests a turn between batches.
        await new Promise((resolve) => setImmediate(resolve));
        if (stopped) return;
        const due = await store.dueOutbound(deps.now(), BATCH);
        if (due.length === 0) break;
        const results = await Promise.allSettled(batchWrites(() => due.map(deliver)));
        const broken = results.findIndex((r) => r.status === "rejected");
        if (broken >= 0) {
          // The store itself failed: stop here rather than spin on the same message; the poll retries.
          logger.error(
            `outbound message ${due[broken]?.id} could not be processed`,
            (results[broken] as PromiseRejectedResult).reason,
          );
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
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (nudgeTimer) clearTimeout(nudgeTimer);
      nudgeTimer = undefined;
      timer = undefined;
      await running;
    },
  };
}
