// Wires the runtime's parts together: flow catalog, conversation handling and the outbound dispatcher.
import type { Store } from "../store/types";
import { type Conversation, createConversation } from "./conversation";
import { createFlowCatalogCache, type FlowCatalogCache } from "./flowCatalog";
import { createGroupCommit } from "./groupCommit";
import { LOG_RETENTION_DEFAULT_DAYS, startHousekeeping } from "./housekeeping";
import {
  type CustomMessageSender,
  createOutboundDispatcher,
  type OutboundDispatcher,
  SANDBOX_OPENID_PREFIX,
} from "./outbound";
import type { Logger } from "./types";

export interface RuntimeOptions {
  /** The WeChat API client; absent when WECHAT_APP_ID/SECRET are not set. */
  api?: CustomMessageSender;
  /** For http nodes (tests may pass their own). */
  fetch?: typeof fetch;
  /** Passive-reply deadline, 4000 ms by default. */
  deadlineMs?: number;
  outboundPollMs?: number;
  retryDelaysMs?: number[];
  /** Do not start the outbound dispatcher's timer (benchmarks, tests that drain by hand). */
  manualOutbound?: boolean;
  /** How long an http node's request runs before the follower is shown typing; 1000 ms by default. */
  typingAfterMs?: number;
  /** Days of message log kept (HUASHU_LOG_RETENTION_DAYS); null keeps it forever, undefined 180. */
  logRetentionDays?: number | null;
}

export interface Runtime {
  conversation: Conversation;
  outbound: OutboundDispatcher;
  catalog: FlowCatalogCache;
  /** Call after publishing so new conversations use the new versions at once. */
  flowsChanged(): void;
  /**
   * Waits for every turn in progress, then delivers what is due (for up to `deliverMs`, 5 s by
   * default; what is left stays queued for the next start) and stops the dispatcher.
   */
  close(options?: { deliverMs?: number }): Promise<void>;
}

/** The typing indicator through the API client, for real followers only (not the simulator's). */
function typingFor(api: CustomMessageSender | undefined) {
  const typing = api?.typing?.bind(api);
  if (!typing) return undefined;
  return (openid: string) =>
    openid.startsWith(SANDBOX_OPENID_PREFIX) ? Promise.resolve() : typing(openid, true);
}

export function createRuntime(
  deps: RuntimeOptions & { store: Store; now: () => number; logger: Logger },
): Runtime {
  const catalog = createFlowCatalogCache(deps.store, { now: deps.now });
  const outbound = createOutboundDispatcher({
    store: deps.store,
    api: deps.api,
    now: deps.now,
    logger: deps.logger,
    pollMs: deps.outboundPollMs,
    retryDelaysMs: deps.retryDelaysMs,
  });
  const conversation = createConversation({
    store: deps.store,
    catalog,
    now: deps.now,
    logger: deps.logger,
    fetch: deps.fetch,
    deadlineMs: deps.deadlineMs,
    commitTurn: createGroupCommit(deps.store),
    onOutbound: () => outbound.nudge(),
    outboundOrder: outbound,
    typing: typingFor(deps.api),
    typingAfterMs: deps.typingAfterMs,
  });
  if (!deps.manualOutbound) outbound.start();
  const housekeeping = startHousekeeping({
    store: deps.store,
    now: deps.now,
    logger: deps.logger,
    logRetentionDays:
      deps.logRetentionDays === undefined ? LOG_RETENTION_DEFAULT_DAYS : deps.logRetentionDays,
  });
  return {
    conversation,
    outbound,
    catalog,
    flowsChanged: () => catalog.invalidate(),
    async close(options) {
      await housekeeping.stop();
      await conversation.idle();
      // The last turns' customer-service messages go out now rather than after the restart.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        outbound.drain(),
        new Promise((resolve) => {
          timer = setTimeout(resolve, options?.deliverMs ?? 5_000);
        }),
      ]);
      clearTimeout(timer);
      // Ends a delivery still running after its current batch.
      await outbound.stop();
    },
  };
}
