import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Flow } from "../../shared/schema";
import type { AppDeps } from "../app";
import { openSqliteStore, sqliteDatabaseOf } from "../store/sqliteStore";
import { StoreFullError } from "../store/storeErrors";
import type { FollowerRecord, Store } from "../store/types";
import { createWechatApiClient } from "../wechat/apiClient";
import { type FakeWechatApi, startFakeWechatApi } from "../wechat/fakeWechatApi";
import { newFollowerRecord } from "./followerRecord";
import { createOutboundDispatcher, type OutboundDeps } from "./outbound";
import { counterFlow, remindFlow, slowFlow, threeFlow } from "./testFlows";
import { startTestServer, type TestServer, tempDbPath } from "./testServer";
import { silentLogger } from "./types";

const HOUR = 60 * 60 * 1000;
const SEND = "/cgi-bin/message/custom/send";
/** Writes on the writer thread, as in production: a restart test's sends cross it. */
const AS_THE_SERVER_OPENS_IT = { writerThread: true };

let db: ReturnType<typeof tempDbPath>;
let fake: FakeWechatApi;
let store: Store | undefined;
let server: TestServer | undefined;

beforeEach(async () => {
  db = tempDbPath();
  fake = await startFakeWechatApi();
});
afterEach(async () => {
  await server?.close();
  await store?.close();
  server = undefined;
  store = undefined;
  await fake.close();
  db.cleanup();
});

function apiFor(f: FakeWechatApi) {
  return createWechatApiClient({ appId: f.appId, appSecret: f.appSecret, apiBase: f.url });
}

function outboundRows(s: Store) {
  return sqliteDatabaseOf(s)!
    .prepare("SELECT id, status, attempts, last_error AS lastError FROM outbound ORDER BY id")
    .all() as Array<{ id: number; status: string; attempts: number; lastError: string | null }>;
}

async function followerWrote(
  s: Store,
  openid: string,
  at: number,
  patch: Partial<FollowerRecord> = {},
) {
  await s.saveFollower({ ...newFollowerRecord(openid, at), lastMessageAt: at, ...patch });
}

const text = (openid: string, content: string) =>
  JSON.stringify({ touser: openid, msgtype: "text", text: { content } });

/** Queues texts for one follower, all due at `now`. */
function queueTexts(s: Store, openid: string, contents: string[], now: number) {
  return s.enqueueOutbound(
    contents.map((c) => ({ openid, payload: text(openid, c), notBefore: now })),
    now,
  );
}

/** A dispatcher that sends to the fake WeChat API, on the test's clock. */
function dispatcherFor(s: Store, now: () => number, options: Partial<OutboundDeps> = {}) {
  return createOutboundDispatcher({
    store: s,
    api: apiFor(fake),
    now,
    logger: silentLogger,
    ...options,
  });
}

/** A follower who wrote an hour before `now`, and the 5 texts their message allows, sent at `now`. */
async function sendFive(
  s: Store,
  openid: string,
  now: number,
  patch: Partial<FollowerRecord> = {},
) {
  await followerWrote(s, openid, now - HOUR, patch);
  fake.recordFollowerMessage(openid, now - HOUR);
  await queueTexts(
    s,
    openid,
    [1, 2, 3, 4, 5].map((i) => `m${i}`),
    now,
  );
  await dispatcherFor(s, () => now).drain();
}

/** A running server whose customer-service messages go to the fake WeChat API. */
function serverWithApi(flows: Flow[], deps: Partial<AppDeps> = {}) {
  return startTestServer({
    dbPath: db.path,
    flows,
    env: {
      WECHAT_APP_ID: fake.appId,
      WECHAT_APP_SECRET: fake.appSecret,
      WECHAT_API_BASE: fake.url,
    },
    deps: { api: apiFor(fake), ...deps },
  });
}

describe("customer-service messages through the fake WeChat API", () => {
  it("delivers the two extra messages of a three-message turn, in order", async () => {
    server = await serverWithApi([counterFlow, threeFlow]);
    fake.recordFollowerMessage("o-three");
    const reply = await server.wechat.text("o-three", "three");
    expect(reply.content).toBe("one");
    await server.huashu.runtime.outbound.drain();
    expect(fake.delivered("o-three").map((m) => (m.text as { content: string }).content)).toEqual([
      "two",
      "three",
    ]);
  });

  it("answers a quick next message only after the previous turn's messages went out", async () => {
    server = await serverWithApi([counterFlow, threeFlow]);
    fake.recordFollowerMessage("o-quick");
    // WeChat is slow to take "two": the follower writes again before it has arrived.
    fake.delayNext(SEND, 400);
    expect((await server.wechat.text("o-quick", "three")).content).toBe("one");
    const reply = await server.wechat.text("o-quick", "again");
    // By the time this reply leaves, "two" and "three" have gone: WeChat shows them first.
    const rows = outboundRows(server.store);
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(reply.content).toBe("1:");
    expect(fake.delivered("o-quick").map((m) => (m.text as { content: string }).content)).toEqual([
      "two",
      "three",
    ]);
  });

  it("does not hold a reply behind a message that waits for a retry", async () => {
    server = await serverWithApi([counterFlow, threeFlow], {
      retryDelaysMs: [60_000],
      // Longer than the test may take: a reply held for the retry would never come in time.
      deadlineMs: 120_000,
    });
    fake.recordFollowerMessage("o-retry");
    fake.failNext(SEND, -1);
    expect((await server.wechat.text("o-retry", "three")).content).toBe("one");
    await server.huashu.runtime.outbound.drain();
    // "two" waits a minute for its retry (and "three" behind it): the next reply goes now.
    const reply = await server.wechat.text("o-retry", "again");
    expect(reply.content).toBe("1:");
    expect(outboundRows(server.store).map((r) => [r.status, r.attempts])).toEqual([
      ["pending", 1],
      ["pending", 0],
    ]);
  });

  it("does not hold the replies of later turns behind their messages queued after a retry", async () => {
    server = await serverWithApi([counterFlow, threeFlow], {
      retryDelaysMs: [60_000],
      // Longer than the test may take: a reply held for the retry would never come in time.
      deadlineMs: 120_000,
    });
    fake.recordFollowerMessage("o-held");
    fake.failNext(SEND, -1);
    expect((await server.wechat.text("o-held", "three")).content).toBe("one");
    await server.huashu.runtime.outbound.drain();
    // A second three-message turn: its "two" and "three" queue behind the first "two"'s retry.
    expect((await server.wechat.text("o-held", "three")).content).toBe("one");
    await server.huashu.runtime.outbound.drain();
    // The next reply does not wait for them: they go out a minute from now at the earliest.
    expect((await server.wechat.text("o-held", "again")).content).toBe("1:");
    expect(outboundRows(server.store).map((r) => [r.status, r.attempts])).toEqual([
      ["pending", 1],
      ["pending", 0],
      ["pending", 0],
      ["pending", 0],
    ]);
  });

  it("answers the first message after a restart only after the messages queued before it went out", async () => {
    // Before the restart: a turn queued two messages and a reminder for five minutes later;
    // the server stopped before sending them, and the reminder came due meanwhile.
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const before = Date.now() - 10 * 60_000;
    await followerWrote(store, "o-restart", before);
    await store.enqueueOutbound(
      [
        { openid: "o-restart", payload: text("o-restart", "two"), notBefore: before },
        { openid: "o-restart", payload: text("o-restart", "three"), notBefore: before },
        {
          openid: "o-restart",
          payload: text("o-restart", "five minutes later"),
          notBefore: before + 5 * 60_000,
        },
      ],
      before,
    );
    await store.close();
    store = undefined;

    fake.recordFollowerMessage("o-restart", before);
    // WeChat is slow to take "two": the follower writes again before it has arrived.
    fake.delayNext(SEND, 400);
    server = await serverWithApi([counterFlow, threeFlow], {
      // Longer than the test may take: a reply waiting for a message never counted off would fail it.
      deadlineMs: 120_000,
    });
    const reply = await server.wechat.text("o-restart", "again");
    // By the time this reply left, all three had been sent: WeChat shows them first.
    expect(outboundRows(server.store).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    expect(reply.content).toBe("1:");
    expect(fake.delivered("o-restart").map((m) => (m.text as { content: string }).content)).toEqual(
      ["two", "three", "five minutes later"],
    );
  });

  it("after a restart, holds no reply behind a message waiting for a retry or one not due yet", async () => {
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const now = Date.now();
    await followerWrote(store, "o-waits", now - 60_000);
    await queueTexts(store, "o-waits", ["two", "three"], now - 1_000);
    await store.enqueueOutbound(
      [{ openid: "o-waits", payload: text("o-waits", "an hour later"), notBefore: now + HOUR }],
      now - 1_000,
    );
    // "two" failed before the restart and waits a minute for its retry, "three" behind it.
    const [two] = await store.dueOutbound(now, 10);
    await store.markOutbound(two!.id, {
      status: "pending",
      attempts: 1,
      lastError: "errcode -1: system busy",
      notBefore: now + 60_000,
    });
    await store.close();
    store = undefined;

    fake.recordFollowerMessage("o-waits", now - 60_000);
    server = await serverWithApi([counterFlow, threeFlow], {
      retryDelaysMs: [60_000],
      // Longer than the test may take: a reply held for the retry would never come in time.
      deadlineMs: 120_000,
    });
    expect((await server.wechat.text("o-waits", "again")).content).toBe("1:");
    expect(outboundRows(server.store).map((r) => [r.status, r.attempts])).toEqual([
      ["pending", 1],
      ["pending", 0],
      ["pending", 0],
    ]);
    expect(fake.delivered("o-waits")).toEqual([]);
    // A turn after the restart queues its "two" and "three" behind the retry too: the reply to
    // the next message does not wait for them either.
    expect((await server.wechat.text("o-waits", "three")).content).toBe("one");
    await server.huashu.runtime.outbound.drain();
    expect((await server.wechat.text("o-waits", "again")).content).toBe("1:");
    expect(outboundRows(server.store).filter((r) => r.status === "pending")).toHaveLength(5);
  });

  it("shows the follower typing while an http node's request is slow, not while it is quick", async () => {
    let delayMs = 600;
    const priceApi = createServer((_req, res) => {
      setTimeout(() => res.end(JSON.stringify({ price: "99" })), delayMs);
    });
    await new Promise<void>((r) => priceApi.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(priceApi.address() as AddressInfo).port}/price`;
      server = await serverWithApi([counterFlow, slowFlow(url)], { typingAfterMs: 200 });
      const typingCalls = () =>
        fake.received().filter((c) => c.path === "/cgi-bin/message/custom/typing");
      fake.recordFollowerMessage("o-typing");
      expect((await server.wechat.text("o-typing", "slow")).content).toBe("checking the price");
      expect(typingCalls()).toEqual([
        expect.objectContaining({ body: { touser: "o-typing", command: "Typing" }, errcode: 0 }),
      ]);
      fake.clearReceived();
      delayMs = 0;
      expect((await server.wechat.text("o-typing", "slow")).content).toBe("checking the price");
      expect(typingCalls()).toEqual([]);

      // WeChat refuses the indicator (the follower unfollowed meanwhile): the turn is unaffected.
      delayMs = 600;
      fake.unfollow("o-typing");
      expect((await server.wechat.text("o-typing", "slow")).content).toBe("checking the price");
      expect(typingCalls()).toEqual([expect.objectContaining({ errcode: 43004 })]);
    } finally {
      priceApi.closeAllConnections();
      await new Promise((r) => priceApi.close(r));
    }
  });

  it("sends a later turn's messages at once while an earlier delayed message waits its hour", async () => {
    let now = Date.now();
    server = await serverWithApi([counterFlow, threeFlow, remindFlow], { now: () => now });
    const contents = () =>
      fake.delivered("o-remind").map((m) => (m.text as { content: string }).content);
    fake.recordFollowerMessage("o-remind");
    expect((await server.wechat.text("o-remind", "remind")).content).toBe("noted");
    now += 60_000;
    fake.advance(60_000);
    fake.recordFollowerMessage("o-remind");
    expect((await server.wechat.text("o-remind", "three")).content).toBe("one");
    await server.huashu.runtime.outbound.drain();
    expect(contents()).toEqual(["two", "three"]);

    now += 3_600_000;
    fake.advance(3_600_000);
    await server.huashu.runtime.outbound.drain();
    expect(contents()).toEqual(["two", "three", "an hour later"]);
  });

  it("delivers what is due when the server shuts down, and leaves the rest queued", async () => {
    // No poll before the shutdown: only the shutdown can deliver.
    server = await serverWithApi([counterFlow], { outboundPollMs: 3_600_000 });
    const now = Date.now();
    await followerWrote(server.store, "o-bye", now);
    fake.recordFollowerMessage("o-bye");
    await server.store.enqueueOutbound(
      [
        { openid: "o-bye", payload: text("o-bye", "due"), notBefore: now },
        { openid: "o-bye", payload: text("o-bye", "tomorrow"), notBefore: now + 24 * HOUR },
      ],
      now,
    );
    const dbPath = db.path;
    await server.close();
    server = undefined;
    expect(fake.delivered("o-bye").map((m) => (m.text as { content: string }).content)).toEqual([
      "due",
    ]);
    store = await openSqliteStore(dbPath);
    expect(outboundRows(store).map((r) => r.status)).toEqual(["sent", "pending"]);
  });

  it("does not call the API outside the 48-hour window, and says why", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "o-old", now - 49 * HOUR);
    await queueTexts(store, "o-old", ["late"], now);
    const dispatcher = dispatcherFor(store, () => now);
    await dispatcher.drain();
    expect(fake.received().filter((c) => c.path === SEND)).toHaveLength(0);
    expect(outboundRows(store)).toEqual([
      expect.objectContaining({
        status: "failed",
        lastError: expect.stringMatching(/outside the 48-hour window/),
      }),
    ]);
  });

  it("never sends a simulator sandbox follower's messages to WeChat", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "sandbox-abc", now);
    await followerWrote(store, "o-real", now);
    await store.enqueueOutbound(
      [
        { openid: "sandbox-abc", payload: text("sandbox-abc", "preview"), notBefore: now },
        { openid: "o-real", payload: text("o-real", "hello"), notBefore: now },
      ],
      now,
    );
    const dispatcher = dispatcherFor(store, () => now);
    await dispatcher.drain();
    const sent = fake.received().filter((c) => c.path === SEND);
    expect(sent.map((c) => (c.body as { touser: string }).touser)).toEqual(["o-real"]);
    expect(outboundRows(store)[0]).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/sandbox follower/),
    });
  });

  it("sends at most 5 within the window and marks the sixth failed with the quota reason", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "o-many", now - HOUR);
    fake.recordFollowerMessage("o-many", now - HOUR);
    await queueTexts(
      store,
      "o-many",
      [1, 2, 3, 4, 5, 6].map((i) => `m${i}`),
      now,
    );
    const dispatcher = dispatcherFor(store, () => now);
    await dispatcher.drain();
    expect(fake.delivered("o-many")).toHaveLength(5);
    const rows = outboundRows(store);
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent", "sent", "failed"]);
    expect(rows[5]!.lastError).toMatch(/quota/);
  });

  it("still counts the 5 sent before a restart: the sixth is refused here, never sent to WeChat", async () => {
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const now = Date.now();
    await sendFive(store, "o-restart", now);
    expect(fake.delivered("o-restart")).toHaveLength(5);
    await store.close();

    // The server restarts an hour later, still within the 48 hours of the follower's message.
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const later = now + HOUR;
    fake.advance(HOUR);
    await queueTexts(store, "o-restart", ["m6"], later);
    await dispatcherFor(store, () => later).drain();
    const rows = outboundRows(store);
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent", "sent", "failed"]);
    expect(rows[5]!.lastError).toMatch(/^customer-service quota used up: 5 messages/);
    // Our own pre-check refused it: WeChat was never asked (it would have answered 45047).
    expect(fake.received().filter((c) => c.path === SEND)).toHaveLength(5);
  });

  it("still tells a click's 3 from a message's 5 after a restart", async () => {
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const now = Date.now();
    fake.recordFollowerEvent("o-both", now);
    // The click's 3 and 2 of the message's 5.
    await sendFive(store, "o-both", now, { lastEventAt: now });
    await store.close();

    // Restarted two minutes later: the click's minute is over, and the message's 5 has 3 left
    // (counting the click's 3 against it would leave none, counting all 5 as the click's would
    // leave 5, and WeChat would refuse the last).
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const later = now + 120_000;
    fake.advance(120_000);
    await queueTexts(
      store,
      "o-both",
      [6, 7, 8, 9].map((i) => `m${i}`),
      later,
    );
    await dispatcherFor(store, () => later).drain();
    const rows = outboundRows(store);
    expect(rows.map((r) => r.status)).toEqual([...Array(8).fill("sent"), "failed"]);
    expect(rows[8]!.lastError).toMatch(/^customer-service quota used up: 5 messages/);
    expect(fake.received().filter((c) => c.path === SEND && c.errcode !== 0)).toEqual([]);
    expect(fake.delivered("o-both")).toHaveLength(8);
  });

  it("still counts a click's 3 after a restart within its minute: the fourth is refused here", async () => {
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const now = Date.now();
    // Followed just now and has not written: 3 messages within the minute, then nothing.
    await store.saveFollower({ ...newFollowerRecord("o-follow", now), lastEventAt: now });
    fake.recordFollowerEvent("o-follow", now);
    await queueTexts(store, "o-follow", ["w1", "w2", "w3"], now);
    await dispatcherFor(store, () => now).drain();
    expect(fake.delivered("o-follow")).toHaveLength(3);
    await store.close();

    // Restarted 20 seconds later.
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const later = now + 20_000;
    fake.advance(20_000);
    await queueTexts(store, "o-follow", ["w4"], later);
    await dispatcherFor(store, () => later).drain();
    const rows = outboundRows(store);
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent", "failed"]);
    expect(rows[3]!.lastError).toMatch(
      /^customer-service quota used up: 3 messages within 1 minute/,
    );
    expect(fake.received().filter((c) => c.path === SEND)).toHaveLength(3);
  });

  it("after a restart counts only the sends since the follower's last message, not the window before", async () => {
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const now = Date.now();
    // Five for a message three hours ago; then the follower wrote again an hour ago and got two.
    await sendFive(store, "o-again", now - 2 * HOUR);
    const wrote = now - HOUR;
    await followerWrote(store, "o-again", wrote);
    fake.recordFollowerMessage("o-again", wrote);
    await queueTexts(store, "o-again", ["n1", "n2"], wrote);
    await dispatcherFor(store, () => wrote).drain();
    expect(fake.delivered("o-again")).toHaveLength(7);
    await store.close();

    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    await queueTexts(store, "o-again", ["n3", "n4", "n5", "n6"], now);
    await dispatcherFor(store, () => now).drain();
    const rows = outboundRows(store);
    expect(rows.map((r) => r.status)).toEqual([...Array(10).fill("sent"), "failed"]);
    expect(rows[10]!.lastError).toMatch(/^customer-service quota used up: 5 messages/);
    // WeChat, which counts the same way, took every one it was asked to.
    expect(fake.received().filter((c) => c.path === SEND && c.errcode !== 0)).toEqual([]);
  });

  it("after a restart still counts the 5 in the last minute of the 48 hours, then says the window closed", async () => {
    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const now = Date.now();
    // The follower wrote an hour before `now`: the window closes 47 hours after it.
    await sendFive(store, "o-edge", now);
    await store.close();

    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const lastMinute = now + 47 * HOUR - 60_000;
    await queueTexts(store, "o-edge", ["m6"], lastMinute);
    await dispatcherFor(store, () => lastMinute).drain();
    expect(outboundRows(store)[5]!.lastError).toMatch(
      /^customer-service quota used up: 5 messages/,
    );
    await store.close();

    store = await openSqliteStore(db.path, AS_THE_SERVER_OPENS_IT);
    const closed = now + 47 * HOUR;
    await queueTexts(store, "o-edge", ["m7"], closed);
    await dispatcherFor(store, () => closed).drain();
    expect(outboundRows(store)[6]!.lastError).toMatch(/^outside the 48-hour window/);
    expect(fake.received().filter((c) => c.path === SEND)).toHaveLength(5);
  });

  it("sends nothing until it has read what was spent before the start, and then counts it", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await sendFive(store, "o-wait", now);

    const errors: string[] = [];
    let unreadable = true;
    const real = store;
    const flaky: Store = {
      ...real,
      sendsInOpenWindows: (openedAfter) =>
        unreadable
          ? Promise.reject(new Error("disk I/O error"))
          : real.sendsInOpenWindows(openedAfter),
    };
    await queueTexts(store, "o-wait", ["m6"], now);
    const restarted = dispatcherFor(flaky, () => now, {
      logger: { ...silentLogger, error: (m) => errors.push(m) },
    });
    await restarted.drain();
    expect(outboundRows(store).at(-1)).toMatchObject({ status: "pending", attempts: 0 });
    expect(errors[0]).toMatch(
      /could not read which customer-service messages sent before the start/,
    );

    unreadable = false;
    await restarted.drain();
    expect(outboundRows(store).at(-1)).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/quota used up/),
    });
    expect(fake.received().filter((c) => c.path === SEND)).toHaveLength(5);
  });

  it("when it cannot count what was queued before the start, says so and holds no reply for it", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "o-uncounted", now - HOUR);
    fake.recordFollowerMessage("o-uncounted", now - HOUR);
    await queueTexts(store, "o-uncounted", ["two", "three"], now - 1_000);
    const errors: string[] = [];
    const real = store;
    const flaky: Store = {
      ...real,
      dueFirstAttempts: () => Promise.reject(new Error("disk I/O error")),
    };
    const restarted = dispatcherFor(flaky, () => now, {
      logger: { ...silentLogger, error: (m) => errors.push(m) },
    });
    restarted.start();
    try {
      await restarted.drain();
      expect(errors).toEqual([
        expect.stringMatching(/could not count the customer-service messages queued before/),
      ]);
      // Sent all the same; a reply of the follower's waits for nothing uncounted.
      expect(
        fake.delivered("o-uncounted").map((m) => (m.text as { content: string }).content),
      ).toEqual(["two", "three"]);
      expect(restarted.settled("o-uncounted")).toBeUndefined();
    } finally {
      await restarted.stop();
    }
  });

  it("counts a menu click's 3 messages apart from the 5 of the follower's earlier message", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    // Wrote an hour ago (5 messages within 48 h), clicked a menu just now (3 within a minute).
    await followerWrote(store, "o-both", now - HOUR, { lastEventAt: now });
    fake.recordFollowerMessage("o-both", now - HOUR);
    fake.recordFollowerEvent("o-both", now);
    await queueTexts(
      store,
      "o-both",
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `m${i}`),
      now,
    );
    const dispatcher = dispatcherFor(store, () => now);
    await dispatcher.drain();
    expect(fake.delivered("o-both")).toHaveLength(8);
    const rows = outboundRows(store);
    expect(rows.map((r) => r.status)).toEqual([...Array(8).fill("sent"), "failed"]);
    expect(rows[8]!.lastError).toMatch(/quota used up/);
    // Nothing was refused by WeChat: the runtime knew the quota.
    expect(fake.received().filter((c) => c.path === SEND && c.errcode !== 0)).toEqual([]);
  });

  it("retries a transient error with back-off and then delivers", async () => {
    store = await openSqliteStore(db.path);
    let now = Date.now();
    await followerWrote(store, "o-busy", now);
    fake.recordFollowerMessage("o-busy");
    fake.failNext(SEND, -1);
    await queueTexts(store, "o-busy", ["hello"], now);
    const dispatcher = dispatcherFor(store, () => now, { retryDelaysMs: [30_000] });
    await dispatcher.drain();
    expect(outboundRows(store)[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: expect.stringMatching(/-1/),
    });
    expect(fake.delivered("o-busy")).toHaveLength(0);
    now += 30_000;
    await dispatcher.drain();
    expect(outboundRows(store)[0]).toMatchObject({ status: "sent", attempts: 2 });
    expect(fake.delivered("o-busy")).toEqual([
      { touser: "o-busy", msgtype: "text", text: { content: "hello" } },
    ]);
  });

  it("never sends again a message that went out but could not be marked sent, and marks it later", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "o-unmarked", now);
    fake.recordFollowerMessage("o-unmarked");
    await queueTexts(store, "o-unmarked", ["first", "second"], now);
    let full = true;
    const real = store;
    const flaky: Store = {
      ...real,
      markOutbound: (id, update) =>
        full
          ? Promise.reject(new StoreFullError(db.path, `outbound message ${id}`))
          : real.markOutbound(id, update),
    };
    const logged: string[] = [];
    const record = (m: string) => void logged.push(m);
    const dispatcher = dispatcherFor(flaky, () => now, {
      logger: { info: record, warn: record, error: record },
    });
    // The disk is full: the first goes out, its mark fails, and later looks at the queue send
    // nothing (before, each sent it again until the quota was spent on copies).
    for (let look = 0; look < 3; look++) await dispatcher.drain();
    const contents = () =>
      fake.delivered("o-unmarked").map((m) => (m.text as { content: string }).content);
    expect(contents()).toEqual(["first"]);
    expect(outboundRows(store).map((r) => r.status)).toEqual(["pending", "pending"]);
    expect(logged).toEqual([
      expect.stringMatching(
        /message 1 to o-unmarked went out, but it could not be marked sent \(.*is full/,
      ),
    ]);

    full = false;
    await dispatcher.drain();
    expect(contents()).toEqual(["first", "second"]);
    expect(outboundRows(store)).toMatchObject([
      { status: "sent", attempts: 1 },
      { status: "sent", attempts: 1 },
    ]);
    // Both count against the quota, once each.
    expect(await store.recentSends(0)).toHaveLength(2);
    expect(logged[1]).toMatch(
      /the 1 customer-service message\(s\) .* are marked now, each sent once/,
    );
    expect(logged).toHaveLength(2);
  });

  it("writing on its own thread, never sends twice when SQLite rolls back a whole batch of marks", async () => {
    // No writer thread: the store writes here. On SQLITE_FULL, SQLite may roll back the whole
    // transaction, not just the statement; a trigger that raises ROLLBACK does the same, on cue.
    store = await openSqliteStore(db.path);
    const sqlite = sqliteDatabaseOf(store)!;
    const now = Date.now();
    for (const openid of ["o-a", "o-b"]) {
      await followerWrote(store, openid, now);
      fake.recordFollowerMessage(openid);
      await queueTexts(store, openid, [`to ${openid}`], now);
    }
    const refuse = (raise: string, when = "1") =>
      sqlite.exec(`DROP TRIGGER IF EXISTS refuse_mark;
        CREATE TRIGGER refuse_mark BEFORE UPDATE OF status ON outbound WHEN ${when}
        BEGIN SELECT RAISE(${raise}, 'refused (test)'); END;`);
    refuse("ABORT");
    const dispatcher = dispatcherFor(store, () => now);
    await dispatcher.drain();
    expect(fake.delivered("o-a")).toHaveLength(1);
    expect(fake.delivered("o-b")).toHaveLength(1);
    // Both marks are written again in one look: o-a's holds, o-b's takes the transaction with it.
    const [a, b] = outboundRows(store);
    refuse("ROLLBACK", `NEW.id = ${b!.id}`);
    await dispatcher.drain();
    sqlite.exec("DROP TRIGGER refuse_mark");
    await dispatcher.drain();
    expect(fake.delivered("o-a")).toHaveLength(1);
    expect(fake.delivered("o-b")).toHaveLength(1);
    expect(outboundRows(store)).toMatchObject([
      { id: a!.id, status: "sent" },
      { id: b!.id, status: "sent" },
    ]);
  });

  it("says at a stop which messages went out unmarked, which the next start sends again", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "o-stop-unmarked", now);
    fake.recordFollowerMessage("o-stop-unmarked");
    await queueTexts(store, "o-stop-unmarked", ["first"], now);
    const real = store;
    const flaky: Store = {
      ...real,
      markOutbound: (id) => Promise.reject(new StoreFullError(db.path, `outbound message ${id}`)),
    };
    const warnings: string[] = [];
    const dispatcher = dispatcherFor(flaky, () => now, {
      logger: { ...silentLogger, warn: (m) => warnings.push(m) },
    });
    await dispatcher.drain();
    await dispatcher.stop();
    expect(warnings[1]).toBe(
      "outbound: 1 customer-service message(s) went out but could not be marked sent before the stop (ids 1); the next start sends them a second time",
    );
  });

  it("keeps a follower's later message behind one waiting for a retry", async () => {
    store = await openSqliteStore(db.path);
    let now = Date.now();
    await followerWrote(store, "o-order", now);
    fake.recordFollowerMessage("o-order");
    fake.failNext(SEND, "http500");
    await queueTexts(store, "o-order", ["first", "second"], now);
    const dispatcher = dispatcherFor(store, () => now, { retryDelaysMs: [5_000] });
    await dispatcher.drain();
    expect(fake.delivered("o-order")).toHaveLength(0);
    now += 5_000;
    await dispatcher.drain();
    expect(fake.delivered("o-order").map((m) => (m.text as { content: string }).content)).toEqual([
      "first",
      "second",
    ]);
  });

  it("marks a permanent error failed with WeChat's meaning (48001: unverified account)", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "o-perm", now);
    fake.recordFollowerMessage("o-perm");
    fake.failNext(SEND, 48001);
    await queueTexts(store, "o-perm", ["x"], now);
    const dispatcher = dispatcherFor(store, () => now);
    await dispatcher.drain();
    expect(outboundRows(store)[0]).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/48001.*unverified/),
    });
  });

  it("stops a delivery in progress after its current batch, leaving the rest queued", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "o-stop", now);
    fake.recordFollowerMessage("o-stop");
    await queueTexts(store, "o-stop", ["first", "second"], now);
    const dispatcher = dispatcherFor(store, () => now);
    // As at shutdown once its few seconds are over: stop while a drain is running.
    const delivering = dispatcher.drain();
    await dispatcher.stop();
    await delivering;
    const sent = fake.delivered("o-stop").map((m) => (m.text as { content: string }).content);
    expect(sent).not.toContain("second");
    expect(outboundRows(store)[1]).toMatchObject({ status: "pending" });
  });

  it("marks messages failed when no WeChat API is configured", async () => {
    store = await openSqliteStore(db.path);
    const now = Date.now();
    await followerWrote(store, "o-none", now);
    await queueTexts(store, "o-none", ["x"], now);
    const warnings: string[] = [];
    const dispatcher = createOutboundDispatcher({
      store,
      now: () => now,
      logger: { ...silentLogger, warn: (m) => warnings.push(m) },
    });
    await dispatcher.drain();
    expect(outboundRows(store)[0]).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/WeChat API not configured/),
    });
    expect(warnings).toHaveLength(1);
  });
});
