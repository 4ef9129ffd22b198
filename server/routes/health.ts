// Liveness for load balancers and monitoring: 200 while the database answers and takes writes, 503
// when it does not answer, or is full (then with the figures still, since reads work).
//
// The figures tell an operator what a plain "ok" would hide: writes moved off their thread after
// a failure, messages piling up for the customer-service API (oldestDueSeconds grows when they are
// not going out), turns answered at the deadline still to be finished. Counts only, no follower data.
import { Hono } from "hono";
import type { WechatConfig } from "../config";
import type { Store } from "../store/types";

export interface HealthDeps {
  store: Store;
  wechat: Pick<WechatConfig, "mode">;
  /** Whether the customer-service API client is configured (WECHAT_APP_ID and _SECRET). */
  customerServiceApi: boolean;
  now: () => number;
}

const WECHAT_MODE = { off: "off", plain: "plaintext", aes: "encrypted" } as const;

export function healthRoutes(deps: HealthDeps): Hono {
  const startedAt = deps.now();
  return new Hono().get("/", async (c) => {
    const now = deps.now();
    try {
      const health = await deps.store.health(now);
      // A full database still answers reads, but stores nothing: followers go unanswered.
      const refused = health.writesRefused;
      return c.json(
        {
          ok: refused === null,
          database: refused ?? "ok",
          writes: health.writes,
          wechat: WECHAT_MODE[deps.wechat.mode],
          customerServiceApi: deps.customerServiceApi,
          outbound: {
            pending: health.outboundPending,
            due: health.outboundDue,
            oldestDueSeconds:
              health.oldestDueAt === null
                ? 0
                : Math.max(0, Math.floor((now - health.oldestDueAt) / 1000)),
          },
          pendingTurns: health.pendingTurns,
          uptimeSeconds: Math.floor((now - startedAt) / 1000),
        },
        refused === null ? 200 : 503,
      );
    } catch (error) {
      return c.json(
        { ok: false, database: error instanceof Error ? error.message : String(error) },
        503,
      );
    }
  });
}
