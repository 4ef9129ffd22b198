// The funnel report's thread failing: the report is read on the main thread instead, with the same
// numbers, the operator is told why, and the next report starts a fresh thread.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { openSqliteStore } from "./sqliteStore";
import { makeFollower, makeSession } from "./storeContract";
import type { FlowRunUpdate, FunnelQuery, TurnCommit } from "./types";

// The seam: every worker thread the store starts is recorded (and otherwise left as it is), so the
// test can end the funnel's thread the way a crash would, with no option in production code.
const workers = vi.hoisted(() => [] as Array<{ source: unknown; terminate(): Promise<number> }>);
vi.mock("node:worker_threads", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:worker_threads")>();
  class RecordedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      workers.push({ source: args[0], terminate: () => this.terminate() });
    }
  }
  return { ...real, Worker: RecordedWorker };
});

const funnelThreads = () =>
  workers.filter((w) => typeof w.source === "string" && w.source.includes("funnelWorker"));

const dir = mkdtempSync(join(tmpdir(), "huashu-funnel-fallback-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOON = Date.UTC(2026, 10, 24, 4); // 12:00 in China
const DAY = Math.floor((NOON + 8 * 3_600_000) / 86_400_000);

function turn(openid: string, reached: string[], outcome: FlowRunUpdate["outcome"]): TurnCommit {
  return {
    dedupKey: `m-${openid}`,
    reply: "success",
    follower: makeFollower(openid, { lastSeenAt: NOON, lastMessageAt: NOON }),
    session: makeSession({ updatedAt: NOON }),
    log: [{ openid, direction: "in", at: NOON, msgType: "text", content: "{}" }],
    outbound: [],
    runs: [
      {
        flowId: "f",
        startedAt: NOON,
        version: 1,
        started: true,
        reached,
        lastNodeId: reached.at(-1) ?? null,
        outcome,
        expiresAt: NOON + 3_600_000,
      },
    ],
    now: NOON,
  };
}

it("reads the report on the main thread when its thread dies, says why, and starts a new thread next time", async () => {
  const store = await openSqliteStore(join(dir, "huashu.db"), { writerThread: true });
  try {
    await store.commitTurn(turn("fan-a", ["hello", "ask"], "open"));
    await store.commitTurn(turn("fan-b", ["hello", "ask", "done"], "completed"));
    const query: FunnelQuery = { flowId: "f", fromDay: DAY, toDay: DAY, now: NOON + 60_000 };

    const first = await store.funnelReport(query);
    expect(first.runs).toBe(2);
    expect(first.nodes.ask?.reached).toBe(2);
    expect(first.nodes.done?.completed).toBe(1);
    expect(funnelThreads()).toHaveLength(1);

    // The thread dies between two reports, as a crash would end it.
    await funnelThreads()[0]!.terminate();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      expect(await store.funnelReport(query)).toEqual(first);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([
        "Huashu store: the funnel thread stopped (exit code 1); the funnel report is read on the main thread",
      ]);

      // The next report is read on a thread again: a fresh one, with nothing more to say.
      expect(await store.funnelReport(query)).toEqual(first);
      expect(funnelThreads()).toHaveLength(2);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toHaveLength(1);
    } finally {
      process.off("warning", onWarning);
    }
  } finally {
    await store.close();
  }
});
