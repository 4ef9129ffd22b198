// WeChat sees a reply only for a stored step: the turn commits first, then the answer goes out.
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore, sqliteWriterThreadOf } from "../store/sqliteStore";
import { DuplicateTurnError, StoreFullError } from "../store/storeErrors";
import type { Store, TurnCommit } from "../store/types";
import { createConversation } from "./conversation";
import { createFlowCatalogCache } from "./flowCatalog";
import { createOutboundDispatcher } from "./outbound";
import { counterFlow, threeFlow } from "./testFlows";
import { tempDbPath } from "./testServer";
import type { InboundTurn, Logger } from "./types";
import { silentLogger } from "./types";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function textTurn(openid: string, msgId: string, text: string): InboundTurn {
  return {
    openid,
    account: "gh_test",
    dedupKey: `msg:${msgId}`,
    msgType: "text",
    input: { type: "text", text },
    content: JSON.stringify({ Content: text }),
  };
}

async function setup(
  commitTurn: (turn: TurnCommit) => Promise<void>,
  deadlineMs = 4000,
  logger: Logger = silentLogger,
) {
  store = await openSqliteStore(":memory:");
  await store.publishFlow(counterFlow, 1_000);
  const s = store;
  return createConversation({
    store: s,
    catalog: createFlowCatalogCache(s, { now: () => 2_000 }),
    now: () => 2_000,
    logger,
    deadlineMs,
    commitTurn,
  });
}

describe("commit before reply", () => {
  it("holds the reply until the turn is stored, then answers from it", async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((r) => {
      openGate = r;
    });
    const conversation = await setup(async (turn) => {
      await gate;
      await store!.commitTurn(turn);
    });
    let answered = false;
    const reply = conversation.handle(textTurn("o-1", "1", "hi")).then((body) => {
      answered = true;
      return body;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    expect(await store!.processedReply("msg:1")).toBeUndefined();

    openGate();
    const body = await reply;
    expect(body).toContain("1:");
    expect(await store!.processedReply("msg:1")).toBe(body);
  });

  it("answers `success` and stores nothing when the commit fails", async () => {
    const conversation = await setup(async () => {
      throw new Error("disk full");
    });
    expect(await conversation.handle(textTurn("o-2", "2", "hi"))).toBe("success");
    expect(await store!.processedReply("msg:2")).toBeUndefined();
    expect(await store!.getSession("o-2")).toBeUndefined();
  });

  it("logs no error per message while the database is full: the store says it once", async () => {
    const logged: string[] = [];
    const record = (m: string) => void logged.push(m);
    const conversation = await setup(
      async (turn) => {
        throw new StoreFullError("/data/huashu.db", `the turn ${turn.dedupKey}`);
      },
      4000,
      { info: record, warn: record, error: record },
    );
    expect(await conversation.handle(textTurn("o-7", "7", "hi"))).toBe("success");
    expect(await conversation.handle(textTurn("o-7", "8", "hi"))).toBe("success");
    expect(await store!.getSession("o-7")).toBeUndefined();
    expect(logged).toEqual([]);
  });

  it("answers with the stored reply when the message turns out to be stored already", async () => {
    // As when a writer thread committed the turn and died before it said so: the write done again
    // on the main thread fails as a duplicate.
    const conversation = await setup(async (turn) => {
      await store!.commitTurn({ ...turn, reply: "<xml>stored earlier</xml>" });
      throw new DuplicateTurnError(turn.dedupKey);
    });
    expect(await conversation.handle(textTurn("o-5", "5", "hi"))).toBe("<xml>stored earlier</xml>");
    await store!.close();
    // A duplicate with nothing stored (it cannot be read back) still answers `success`.
    const lost = await setup(async (turn) => {
      throw new DuplicateTurnError(turn.dedupKey);
    });
    expect(await lost.handle(textTurn("o-6", "6", "hi"))).toBe("success");
  });

  it("still answers by the deadline when the commit is slow, with the decided reply", async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((r) => {
      openGate = r;
    });
    const conversation = await setup(async (turn) => {
      await gate;
      await store!.commitTurn(turn);
    }, 100);
    const body = await conversation.handle(textTurn("o-3", "3", "hi"));
    expect(body).toContain("1:");
    openGate();
    await conversation.idle();
    expect(await store!.processedReply("msg:3")).toBe(body);
  });
});

describe("when the store's writer thread dies", () => {
  it("writes the turn it was handed on this thread instead, and answers it", async () => {
    const db = tempDbPath();
    try {
      store = await openSqliteStore(db.path, { writerThread: true });
      const s = store;
      await s.publishFlow(counterFlow, 1_000);
      const thread = sqliteWriterThreadOf(s)!;
      let dying: Promise<void> | undefined;
      const conversation = createConversation({
        store: s,
        catalog: createFlowCatalogCache(s, { now: () => 2_000 }),
        now: () => 2_000,
        logger: silentLogger,
        commitTurn: (turn) => {
          const committing = s.commitTurn(turn);
          // The thread crashes with the turn's write in its hands.
          if (!dying) dying = thread.terminate();
          return committing;
        },
      });
      const body = await conversation.handle(textTurn("o-4", "4", "a"));
      await dying;
      expect(thread.alive).toBe(false);
      expect(body).toContain("1:");
      expect(await s.processedReply("msg:4")).toBe(body);
      // The follower goes on from the stored step.
      expect(await conversation.handle(textTurn("o-4", "5", "b"))).toContain("2:b");
    } finally {
      await store?.close();
      store = undefined;
      db.cleanup();
    }
  });
});

describe("reply order when a commit fails", () => {
  it("takes back the messages it counted, so the follower's next reply waits for nothing", async () => {
    store = await openSqliteStore(":memory:");
    await store.publishFlow(counterFlow, 1_000);
    await store.publishFlow(threeFlow, 1_000);
    const s = store;
    // No API: queued messages are marked failed when the dispatcher runs, which it never does here.
    const dispatcher = createOutboundDispatcher({
      store: s,
      now: () => 2_000,
      logger: silentLogger,
    });
    let failNext = true;
    const conversation = createConversation({
      store: s,
      catalog: createFlowCatalogCache(s, { now: () => 2_000 }),
      now: () => 2_000,
      logger: silentLogger,
      // Longer than the test may run: a reply held for the uncommitted messages would never come.
      deadlineMs: 120_000,
      outboundOrder: dispatcher,
      commitTurn: async (turn) => {
        if (failNext) {
          failNext = false;
          throw new Error("disk I/O error");
        }
        await s.commitTurn(turn);
      },
    });
    // "three" queues two customer-service messages; its commit fails, so none exists.
    expect(await conversation.handle(textTurn("o-fail", "1", "three"))).toBe("success");
    expect(dispatcher.settled("o-fail")).toBeUndefined();
    expect(await conversation.handle(textTurn("o-fail", "2", "three"))).toContain("one");
    await dispatcher.stop();
  });

  it("lets a waiting reply go when the dispatcher stops", async () => {
    store = await openSqliteStore(":memory:");
    const dispatcher = createOutboundDispatcher({
      store,
      now: () => 2_000,
      logger: silentLogger,
    });
    dispatcher.expect("o-stop", 2);
    const waiting = dispatcher.settled("o-stop");
    expect(waiting).toBeInstanceOf(Promise);
    await dispatcher.stop();
    await expect(waiting).resolves.toBeUndefined();
    expect(dispatcher.settled("o-stop")).toBeUndefined();
  });
});
