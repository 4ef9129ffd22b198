// The runtime's periodic clean-up of the store: processed ids, expired sessions, recorded
// customer-service sends and, under the retention policy (HUASHU_LOG_RETENTION_DAYS), the message
// log, finished outbound messages and the funnel's flow runs.
import type { Store } from "../store/types";
import { MESSAGE_WINDOW } from "./serviceWindow";
import type { Logger } from "./types";

/**
 * HUASHU_LOG_RETENTION_DAYS when unset. Six months: China's Cybersecurity Law (网络安全法 Art. 21)
 * asks operators to keep network logs for at least six months, and PIPL (个人信息保护法 Art. 19) to
 * keep personal data no longer than its purpose needs; half a year also covers following up a
 * complaint or comparing a campaign with the last one. Followers' and the dashboard's totals are
 * counters, so they survive the purge.
 */
export const LOG_RETENTION_DEFAULT_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * WeChat retries within about 15 s; a day of processed ids is plenty and keeps the table small. POST
 * /wechat's timestamp window relies on it too: a request sent again inside the window must still
 * find its id (routes/wechatTimestamp.ts refuses to load if the two drift apart).
 */
export const PROCESSED_KEEP_MS = DAY_MS;
export const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;
/** The first pass comes soon after start, so a server restarted more often than hourly still purges. */
export const HOUSEKEEPING_FIRST_AFTER_MS = 60 * 1000;

export interface HousekeepingDeps {
  store: Store;
  now: () => number;
  logger: Logger;
  /** Days of message log to keep; null keeps it forever. */
  logRetentionDays: number | null;
}

/**
 * One pass. Never rejects: each purge that fails is logged and the others still run, so a broken
 * purge can cost disk space but never a reply. `signal` stops the chunked purges between chunks.
 */
export async function runHousekeeping(deps: HousekeepingDeps, signal?: AbortSignal): Promise<void> {
  const { store, logger } = deps;
  const now = deps.now();
  await store
    .purgeProcessed(now - PROCESSED_KEEP_MS, { signal })
    .catch((error: unknown) => logger.error("purging processed message ids failed", error));
  // An expired session is never resumed, and it holds what the follower answered (personal data).
  try {
    const removed = await store.purgeExpiredSessions(now, { signal });
    if (removed > 0) {
      logger.info(
        `deleted ${removed} session${removed === 1 ? "" : "s"} that expired before ${new Date(now).toISOString()}, with the answers they held`,
      );
    }
  } catch (error) {
    logger.error(
      "purging expired sessions failed; serving goes on and the next pass tries again",
      error,
    );
  }
  // A send older than the longest window counts against no quota any more (see serviceWindow.ts).
  await store
    .purgeSends(now - MESSAGE_WINDOW.lengthMs, { signal })
    .catch((error: unknown) =>
      logger.error("forgetting customer-service sends older than 48 hours failed", error),
    );
  const days = deps.logRetentionDays;
  if (days === null) return;
  const cutoff = now - days * DAY_MS;
  try {
    const removed = await store.purgeMessageLog(cutoff, { signal });
    if (removed.messages > 0 || removed.outbound > 0 || removed.runs > 0) {
      logger.info(
        `retention (HUASHU_LOG_RETENTION_DAYS=${days}): deleted ${removed.messages} message-log rows, ${removed.outbound} sent or failed outbound messages and ${removed.runs} flow runs (the funnel's) from before ${new Date(cutoff).toISOString()}`,
      );
    }
  } catch (error) {
    logger.error(
      `purging the message log (HUASHU_LOG_RETENTION_DAYS=${days}) failed; serving goes on and the next pass tries again`,
      error,
    );
  }
}

export interface Housekeeping {
  /** Stops the timers, interrupts a purge between two chunks and waits for the pass to end. */
  stop(): Promise<void>;
}

/** Runs a pass `firstAfterMs` after start, then every `everyMs`; a pass still running is not doubled. */
export function startHousekeeping(
  deps: HousekeepingDeps & { everyMs?: number; firstAfterMs?: number },
): Housekeeping {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const pass = () => {
    if (running || stopping.signal.aborted) return;
    running = runHousekeeping(deps, stopping.signal).finally(() => {
      running = undefined;
    });
  };
  const first = setTimeout(pass, deps.firstAfterMs ?? HOUSEKEEPING_FIRST_AFTER_MS);
  const every = setInterval(pass, deps.everyMs ?? HOUSEKEEPING_EVERY_MS);
  first.unref();
  every.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      stopping.abort();
      await running;
    },
  };
}
