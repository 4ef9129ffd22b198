import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textXml } from "./fakeWechatClient";
import { buildFlow, counterFlow, slowFlow, versionedFlow } from "./testFlows";
import { startTestServer, type TestServer, tempDbPath } from "./testServer";

let db: ReturnType<typeof tempDbPath>;
let server: TestServer | undefined;

beforeEach(() => {
  db = tempDbPath();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  db.cleanup();
});

describe("conversation state in SQLite", () => {
  it("continues where the follower was after a restart", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    await server.wechat.text("o-restart", "a");
    expect((await server.wechat.text("o-restart", "b")).content).toBe("2:b");
    await server.close();
    server = await startTestServer({ dbPath: db.path });
    expect((await server.wechat.text("o-restart", "c")).content).toBe("3:c");
  });

  it("keeps a follower mid-conversation on their version; a new follower gets the new one", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow, versionedFlow("v1")] });
    expect((await server.wechat.text("o-old", "ver")).content).toBe("v1 question");
    expect(await server.publish(versionedFlow("v2"))).toBe(2);
    expect((await server.wechat.text("o-new", "ver")).content).toBe("v2 question");
    expect((await server.wechat.text("o-old", "yes")).content).toBe("v1 answer yes");
    // Their next conversation starts on the latest version.
    expect((await server.wechat.text("o-old", "ver")).content).toBe("v2 question");
    const log = await server.store.listMessages("o-old", 100);
    const answer = log.find((m) => m.direction === "out" && m.content.includes("v1 answer"));
    expect(answer).toMatchObject({
      flowId: "ver",
      flowVersion: 1,
      nodeId: "a",
      channel: "passive",
    });
  });
});

describe("the 5-second deadline", () => {
  let slow: Server;
  let slowUrl: string;
  let slowAnswered: boolean;
  beforeEach(async () => {
    slowAnswered = false;
    // An API that takes 1.5 s, far longer than the test's 300 ms deadline.
    slow = createServer((_req, res) => {
      setTimeout(() => {
        slowAnswered = true;
        res.end(JSON.stringify({ price: "99" }));
      }, 1500);
    });
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/price`;
  });
  afterEach(async () => {
    slow.closeAllConnections();
    await new Promise((r) => slow.close(r));
  });

  it("answers with what was said before a slow http node, then sends the rest by customer-service API", async () => {
    const sent: unknown[] = [];
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow, slowFlow(slowUrl)],
      deps: {
        deadlineMs: 300,
        api: { sendCustomMessage: async (m) => void sent.push(m) },
      },
    });
    const reply = await server.wechat.text("o-slow", "slow");
    expect(reply.content).toBe("checking the price");
    // The passive reply did not wait for the slow API (WeChat would have given up).
    expect(slowAnswered).toBe(false);
    await server.huashu.runtime.conversation.idle();
    await server.huashu.runtime.outbound.drain();
    expect(sent).toEqual([{ touser: "o-slow", msgtype: "text", text: { content: "price 99" } }]);
    const out = (await server.store.listMessages("o-slow", 100)).filter(
      (m) => m.direction === "out",
    );
    expect(out.map((m) => m.channel)).toEqual(["passive", "custom"]);
  });

  it("gives a retry during the slow turn the same answer, and advances the flow once", async () => {
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow, slowFlow(slowUrl)],
      deps: { deadlineMs: 300, api: { sendCustomMessage: async () => undefined } },
    });
    const signed = server.wechat.sign(textXml("o-retry", "slow", "777"));
    const first = await fetch(signed.url, { method: "POST", body: signed.body }).then((r) =>
      r.text(),
    );
    const retry = await fetch(signed.url, { method: "POST", body: signed.body }).then((r) =>
      r.text(),
    );
    expect(slowAnswered).toBe(false);
    expect(retry).toBe(first);
    expect(first).toContain("checking the price");
    await server.huashu.runtime.conversation.idle();
    const incoming = (await server.store.listMessages("o-retry", 100)).filter(
      (m) => m.direction === "in",
    );
    expect(incoming).toHaveLength(1);
  });
});

describe("a flow that loops through http nodes", () => {
  it("stops after 20 requests in one message and ends the conversation, so the follower is not ignored", async () => {
    let requests = 0;
    const api = createServer((_req, res) => {
      requests += 1;
      res.end("{}");
    });
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/status`;
    // Polls an order status with no question in between: the validator warns (LOOP_MAY_NOT_END).
    const poll = buildFlow("poll", {
      triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "poll", global: true }],
      nodes: [
        { id: "status", kind: "http", method: "GET", url, timeoutMs: 1000, responseMappings: [] },
      ],
      edges: [
        ["status", "success", "status"],
        ["status", "failure", "status"],
      ],
    });
    try {
      server = await startTestServer({ dbPath: db.path, flows: [counterFlow, poll] });
      expect((await server.wechat.text("o-poll", "poll")).xml).toBe("success");
      expect(requests).toBe(20);
      expect(await server.store.getSession("o-poll")).toMatchObject({
        flowId: "poll",
        status: "error",
        pending: null,
        error: { code: "LOOP" },
      });
      // Not left waiting for a request that was never made: the next message is answered.
      expect((await server.wechat.text("o-poll", "hello")).content).toBe("1:");
      expect(requests).toBe(20);
    } finally {
      api.closeAllConnections();
      await new Promise((r) => api.close(r));
    }
  });
});
