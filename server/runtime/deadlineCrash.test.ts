// A turn answered at the 5-second deadline is finished after a crash, not lost: the follower saw
// its first message, so the step must still happen, and what they saw must not come again.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/sqliteStore";
import type { TurnCommit } from "../store/types";
import { startFakeWechatApi } from "../wechat/fakeWechatApi";
import { createConversation } from "./conversation";
import { createFakeWechat, textXml } from "./fakeWechatClient";
import { createFlowCatalogCache } from "./flowCatalog";
import { buildFlow, counterFlow, slowFlow } from "./testFlows";
import { startTestServer, TEST_TOKEN, type TestServer, tempDbPath } from "./testServer";
import { silentLogger } from "./types";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The price API: while `hold` is set it keeps every request open (a lookup that outlives the
 * process that made it); otherwise it answers at once with the price.
 */
async function priceApi(price: string) {
  let hold = true;
  const held: ServerResponse[] = [];
  let requests = 0;
  const keys: Array<string | undefined> = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    keys.push(req.headers["idempotency-key"] as string | undefined);
    if (hold) held.push(res);
    else res.end(JSON.stringify({ price }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const api = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/price`,
    get requests() {
      return requests;
    },
    /** Each request's Idempotency-Key header, in order. */
    keys,
    /** Answers the requests from now on; those held stay unanswered (their process is gone). */
    answerNew() {
      hold = false;
    },
    /** Answers the held requests too (the lookup did come back, just late). */
    release() {
      hold = false;
      for (const res of held.splice(0)) res.end(JSON.stringify({ price }));
    },
  };
  cleanups.push(() => {
    for (const res of held.splice(0)) res.destroy();
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return api;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a turn answered at the deadline, then a crash", () => {
  let db: ReturnType<typeof tempDbPath>;
  beforeEach(() => {
    db = tempDbPath();
    cleanups.push(() => db.cleanup());
  });

  /**
   * A server whose process "dies" once `crash` is called: its dispatcher stops, and it is closed
   * only after the test, when its held lookup is answered at last and its turn finds itself stored.
   */
  async function crashingServer(
    price: { url: string; release(): void },
    sent: unknown[],
  ): Promise<TestServer & { crash(): Promise<void> }> {
    const server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow, slowFlow(price.url)],
      deps: { deadlineMs: 300, api: { sendCustomMessage: async (m) => void sent.push(m) } },
    });
    cleanups.push(() => {
      price.release();
      return server.close();
    });
    return Object.assign(server, { crash: () => server.huashu.runtime.outbound.stop() });
  }

  /** The next process on the same file: started, its finished turns' messages handed to `sent`. */
  async function nextStart(): Promise<{ after: TestServer; sent: unknown[] }> {
    const sent: unknown[] = [];
    const after = await startTestServer({
      dbPath: db.path,
      deps: { deadlineMs: 300, api: { sendCustomMessage: async (m) => void sent.push(m) } },
    });
    cleanups.push(() => after.close());
    await after.huashu.runtime.conversation.idle();
    await after.huashu.runtime.outbound.drain();
    return { after, sent };
  }

  it("is finished at the next start, without the message WeChat already showed", async () => {
    const price = await priceApi("42");
    const sentBefore: unknown[] = [];
    const before = await crashingServer(price, sentBefore);
    const message = textXml("o-crash", "slow", "5001");
    const reply = await before.wechat.post(message);
    expect(reply.content).toBe("checking the price");
    // Recorded before WeChat got the early reply.
    expect((await before.store.pendingTurns()).map((p) => p.openid)).toEqual(["o-crash"]);

    // The next process on the same file, while the first one's lookup never came back.
    await before.crash();
    price.answerNew();
    const { after, sent } = await nextStart();

    expect(sent).toEqual([{ touser: "o-crash", msgtype: "text", text: { content: "price 42" } }]);
    expect(sentBefore).toEqual([]);
    // The lookup was made again, and its server can tell it is the same one.
    expect(price.keys).toHaveLength(2);
    expect(price.keys[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(price.keys[1]).toBe(price.keys[0]);
    expect(await after.store.pendingTurns()).toEqual([]);
    const log = await after.store.listMessages("o-crash", 10);
    expect(log.map((m) => [m.direction, m.channel ?? null, m.content])).toEqual([
      ["in", null, expect.stringContaining("slow")],
      ["out", "passive", JSON.stringify({ type: "text", text: "checking the price" })],
      ["out", "custom", JSON.stringify({ type: "text", text: "price 42" })],
    ]);
    // The step happened once, with the price the lookup brought, and the flow ended.
    expect(await after.store.getSession("o-crash")).toMatchObject({
      status: "done",
      variables: { price: "42" },
    });
    expect((await after.store.getFollower("o-crash"))?.messagesIn).toBe(1);
    expect((await after.wechat.text("o-crash", "hello")).content).toBe("1:");
    // WeChat's retry of the message (same MsgId) gets the early reply, and changes nothing.
    expect((await after.wechat.post(message)).xml).toBe(reply.xml);
    expect((await after.store.getFollower("o-crash"))?.messagesIn).toBe(2);
    expect(await after.store.listMessages("o-crash", 10)).toHaveLength(5);
  });

  it("repeats the A/B draw of the first step, so the rest matches the variant the follower saw", async () => {
    const price = await priceApi("1");
    const text = (t: string) => ({ type: "text", text: t });
    const lookup = (id: string) => ({
      id,
      kind: "http",
      method: "GET",
      url: price.url,
      timeoutMs: 5000,
      responseMappings: [],
    });
    const abSlow = buildFlow("abslow", {
      triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "ab", global: true }],
      nodes: [
        {
          id: "split",
          kind: "ab",
          branches: [
            { id: "A", weight: 50 },
            { id: "B", weight: 50 },
          ],
        },
        { id: "sayA", kind: "message", messages: [text("variant A")] },
        { id: "sayB", kind: "message", messages: [text("variant B")] },
        lookup("getA"),
        lookup("getB"),
        { id: "doneA", kind: "message", messages: [text("A done")] },
        { id: "doneB", kind: "message", messages: [text("B done")] },
      ],
      edges: [
        ["split", "A", "sayA"],
        ["split", "B", "sayB"],
        ["sayA", "next", "getA"],
        ["sayB", "next", "getB"],
        ["getA", "success", "doneA"],
        ["getA", "failure", "doneA"],
        ["getB", "success", "doneB"],
        ["getB", "failure", "doneB"],
      ],
    });
    const before = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow, abSlow],
      deps: { deadlineMs: 300, api: { sendCustomMessage: async () => undefined } },
    });
    cleanups.push(() => {
      price.release();
      return before.close();
    });
    // Were the draw made afresh, all sixteen would match by chance once in 65,536 runs.
    const followers = Array.from({ length: 16 }, (_, i) => `o-ab-${i}`);
    const seen = new Map(
      await Promise.all(
        followers.map(
          async (openid) =>
            [openid, (await before.wechat.text(openid, "ab")).content ?? ""] as const,
        ),
      ),
    );
    await before.huashu.runtime.outbound.stop();
    price.answerNew();

    const { sent } = await nextStart();
    const rest = new Map(
      sent.map((m) => {
        const message = m as { touser: string; text: { content: string } };
        return [message.touser, message.text.content];
      }),
    );
    for (const openid of followers) {
      expect(`${seen.get(openid)} → ${rest.get(openid)}`).toMatch(
        /^variant A → A done$|^variant B → B done$/,
      );
    }
    // Both variants occurred (all sixteen drew the same one 1 time in 32,768).
    expect(new Set(seen.values()).size).toBe(2);
  });

  it("finishes the follower's later messages after it, in order, all through the API", async () => {
    const price = await priceApi("7");
    const before = await crashingServer(price, []);
    expect((await before.wechat.text("o-two", "slow")).content).toBe("checking the price");
    // The next message waits behind the slow turn; at its own deadline WeChat gets "success".
    const second = await before.wechat.text("o-two", "next");
    expect(second.xml).toBe("success");
    expect((await before.store.pendingTurns()).map((p) => p.openid)).toEqual(["o-two", "o-two"]);

    await before.crash();
    price.answerNew();
    const { after, sent } = await nextStart();
    expect(sent.map((m) => (m as { text: { content: string } }).text.content)).toEqual([
      "price 7",
      "1:",
    ]);
    expect(await after.store.pendingTurns()).toEqual([]);
  });

  it("sends nothing twice when the turn was stored before the crash after all", async () => {
    const price = await priceApi("5");
    const sent: unknown[] = [];
    const server = await crashingServer(price, sent);
    expect((await server.wechat.text("o-done", "slow")).content).toBe("checking the price");
    price.release();
    await server.huashu.runtime.conversation.idle();
    await server.huashu.runtime.outbound.drain();
    expect(sent).toHaveLength(1);
    expect(await server.store.pendingTurns()).toEqual([]);

    const { sent: sentAfter } = await nextStart();
    expect(sentAfter).toEqual([]);
    expect(price.requests).toBe(1);
  });
});

describe("a turn answered at the deadline whose commit then fails", () => {
  const slowTurn = {
    openid: "o-fail",
    account: "gh_test",
    dedupKey: "msg:fail-1",
    msgType: "text",
    input: { type: "text" as const, text: "slow" },
    content: JSON.stringify({ Content: "slow" }),
  };

  async function setup(price: { url: string }) {
    const db = tempDbPath();
    cleanups.push(() => db.cleanup());
    const store = await openSqliteStore(db.path);
    cleanups.push(() => store.close());
    await store.publishFlow(slowFlow(price.url), 1_000);
    const conversation = (deadlineMs: number, commitTurn?: (turn: TurnCommit) => Promise<void>) =>
      createConversation({
        store,
        catalog: createFlowCatalogCache(store, { now: Date.now }),
        now: Date.now,
        logger: silentLogger,
        deadlineMs,
        ...(commitTurn ? { commitTurn } : {}),
      });
    const failingCommit = async () => {
      throw new Error("disk I/O error");
    };
    /** The next start finishes it: the session advanced, and only the rest went out. */
    const finishedByNextStart = async () => {
      expect((await store.pendingTurns()).map((p) => p.dedupKey)).toEqual(["msg:fail-1"]);
      expect(await store.getSession("o-fail")).toBeUndefined();
      await conversation(4000).idle();
      expect(await store.pendingTurns()).toEqual([]);
      expect(await store.getSession("o-fail")).toMatchObject({ variables: { price: "3" } });
      const out = (await store.listMessages("o-fail", 10)).filter((m) => m.direction === "out");
      expect(out.map((m) => [m.channel, JSON.parse(m.content).text])).toEqual([
        ["passive", "checking the price"],
        ["custom", "price 3"],
      ]);
    };
    return { store, conversation, failingCommit, finishedByNextStart };
  }

  it("keeps its early answer and is finished by the next start", async () => {
    const price = await priceApi("3");
    const { conversation, failingCommit, finishedByNextStart } = await setup(price);
    const failing = conversation(100, failingCommit);
    expect(await failing.handle(slowTurn)).toContain("checking the price");
    price.release();
    await failing.idle();
    await finishedByNextStart();
  });

  it("keeps its early answer when the commit fails before the record is written", async () => {
    const price = await priceApi("3");
    price.answerNew();
    const { store, conversation, failingCommit, finishedByNextStart } = await setup(price);
    // A slow disk: the record is written after the rest of the turn has failed.
    const record = store.acceptTurn.bind(store);
    store.acceptTurn = async (pending) => {
      await new Promise((r) => setTimeout(r, 300));
      return record(pending);
    };
    const failing = conversation(1, failingCommit);
    expect(await failing.handle(slowTurn)).toContain("checking the price");
    await failing.idle();
    await new Promise((r) => setTimeout(r, 400));
    await finishedByNextStart();
  });
});

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("npm start, killed while a turn waits on a slow http node", () => {
  it("finishes the turn after the restart and sends only what the follower has not seen", async () => {
    const db = tempDbPath();
    cleanups.push(() => db.cleanup());
    const price = await priceApi("88");
    const wechatApi = await startFakeWechatApi({ appId: "wxcrash0000000001", appSecret: "s" });
    cleanups.push(() => wechatApi.close());
    const flowsDir = join(db.path, "..", "flows");
    mkdirSync(flowsDir, { recursive: true });
    writeFileSync(join(flowsDir, "slow.json"), JSON.stringify(slowFlow(price.url)));
    const port = await freePort();
    const env = {
      ...process.env,
      PORT: String(port),
      HUASHU_DB: db.path,
      HUASHU_FLOWS_DIR: flowsDir,
      HUASHU_ADMIN_PASSWORD: "crash-test-password",
      WECHAT_TOKEN: TEST_TOKEN,
      WECHAT_APP_ID: wechatApi.appId,
      WECHAT_APP_SECRET: wechatApi.appSecret,
      WECHAT_API_BASE: wechatApi.url,
    };
    const start = async () => {
      const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        output += d.toString();
      });
      const exited = new Promise((r) => child.once("exit", r));
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGKILL");
          await exited;
        }
      });
      await until("the server to listen", () => output.includes("Huashu listening"), 30_000);
      return { child, exited, output: () => output };
    };

    const wechat = createFakeWechat({ url: `http://127.0.0.1:${port}/wechat`, token: TEST_TOKEN });
    const first = await start();
    wechatApi.recordFollowerMessage("o-killed");
    // The server's own 4-second deadline answers with what was said before the lookup.
    expect((await wechat.text("o-killed", "slow")).content).toBe("checking the price");
    first.child.kill("SIGKILL");
    await first.exited;

    price.answerNew();
    const second = await start();
    await until(
      "the rest of the turn to be sent",
      () => wechatApi.delivered("o-killed").length > 0,
    );
    // Nothing more follows it (a second send would come within the dispatcher's next poll).
    await new Promise((r) => setTimeout(r, 1500));
    expect(wechatApi.delivered("o-killed")).toEqual([
      { touser: "o-killed", msgtype: "text", text: { content: "price 88" } },
    ]);
    expect(second.output()).toContain("finishing them now");
    // The killed process's lookup and the new one's carry the same Idempotency-Key.
    expect(price.keys).toHaveLength(2);
    expect(price.keys[1]).toBe(price.keys[0]);
    second.child.kill("SIGTERM");
    await second.exited;
  }, 60_000);
});
